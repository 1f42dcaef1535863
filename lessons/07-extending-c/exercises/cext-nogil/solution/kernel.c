/*
 * kernel: two slow C functions that let other Python threads run while they work, in a module that uses
 * multi-phase initialisation and keeps its state per module object.
 *
 *     >>> import kernel
 *     >>> kernel.wait(0.2)            # blocks for 0.2 s, like a device read or a database driver
 *     >>> kernel.adler32(b"Wikipedia")  # the Adler-32 checksum of a bytes-like object (as zlib.adler32)
 *     300286872
 *     >>> kernel.calls()              # how often this module object's functions were called
 *     2
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <stdint.h>
#include <time.h>
#ifdef _WIN32
#include <windows.h>
#endif

/* ---- The pure C part: no Python object in sight, so it may run without the GIL. ---------------------- */

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

/* ---- Module state: one per module object, instead of C globals. -------------------------------------- */

typedef struct {
    long long calls; /* read and written only while this thread holds the GIL */
} kernel_state;

static kernel_state *
get_state(PyObject *module)
{
    /* Module-level functions receive their module object as `self`: that is how they find its state. */
    return (kernel_state *)PyModule_GetState(module);
}

/* ---- The Python-facing functions. -------------------------------------------------------------------- */

static PyObject *
kernel_wait(PyObject *module, PyObject *arg)
{
    double seconds = PyFloat_AsDouble(arg);
    if (seconds == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    if (!(seconds >= 0.0 && seconds <= 3600.0)) { /* written this way round, a NaN is refused too */
        PyErr_Format(PyExc_ValueError, "wait() needs 0 to 3600 seconds, got %R", arg);
        return NULL;
    }
    get_state(module)->calls++; /* with the GIL: module state is shared by every thread */

    /* Release the GIL for the slow part. Between these two macros this thread must not touch any Python
     * object or call any Python API: other threads are running Python code meanwhile. `seconds` is a plain
     * C double, so that holds. Py_END_ALLOW_THREADS waits until this thread holds the GIL again. */
    Py_BEGIN_ALLOW_THREADS
    sleep_for(seconds);
    Py_END_ALLOW_THREADS

    Py_RETURN_NONE;
}

static PyObject *
kernel_adler32(PyObject *module, PyObject *args)
{
    Py_buffer view; /* "y*" fills it in and pins the object's memory until PyBuffer_Release */
    uint32_t checksum;

    if (!PyArg_ParseTuple(args, "y*:adler32", &view)) {
        return NULL; /* TypeError: not a bytes-like object (a str, for instance) */
    }
    get_state(module)->calls++;

    /* view.buf and view.len are plain C values, and the exporter (bytes, bytearray, memoryview, numpy array)
     * cannot resize or free that memory while the buffer is held: a bytearray refuses to grow with
     * BufferError. So the checksum can run without the GIL. */
    Py_BEGIN_ALLOW_THREADS
    checksum = adler32_of((const unsigned char *)view.buf, view.len);
    Py_END_ALLOW_THREADS

    PyBuffer_Release(&view); /* with the GIL again: this may run Python code in the exporter */
    return PyLong_FromUnsignedLong((unsigned long)checksum);
}

static PyObject *
kernel_calls(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLongLong(get_state(module)->calls);
}

static PyMethodDef kernel_methods[] = {
    {"wait", kernel_wait, METH_O,
     "wait(seconds, /)\n--\n\nBlock for the given time (0 to 3600 s), letting other threads run meanwhile."},
    {"adler32", kernel_adler32, METH_VARARGS,
     "adler32(data, /)\n--\n\nThe Adler-32 checksum of a bytes-like object, computed without the GIL."},
    {"calls", kernel_calls, METH_NOARGS,
     "calls()\n--\n\nHow many times this module object's wait() and adler32() were called."},
    {NULL, NULL, 0, NULL},
};

/* ---- Multi-phase initialisation (PEP 489). ----------------------------------------------------------- */

/* Phase 2: the import system has created the module object (with m_size zeroed bytes of state) from the
 * definition below, and now asks us to fill it in. Returning -1 with an exception set fails the import. */
static int
kernel_exec(PyObject *module)
{
    get_state(module)->calls = 0;
    return 0;
}

static PyModuleDef_Slot kernel_slots[] = {
    {Py_mod_exec, kernel_exec},
#ifdef Py_mod_multiple_interpreters
    /* 3.12+: no C globals, all state per module, so each sub-interpreter (even one with its own GIL) can
     * load its own copy. */
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef kernel_module = {
    PyModuleDef_HEAD_INIT,
    "kernel",                                                  /* m_name */
    "Slow C functions that release the GIL.",                  /* m_doc */
    sizeof(kernel_state),                                      /* m_size: the state each module object gets */
    kernel_methods,                                            /* m_methods */
    kernel_slots,                                              /* m_slots: makes this multi-phase */
    NULL,                                                      /* m_traverse: the state holds no PyObject */
    NULL,                                                      /* m_clear */
    NULL,                                                      /* m_free */
};

/* Phase 1: return the definition, not a module. The import system creates a new module object from it for
 * every load, so two loads never share state. */
PyMODINIT_FUNC
PyInit_kernel(void)
{
    return PyModuleDef_Init(&kernel_module);
}
