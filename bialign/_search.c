/* The inner loop of bialign.search, compiled: one chunk of band rows, row after row.
 *
 * search.py computes everything that can be done for a whole chunk at once with NumPy
 * (bead costs, where each bead starts); what is left is a recurrence from row to row, which
 * in NumPy costs five calls a row. This does the same arithmetic in the same order, so the
 * values, back-pointers and leaders are bit for bit those of the NumPy loop in search.py,
 * which is used when this extension was not built. tests/test_search.py checks that.
 *
 * No NumPy headers: arrays come in through the buffer protocol.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>

#define INSERT (-1) /* back-pointer of a 0-1 bead taken along the row (search._INSERT) */

/* A C-contiguous buffer of `itemsize`-byte items; `writable` when the loop writes to it. */
static int
take_buffer(PyObject *object, Py_buffer *view, Py_ssize_t itemsize, int writable,
            const char *name)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(object, view, flags) < 0)
        return -1;
    if (view->itemsize != itemsize) {
        PyErr_Format(PyExc_TypeError, "%s: expected items of %zd bytes, got %zd", name,
                     itemsize, view->itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(rows_doc,
"rows(values, gather, costs, along, bounds, firsts, pointers, leftmost, origin, inserts)\n"
"\n"
"Search the rows of one chunk; see bialign.search._Layout.search_chunk.\n"
"\n"
"values: float64, the chunk's buffer of cell values (read for earlier rows, written for\n"
"these); gather, costs: int64 and float64, one row of len(along) cells per bead kind: where\n"
"each kind's bead into the cell starts in values, and its cost less the row's running 0-1\n"
"cost; along: float64, that running cost; bounds: int64, each row's first cell in the chunk,\n"
"then the chunk's end; firsts: int64, where each row's first cell sits in values. Written:\n"
"pointers (int8, the winning kind of each cell, or -1 for a 0-1 bead) and leftmost (int64,\n"
"offset in its row of each row's leftmost cheapest cell). origin: the first row is the\n"
"table's row 0; inserts: 0-1 beads are searched.");

static PyObject *
rows(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[8];
    int origin, inserts;
    if (!PyArg_ParseTuple(args, "OOOOOOOOpp", &objects[0], &objects[1], &objects[2],
                          &objects[3], &objects[4], &objects[5], &objects[6], &objects[7],
                          &origin, &inserts))
        return NULL;
    static const char *names[8] = {"values", "gather", "costs", "along",
                                   "bounds", "firsts", "pointers", "leftmost"};
    static const Py_ssize_t sizes[8] = {8, 8, 8, 8, 8, 8, 1, 8};
    static const int writable[8] = {1, 0, 0, 0, 0, 0, 1, 1};
    Py_buffer views[8];
    int taken = 0;
    for (; taken < 8; taken++)
        if (take_buffer(objects[taken], &views[taken], sizes[taken], writable[taken],
                        names[taken]) < 0)
            goto done;

    double *values = views[0].buf;
    const int64_t *gather = views[1].buf;
    const double *costs = views[2].buf;
    const double *along = views[3].buf;
    const int64_t *bounds = views[4].buf;
    const int64_t *firsts = views[5].buf;
    int8_t *pointers = views[6].buf;
    int64_t *leftmost = views[7].buf;
    Py_ssize_t size = views[0].len / 8, cells = views[3].len / 8;
    Py_ssize_t row_count = views[5].len / 8;
    Py_ssize_t kinds = cells ? views[1].len / 8 / cells : 0;
    if (views[4].len / 8 != row_count + 1 || views[2].len != views[1].len ||
        views[6].len != cells || views[7].len / 8 != row_count ||
        kinds * cells * 8 != views[1].len || (row_count && bounds[row_count] != cells)) {
        PyErr_SetString(PyExc_ValueError, "rows: array sizes do not agree");
        goto done;
    }

    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t r = 0; r < row_count; r++) {
        double running = INFINITY, cheapest = INFINITY;
        int64_t cheapest_at = 0;
        double *best = values + firsts[r] - bounds[r];
        for (int64_t c = bounds[r]; c < bounds[r + 1]; c++) {
            double settled = INFINITY;
            int8_t kind = 0;
            for (Py_ssize_t k = 0; k < kinds; k++) {
                int64_t at = gather[k * cells + c];
                at = at < 0 ? 0 : (at >= size ? size - 1 : at); /* NumPy's take(mode="clip") */
                double arrival = values[at] + costs[k * cells + c];
                if (arrival < settled) { /* the first kind wins a tie, as argmax does */
                    settled = arrival;
                    kind = (int8_t)k;
                }
            }
            double value = (origin && r == 0 && c == 0) ? 0.0 : settled;
            if (inserts) {
                running = value < running ? value : running;
                value = running + along[c];
                if (value - along[c] < settled)
                    kind = INSERT;
            }
            best[c] = value;
            pointers[c] = kind;
            if (value < cheapest) {
                cheapest = value;
                cheapest_at = c - bounds[r];
            }
        }
        leftmost[r] = cheapest_at;
    }
    Py_END_ALLOW_THREADS

done:
    for (int i = 0; i < taken; i++)
        PyBuffer_Release(&views[i]);
    if (PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"rows", rows, METH_VARARGS, rows_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT,
    .m_name = "bialign._search",
    .m_doc = "The row-by-row inner loop of bialign.search, compiled.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__search(void)
{
    return PyModule_Create(&definition);
}
