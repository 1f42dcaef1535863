/*
 * kernel: two slow C functions, and a counter of how often they were called.
 *
 *     >>> import kernel
 *     >>> kernel.wait(0.2)            # blocks for 0.2 s, like a device read or a database driver
 *     >>> kernel.adler32(b"Wikipedia")  # the Adler-32 checksum of a bytes-like object (as zlib.adler32)
 *     300286872
 *     >>> kernel.calls()              # how often this module object's functions were called
 *     2
 *
 * Everything here gives the right answers, but:
 *   - both slow functions hold the GIL while they work, so no other Python thread can run meanwhile;
 *   - the module uses single-phase initialisation and a C global for its counter, so every load of the
 *     module (every sub-interpreter, every importlib reload of the file) shares one counter.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <stdint.h>
#include <time.h>
#ifdef _WIN32
#include <windows.h>
#endif

/* ---- The pure C part: no Python object in sight. ----------------------------------------------------- */

/* Sleeps for `seconds`, resuming after a signal interrupts the sleep. */
static void
sleep_for(double seconds)
{
#ifdef _WIN32
    Sleep((DWORD)(seconds * 1000.0));
#else
    struct timespec request, remaining;
    request.tv_sec = (time_t)seconds;
    request.tv_nsec = (long)((seconds - (double)request.tv_sec) * 1e9);
    while (nanosleep(&request, &remaining) == -1 && errno == EINTR) {
        request = remaining;
    }
#endif
}

/* Adler-32 (RFC 1950), as zlib computes it. */
static uint32_t
adler32_of(const unsigned char *data, Py_ssize_t length)
{
    const uint32_t base = 65521; /* the largest prime below 2**16 */
    uint32_t a = 1, b = 0;
    while (length > 0) {
        /* 5552 bytes is the most that can be summed before b could overflow 32 bits. */
        Py_ssize_t chunk = length < 5552 ? length : 5552;
        length -= chunk;
        while (chunk-- > 0) {
            a += *data++;
            b += a;
        }
        a %= base;
        b %= base;
    }
    return (b << 16) | a;
}

/* ---- State. ------------------------------------------------------------------------------------------ */

/* TODO: a C global is shared by every module object made from this file. Keep the counter in module
 * state instead (m_size, PyModule_GetState). */
static long long calls = 0;

/* ---- The Python-facing functions. -------------------------------------------------------------------- */

static PyObject *
kernel_wait(PyObject *module, PyObject *arg)
{
    double seconds = PyFloat_AsDouble(arg);
    (void)module;
    if (seconds == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    if (!(seconds >= 0.0 && seconds <= 3600.0)) { /* written this way round, a NaN is refused too */
        PyErr_Format(PyExc_ValueError, "wait() needs 0 to 3600 seconds, got %R", arg);
        return NULL;
    }
    calls++;
    /* TODO: other threads could run Python code while this one sleeps. */
    sleep_for(seconds);
    Py_RETURN_NONE;
}

static PyObject *
kernel_adler32(PyObject *module, PyObject *args)
{
    Py_buffer view; /* "y*" fills it in and pins the object's memory until PyBuffer_Release */
    uint32_t checksum;
    (void)module;

    if (!PyArg_ParseTuple(args, "y*:adler32", &view)) {
        return NULL; /* TypeError: not a bytes-like object (a str, for instance) */
    }
    calls++;
    /* TODO: and here too. */
    checksum = adler32_of((const unsigned char *)view.buf, view.len);
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong((unsigned long)checksum);
}

static PyObject *
kernel_calls(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    (void)module;
    return PyLong_FromLongLong(calls);
}

static PyMethodDef kernel_methods[] = {
    {"wait", kernel_wait, METH_O,
     "wait(seconds, /)\n--\n\nBlock for the given time (0 to 3600 s)."},
    {"adler32", kernel_adler32, METH_VARARGS,
     "adler32(data, /)\n--\n\nThe Adler-32 checksum of a bytes-like object."},
    {"calls", kernel_calls, METH_NOARGS,
     "calls()\n--\n\nHow many times this module object's wait() and adler32() were called."},
    {NULL, NULL, 0, NULL},
};

/* ---- Initialisation. --------------------------------------------------------------------------------- */

/* TODO: multi-phase initialisation (PEP 489): an exec slot, a state size, and PyModuleDef_Init. */
static struct PyModuleDef kernel_module = {
    PyModuleDef_HEAD_INIT,
    "kernel",                                                  /* m_name */
    "Slow C functions.",                                       /* m_doc */
    -1,                                                        /* m_size: -1 = state in C globals */
    kernel_methods,                                            /* m_methods */
    NULL,                                                      /* m_slots */
    NULL,                                                      /* m_traverse */
    NULL,                                                      /* m_clear */
    NULL,                                                      /* m_free */
};

PyMODINIT_FUNC
PyInit_kernel(void)
{
    return PyModule_Create(&kernel_module);
}
