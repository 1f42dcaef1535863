/*
 * vector: dot products and scaling of sequences of numbers, written against the CPython C API.
 *
 *     >>> import vector
 *     >>> vector.dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0])
 *     32.0
 *     >>> vector.scale((1, 2, 3), 0.5)
 *     [0.5, 1.0, 1.5]
 *
 * The rules every function here follows:
 *   - a function returns a NEW reference on success, or NULL with an exception set on failure;
 *   - every new reference we receive (PySequence_Fast, PyList_New, PyFloat_FromDouble) is either handed on
 *     (returned, or stolen by PyList_SET_ITEM) or released with Py_DECREF, on the success path AND on every
 *     error path: one `error:` label per function keeps that in one place;
 *   - borrowed references (PyArg_ParseTuple's "O", PySequence_Fast_GET_ITEM) are never DECREF'd.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/*
 * Item i of a sequence made by PySequence_Fast, as a C double. Returns -1.0 with an exception set when the
 * item is not a number. -1.0 is also an ordinary value, so callers test PyErr_Occurred() to tell them apart.
 */
static double
item_as_double(PyObject *fast, Py_ssize_t i)
{
    /* Borrowed reference: the sequence owns the item, so we must not DECREF it. We hold our own reference
     * while converting anyway, because PyFloat_AsDouble may run Python code (a __float__ or __index__
     * method) that could remove the item from the list and free it under our feet. */
    PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
    Py_INCREF(item);
    double value = PyFloat_AsDouble(item);
    Py_DECREF(item);
    return value;
}

/* A sequence whose size changed while we read it (Python code in a __float__ can do that) would make
 * PySequence_Fast_GET_ITEM read past the end: check before every read. */
static int
check_size(PyObject *fast, Py_ssize_t expected)
{
    if (PySequence_Fast_GET_SIZE(fast) != expected) {
        PyErr_SetString(PyExc_RuntimeError, "the sequence changed size during the call");
        return -1;
    }
    return 0;
}

static PyObject *
vector_dot(PyObject *module, PyObject *args)
{
    PyObject *a_arg, *b_arg;       /* borrowed from the argument tuple */
    PyObject *a = NULL, *b = NULL; /* new references, released at the end */
    Py_ssize_t n, i;
    double total = 0.0;
    (void)module;

    /* "OO:dot": exactly two objects; on a wrong count the TypeError names the function "dot()". */
    if (!PyArg_ParseTuple(args, "OO:dot", &a_arg, &b_arg)) {
        return NULL;
    }
    /* A list or tuple comes back as itself (with one more reference); any other iterable is copied into a
     * new list. Either way we own one reference and must DECREF it. Not iterable -> TypeError with our text. */
    a = PySequence_Fast(a_arg, "dot() arguments must be sequences of numbers");
    if (a == NULL) {
        goto error;
    }
    b = PySequence_Fast(b_arg, "dot() arguments must be sequences of numbers");
    if (b == NULL) {
        goto error;
    }
    n = PySequence_Fast_GET_SIZE(a);
    if (PySequence_Fast_GET_SIZE(b) != n) {
        PyErr_Format(PyExc_ValueError, "dot() needs sequences of equal length, got %zd and %zd", n,
                     PySequence_Fast_GET_SIZE(b));
        goto error;
    }
    for (i = 0; i < n; i++) {
        double x, y;
        if (check_size(a, n) < 0 || check_size(b, n) < 0) {
            goto error;
        }
        x = item_as_double(a, i);
        if (x == -1.0 && PyErr_Occurred()) { /* a TypeError from PyFloat_AsDouble: pass it on */
            goto error;
        }
        y = item_as_double(b, i);
        if (y == -1.0 && PyErr_Occurred()) {
            goto error;
        }
        total += x * y;
    }
    Py_DECREF(a);
    Py_DECREF(b);
    return PyFloat_FromDouble(total); /* a new reference (or NULL if out of memory): the caller owns it */

error:
    /* XDECREF: either pointer may still be NULL here. */
    Py_XDECREF(a);
    Py_XDECREF(b);
    return NULL;
}

static PyObject *
vector_scale(PyObject *module, PyObject *args)
{
    PyObject *a_arg;                    /* borrowed */
    PyObject *a = NULL, *result = NULL; /* new references */
    double factor;
    Py_ssize_t n, i;
    (void)module;

    /* "d" converts the factor to a C double, raising TypeError for anything that is not a real number. */
    if (!PyArg_ParseTuple(args, "Od:scale", &a_arg, &factor)) {
        return NULL;
    }
    a = PySequence_Fast(a_arg, "scale() argument 1 must be a sequence of numbers");
    if (a == NULL) {
        goto error;
    }
    n = PySequence_Fast_GET_SIZE(a);
    result = PyList_New(n); /* n empty (NULL) slots, filled below */
    if (result == NULL) {
        goto error;
    }
    for (i = 0; i < n; i++) {
        double x;
        PyObject *item;
        if (check_size(a, n) < 0) {
            goto error;
        }
        x = item_as_double(a, i);
        if (x == -1.0 && PyErr_Occurred()) {
            goto error;
        }
        item = PyFloat_FromDouble(x * factor); /* new reference */
        if (item == NULL) {
            goto error;
        }
        /* SET_ITEM *steals* the reference: the list owns the float now, so no DECREF here. (PyList_Append
         * would INCREF instead, and then forgetting Py_DECREF(item) leaks every float.) */
        PyList_SET_ITEM(result, i, item);
    }
    Py_DECREF(a);
    return result; /* handed to the caller: no DECREF */

error:
    /* Freeing a half-filled list is safe: its NULL slots are skipped. */
    Py_XDECREF(result);
    Py_XDECREF(a);
    return NULL;
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
