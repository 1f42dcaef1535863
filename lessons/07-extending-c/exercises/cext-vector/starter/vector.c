/*
 * vector: dot products and scaling of sequences of numbers, written against the CPython C API.
 *
 *     >>> import vector
 *     >>> vector.dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0])
 *     32.0
 *     >>> vector.scale((1, 2, 3), 0.5)
 *     [0.5, 1.0, 1.5]
 *
 * It compiles and gives the right numbers for good input, but it is not production code yet:
 *   - it leaks references (watch the refcount meter while the checks run),
 *   - it ignores errors, so bad input ends in a SystemError instead of the right exception.
 * Fix it without changing what the functions compute.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
vector_dot(PyObject *module, PyObject *args)
{
    PyObject *a_arg, *b_arg;
    PyObject *a, *b;
    Py_ssize_t n, i;
    double total = 0.0;
    (void)module;

    if (!PyArg_ParseTuple(args, "OO:dot", &a_arg, &b_arg)) {
        return NULL;
    }
    a = PySequence_Fast(a_arg, "dot() arguments must be sequences of numbers");
    if (a == NULL) {
        return NULL;
    }
    b = PySequence_Fast(b_arg, "dot() arguments must be sequences of numbers");
    if (b == NULL) {
        return NULL;
    }
    /* TODO: sequences of different lengths are an error (ValueError), not "use the shorter one". */
    n = PySequence_Fast_GET_SIZE(a);
    if (PySequence_Fast_GET_SIZE(b) < n) {
        n = PySequence_Fast_GET_SIZE(b);
    }
    for (i = 0; i < n; i++) {
        /* TODO: PyFloat_AsDouble returns -1.0 and sets an exception for an item that is not a number. */
        double x = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(a, i));
        double y = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(b, i));
        total += x * y;
    }
    /* TODO: who owns the references that PySequence_Fast returned? */
    return PyFloat_FromDouble(total);
}

static PyObject *
vector_scale(PyObject *module, PyObject *args)
{
    PyObject *a_arg;
    PyObject *a, *result;
    double factor;
    Py_ssize_t n, i;
    (void)module;

    if (!PyArg_ParseTuple(args, "Od:scale", &a_arg, &factor)) {
        return NULL;
    }
    a = PySequence_Fast(a_arg, "scale() argument 1 must be a sequence of numbers");
    if (a == NULL) {
        return NULL;
    }
    n = PySequence_Fast_GET_SIZE(a);
    result = PyList_New(0);
    for (i = 0; i < n; i++) {
        double x = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(a, i));
        PyList_Append(result, PyFloat_FromDouble(x * factor));
    }
    return result;
}

static PyMethodDef vector_methods[] = {
    {"dot", vector_dot, METH_VARARGS,
     "dot(a, b, /)\n--\n\nThe dot product of two equally long sequences of numbers, as a float."},
    {"scale", vector_scale, METH_VARARGS,
     "scale(a, factor, /)\n--\n\nA new list holding every number of the sequence a times factor."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef vector_module = {
    PyModuleDef_HEAD_INIT,
    "vector",                                               /* m_name */
    "dot and scale for sequences of numbers, in C.",        /* m_doc */
    -1,                                                     /* m_size: no per-module state */
    vector_methods,                                         /* m_methods */
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit_vector(void)
{
    return PyModule_Create(&vector_module);
}
