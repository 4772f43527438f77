/* bialign's inner loops, compiled; each has a NumPy twin that is used when this extension was
 * not built, and gives the same numbers bit for bit (tests/test_search.py checks that).
 *
 * rows: the search's recurrence from row to row (bialign.search._rows_numpy). search.py
 * prices the beads of a whole chunk of rows at once with NumPy; what is left is a loop over
 * rows, which in NumPy costs five calls a row. This does the same arithmetic in the same order.
 *
 * dice: how much of their anchor tokens a bead's two sides share, an AND and a popcount over
 * the unions of their sentences' signatures (bialign.scorers.anchors._dice_numpy), without
 * NumPy's temporary arrays; the unions are made as beads are priced, not stored.
 *
 * length_terms: the terms of a bead's length-mismatch probability up to the logarithm
 * (bialign.scorers.length._length_terms_numpy), which in NumPy are some twenty calls, one an
 * operation of Horner's rule. The logarithm stays with NumPy, whose SIMD log may differ from the C
 * library's in the last bit. Built with -ffp-contract=off: a fused multiply-add rounds once
 * where NumPy rounds twice.
 *
 * No NumPy headers: arrays come in through the buffer protocol.
 */
#define PY_SSIZE_T_CLEAN
/* The functions' arguments and results, as a number: bump it here and in bialign/_compiled.py
 * whenever one changes, so that a build of older source left in a checkout is not called with
 * arguments it does not take (bialign then runs the Python twins, and says so). */
#define INTERFACE 13

#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#ifndef _WIN32
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#endif

#define INSERT (-1) /* back-pointer of a 0-1 bead taken along the row (search._INSERT) */

/* Functions inlined even where the compiler would not: each copy of a loop compiled for an
 * instruction set (see dice) must get its own copy of what it calls. */
#if defined(__GNUC__)
#define ALWAYS_INLINE __attribute__((always_inline)) static inline
#elif defined(_MSC_VER)
#define ALWAYS_INLINE static __forceinline
#else
#define ALWAYS_INLINE static inline
#endif
#define MAX_ARRAYS 16

/* The arrays a function takes: their names, item sizes, and whether it writes to them. */
typedef struct {
    int count;
    const char *names[MAX_ARRAYS];
    Py_ssize_t itemsizes[MAX_ARRAYS];
    int writable[MAX_ARRAYS];
} Arrays;

/* The C-contiguous buffers of `objects`, as `arrays` describes them; on failure none is held
 * and an exception is set. Without PyBUF_FORMAT: only the item size is checked, which an
 * exporter gives without it, and NumPy would write out a format string for every array
 * (aligner glue (glue8)). */
static int
take_buffers(const Arrays *arrays, PyObject **objects, Py_buffer *views)
{
    for (int k = 0; k < arrays->count; k++) {
        int flags = PyBUF_C_CONTIGUOUS | (arrays->writable[k] ? PyBUF_WRITABLE : 0);
        if (PyObject_GetBuffer(objects[k], &views[k], flags) < 0) {
            while (k-- > 0)
                PyBuffer_Release(&views[k]);
            return -1;
        }
        if (views[k].itemsize != arrays->itemsizes[k]) {
            PyErr_Format(PyExc_TypeError, "%s: expected items of %zd bytes, got %zd",
                         arrays->names[k], arrays->itemsizes[k], views[k].itemsize);
            do
                PyBuffer_Release(&views[k]);
            while (k-- > 0);
            return -1;
        }
    }
    return 0;
}

/* Release the buffers; None, or NULL when an exception was set on the way. */
static PyObject *
release_buffers(const Arrays *arrays, Py_buffer *views)
{
    for (int k = 0; k < arrays->count; k++)
        PyBuffer_Release(&views[k]);
    if (PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
}

static const Arrays rows_arrays = {
    8,
    {"values", "gather", "costs", "along", "bounds", "firsts", "pointers", "leftmost"},
    {8, 8, 8, 8, 8, 8, 1, 8},
    {1, 0, 0, 0, 0, 0, 1, 1},
};

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
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    int origin, inserts;
    if (!PyArg_ParseTuple(args, "OOOOOOOOpp", &objects[0], &objects[1], &objects[2],
                          &objects[3], &objects[4], &objects[5], &objects[6], &objects[7],
                          &origin, &inserts) ||
        take_buffers(&rows_arrays, objects, views) < 0)
        return NULL;

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
        return release_buffers(&rows_arrays, views);
    }
    /* The cells written: each row's in the chunk's, in order, and its values in the buffer
     * (which then has a cell, so that gather's clip stays in it). */
    for (Py_ssize_t r = 0; r < row_count; r++)
        if (bounds[r] < 0 || bounds[r] > bounds[r + 1] || firsts[r] < 0 ||
            firsts[r] > size - (bounds[r + 1] - bounds[r])) {
            PyErr_Format(PyExc_IndexError, "rows: row %zd lies outside the arrays", r);
            return release_buffers(&rows_arrays, views);
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
    return release_buffers(&rows_arrays, views);
}

/* Bits set in x, by adding them up in ever wider fields. Without -mpopcnt (which not every
 * x86-64 has), GCC's __builtin_popcountll is a call into libgcc, twice as slow as this. */
static inline int64_t
popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (int64_t)((x * 0x0101010101010101ULL) >> 56);
}

/* Whether every index of `view` (int64) is in [0, bound); else an IndexError is set. */
static int
indices_below(const Py_buffer *view, Py_ssize_t bound, const char *name)
{
    const int64_t *index = view->buf;
    for (Py_ssize_t k = 0; k < view->len / 8; k++)
        if (index[k] < 0 || index[k] >= bound) {
            PyErr_Format(PyExc_IndexError, "index %lld of %s out of range",
                         (long long)index[k], name);
            return 0;
        }
    return 1;
}

/* Bits set in x: the popcnt instruction where the processor has it (see dice), else
 * popcount64. Inlined into each caller with `hardware` a constant, so the test is compiled
 * away. */
ALWAYS_INLINE int64_t
bits_of(uint64_t x, int hardware)
{
#if defined(__GNUC__)
    if (hardware)
        return __builtin_popcountll(x);
#endif
    (void)hardware;
    return popcount64(x);
}

/* The unions of one side's sentence signatures over the spans of sentences a call asks for:
 * span s ending at row e is sentences e-s..e-1, empty (all zero) when s is 0 or the span
 * reaches before the first sentence (AnchorScorer's rule). Where the call's spans are dense
 * (a chunk of the search: a few rows, every span length) they are made once into `table`,
 * for ends first..first+count-1 and lengths 1..longest, with their bit counts; else each
 * bead's union is made when it is priced. */
typedef struct {
    const uint64_t *signatures;
    Py_ssize_t words;
    int64_t first, count, longest;
    uint64_t *table; /* NULL: no table */
    int64_t *sizes;
} Spans;

/* Union of sentences end-span..end-1 into `out`; its bit count. */
ALWAYS_INLINE int64_t
span_union(const Spans *spans, int64_t end, int64_t span, uint64_t *out, int hardware)
{
    Py_ssize_t words = spans->words;
    for (Py_ssize_t w = 0; w < words; w++)
        out[w] = 0;
    if (span == 0 || end < span)
        return 0;
    for (int64_t row = end - span; row < end; row++)
        for (Py_ssize_t w = 0; w < words; w++)
            out[w] |= spans->signatures[row * words + w];
    int64_t size = 0;
    for (Py_ssize_t w = 0; w < words; w++)
        size += bits_of(out[w], hardware);
    return size;
}

/* The union of a bead side's span and its bit count: from the table, or made in `scratch`. */
ALWAYS_INLINE const uint64_t *
span_of(const Spans *spans, int64_t end, int64_t span, uint64_t *scratch, int64_t *size,
        int hardware)
{
    if (spans->table != NULL && span > 0) {
        Py_ssize_t at = (span - 1) * spans->count + (end - spans->first);
        *size = spans->sizes[at];
        return spans->table + at * spans->words;
    }
    *size = span_union(spans, end, span, scratch, hardware);
    return scratch;
}

/* Fill the table of `spans` (allocated by the caller) incrementally: each length adds one
 * sentence to the union of the length before. */
ALWAYS_INLINE void
span_table(Spans *spans, int hardware)
{
    Py_ssize_t words = spans->words;
    for (int64_t s = 1; s <= spans->longest; s++)
        for (int64_t e = 0; e < spans->count; e++) {
            int64_t end = spans->first + e;
            Py_ssize_t at = (s - 1) * spans->count + e;
            uint64_t *out = spans->table + at * words;
            if (end < s) {
                for (Py_ssize_t w = 0; w < words; w++)
                    out[w] = 0;
                spans->sizes[at] = 0;
                continue;
            }
            const uint64_t *shorter = s > 1 ? out - spans->count * words : NULL;
            const uint64_t *added = spans->signatures + (end - s) * words;
            int64_t size = 0;
            for (Py_ssize_t w = 0; w < words; w++) {
                out[w] = shorter != NULL ? shorter[w] | added[w] : added[w];
                size += bits_of(out[w], hardware);
            }
            spans->sizes[at] = size;
        }
}

typedef struct {
    Spans ar, en;
    const int64_t *a, *i, *b, *j;
    Py_ssize_t kinds, cells;
    uint64_t *scratch; /* 2 * words */
    double *out;
} DiceCall;

/* The Dice of every bead of the call, its spans' signatures `words` words long: inlined with
 * a constant for bialign's signatures (8 words, 512 bits), so the loop over words unrolls. */
ALWAYS_INLINE void
dice_beads(DiceCall *call, Py_ssize_t words, int hardware)
{
    for (Py_ssize_t k = 0; k < call->kinds; k++)
        for (Py_ssize_t c = 0; c < call->cells; c++) {
            int64_t x_size, y_size;
            const uint64_t *x = span_of(&call->ar, call->i[c], call->a[k], call->scratch,
                                        &x_size, hardware);
            const uint64_t *y = span_of(&call->en, call->j[c], call->b[k],
                                        call->scratch + words, &y_size, hardware);
            int64_t shared = 0;
            for (Py_ssize_t w = 0; w < words; w++)
                shared += bits_of(x[w] & y[w], hardware);
            int64_t total = x_size + y_size;
            /* As NumPy's 2.0 * shared / np.maximum(total, 1), operation for operation. */
            call->out[k * call->cells + c] = 2.0 * (double)shared / (double)(total > 1 ? total : 1);
        }
}

ALWAYS_INLINE void
dice_loop(DiceCall *call, int hardware)
{
    if (call->ar.table != NULL)
        span_table(&call->ar, hardware);
    if (call->en.table != NULL)
        span_table(&call->en, hardware);
    if (call->ar.words == 8)
        dice_beads(call, 8, hardware);
    else
        dice_beads(call, call->ar.words, hardware);
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
/* Not every x86-64 has popcnt: one copy is compiled for those that do, and chosen at run
 * time. Counting bits is most of a bead's Dice. */
__attribute__((target("popcnt"))) static void
dice_popcnt(DiceCall *call)
{
    dice_loop(call, 1);
}

static void
dice_plain(DiceCall *call)
{
    dice_loop(call, 0);
}

/* `portable`: the copy any processor runs, whatever this one has (tests compare the two). */
static void
dice_run(DiceCall *call, int portable)
{
    if (!portable && __builtin_cpu_supports("popcnt"))
        dice_popcnt(call);
    else
        dice_plain(call);
}
#else
static void
dice_run(DiceCall *call, int portable)
{
#if defined(__GNUC__)
    if (!portable) {
        dice_loop(call, 1);
        return;
    }
#endif
    (void)portable;
    dice_loop(call, 0);
}
#endif

/* Plan the table of one side's spans for the ends `ends` and lengths `lengths`: made when it
 * holds no more spans than the call prices beads; 0, or -1 with MemoryError set. */
static int
plan_spans(Spans *spans, const Py_buffer *signatures, const Py_buffer *ends,
           const Py_buffer *lengths, Py_ssize_t beads)
{
    const int64_t *end = ends->buf, *length = lengths->buf;
    Py_ssize_t count = ends->len / 8, kinds = lengths->len / 8;
    spans->signatures = signatures->buf;
    spans->words = signatures->shape[1];
    spans->table = NULL;
    spans->sizes = NULL;
    spans->first = spans->count = spans->longest = 0;
    if (count == 0 || kinds == 0)
        return 0;
    int64_t low = end[0], high = end[0], longest = 0;
    for (Py_ssize_t c = 1; c < count; c++) {
        low = end[c] < low ? end[c] : low;
        high = end[c] > high ? end[c] : high;
    }
    for (Py_ssize_t k = 0; k < kinds; k++)
        longest = length[k] > longest ? length[k] : longest;
    /* Divided, not multiplied: a span length near 2**63 (a caller's, not bialign's) must not
     * wrap the table's size round to a small one. */
    if (longest == 0 || longest > beads || high - low + 1 > beads / longest)
        return 0;
    spans->first = low;
    spans->count = high - low + 1;
    spans->longest = longest;
    Py_ssize_t entries = spans->count * longest;
    spans->table = PyMem_RawMalloc(entries * spans->words * 8 + 1);
    spans->sizes = PyMem_RawMalloc(entries * 8 + 1);
    if (spans->table == NULL || spans->sizes == NULL) {
        PyMem_RawFree(spans->table);
        PyMem_RawFree(spans->sizes);
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static const Arrays dice_arrays = {
    7,
    {"ar", "en", "a", "i", "b", "j", "out"},
    {8, 8, 8, 8, 8, 8, 8},
    {0, 0, 0, 0, 0, 0, 1},
};

PyDoc_STRVAR(dice_doc,
"dice(ar, en, a, i, b, j, out[, portable])\n"
"\n"
"out[k, c] = Dice coefficient of the bits of the spans ar[i[c]-a[k]:i[c]] and\n"
"en[j[c]-b[k]:j[c]], each the union of its sentences' signatures (empty when its length is\n"
"0 or it reaches before the first sentence): 2 * shared / max(bits of both, 1).\n"
"\n"
"ar, en: uint64, signatures of shape (sentences, words); a, b: int64, one span length per\n"
"bead kind; i, j: int64, one bead end per cell; out: float64, written, len(a) * len(i).\n"
"portable: count bits without the popcnt instruction even where the processor has it (the\n"
"same numbers; for tests).");

static PyObject *
dice(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    int portable = 0;
    if (!PyArg_ParseTuple(args, "OOOOOOO|p", &objects[0], &objects[1], &objects[2], &objects[3],
                          &objects[4], &objects[5], &objects[6], &portable) ||
        take_buffers(&dice_arrays, objects, views) < 0)
        return NULL;

    if (views[0].ndim != 2 || views[1].ndim != 2 || views[0].shape[1] != views[1].shape[1]) {
        PyErr_SetString(PyExc_ValueError, "dice: signatures of shape (sentences, words)");
        return release_buffers(&dice_arrays, views);
    }
    Py_ssize_t kinds = views[2].len / 8, cells = views[3].len / 8, words = views[0].shape[1];
    if (views[4].len != views[2].len || views[5].len != views[3].len ||
        views[6].len / 8 != kinds * cells) {
        PyErr_SetString(PyExc_ValueError, "dice: array sizes do not agree");
        return release_buffers(&dice_arrays, views);
    }
    /* Bead ends run from 0 to the sentence count (a table with a row 0). */
    if (!indices_below(&views[2], PY_SSIZE_T_MAX, "a") ||
        !indices_below(&views[3], views[0].shape[0] + 1, "i") ||
        !indices_below(&views[4], PY_SSIZE_T_MAX, "b") ||
        !indices_below(&views[5], views[1].shape[0] + 1, "j"))
        return release_buffers(&dice_arrays, views);

    DiceCall call = {
        .a = views[2].buf, .i = views[3].buf, .b = views[4].buf, .j = views[5].buf,
        .kinds = kinds, .cells = cells, .out = views[6].buf,
    };
    call.scratch = PyMem_RawMalloc(2 * words * 8 + 1);
    if (call.scratch == NULL) {
        PyErr_NoMemory();
        return release_buffers(&dice_arrays, views);
    }
    if (plan_spans(&call.ar, &views[0], &views[3], &views[2], kinds * cells) == 0) {
        if (plan_spans(&call.en, &views[1], &views[5], &views[4], kinds * cells) == 0) {
            Py_BEGIN_ALLOW_THREADS
            dice_run(&call, portable);
            Py_END_ALLOW_THREADS
            PyMem_RawFree(call.en.table);
            PyMem_RawFree(call.en.sizes);
        }
        PyMem_RawFree(call.ar.table);
        PyMem_RawFree(call.ar.sizes);
    }
    PyMem_RawFree(call.scratch);
    return release_buffers(&dice_arrays, views);
}

typedef struct {
    const double *ar_prefix, *en_prefix;
    const int64_t *a, *i, *b, *j;
    double ratio, variance;
    const double *coefficients;
    Py_ssize_t order, kinds, cells;
    double *t, *zz, *poly;
    /* Each bead's lengths, where the caller has them (then i and j are not read): or NULL. */
    const double *ar_len, *en_len;
} TermsCall;

/* The two sides' lengths of bead (k, c): given, or from the prefix sums, spans cut at 0. */
ALWAYS_INLINE void
bead_lengths(const TermsCall *call, Py_ssize_t k, Py_ssize_t c, double *ar_len, double *en_len,
             int given)
{
    if (given) {
        *ar_len = call->ar_len[k * call->cells + c];
        *en_len = call->en_len[k * call->cells + c];
        return;
    }
    int64_t i = call->i[c], j = call->j[c];
    int64_t i0 = i - call->a[k] > 0 ? i - call->a[k] : 0;
    int64_t j0 = j - call->b[k] > 0 ? j - call->b[k] : 0;
    *ar_len = call->ar_prefix[i] - call->ar_prefix[i0];
    *en_len = call->en_prefix[j] - call->en_prefix[j0];
}

/* The terms of bead (k, c), one at a time. */
ALWAYS_INLINE void
terms_one(const TermsCall *call, Py_ssize_t k, Py_ssize_t c, int given)
{
    /* As LengthScorer.delta and _erfc_terms, operation for operation. */
    double ar_len, en_len;
    bead_lengths(call, k, c, &ar_len, &en_len, given);
    double expected = ar_len * call->ratio;
    double spread = sqrt(call->variance * (expected + en_len) / 2 + 1.0);
    double z = fabs((en_len - expected) / spread) / sqrt(2.0);
    double t = 1.0 / (1.0 + 0.5 * z);
    double poly = 0.0;
    for (Py_ssize_t d = call->order - 1; d >= 0; d--) {
        poly = poly * t;
        poly = poly + call->coefficients[d];
    }
    Py_ssize_t at = k * call->cells + c;
    call->t[at] = t;
    call->zz[at] = z * z;
    call->poly[at] = poly;
}

/* `given`: the lengths are the call's (ar_len, en_len), a constant where inlined. */
ALWAYS_INLINE void
terms_plain(const TermsCall *call, int given)
{
    for (Py_ssize_t k = 0; k < call->kinds; k++)
        for (Py_ssize_t c = 0; c < call->cells; c++)
            terms_one(call, k, c, given);
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>

/* terms_plain four beads at a time, where the processor has AVX2: the same operations in the
 * same order, each correctly rounded as in scalar code (and no fused multiply-add), so the
 * same bits. Horner's rule is a chain of twenty dependent operations a bead; four chains at
 * once keep the processor busy. */
__attribute__((target("avx2"), always_inline)) static inline void
terms_avx2(const TermsCall *call, int given)
{
    const __m256d ratio = _mm256_set1_pd(call->ratio), variance = _mm256_set1_pd(call->variance);
    const __m256d two = _mm256_set1_pd(2.0), one = _mm256_set1_pd(1.0);
    const __m256d half = _mm256_set1_pd(0.5), root_two = _mm256_set1_pd(sqrt(2.0));
    const __m256d sign = _mm256_set1_pd(-0.0);
    for (Py_ssize_t k = 0; k < call->kinds; k++) {
        Py_ssize_t c = 0;
        for (; c + 4 <= call->cells; c += 4) {
            double ar[4], en[4];
            for (int l = 0; l < 4; l++)
                bead_lengths(call, k, c + l, &ar[l], &en[l], given);
            __m256d ar_len = _mm256_loadu_pd(ar), en_len = _mm256_loadu_pd(en);
            __m256d expected = _mm256_mul_pd(ar_len, ratio);
            __m256d spread = _mm256_sqrt_pd(_mm256_add_pd(
                _mm256_div_pd(_mm256_mul_pd(variance, _mm256_add_pd(expected, en_len)), two),
                one));
            __m256d delta = _mm256_div_pd(_mm256_sub_pd(en_len, expected), spread);
            __m256d z = _mm256_div_pd(_mm256_andnot_pd(sign, delta), root_two);
            __m256d t = _mm256_div_pd(one, _mm256_add_pd(one, _mm256_mul_pd(half, z)));
            __m256d poly = _mm256_setzero_pd();
            for (Py_ssize_t d = call->order - 1; d >= 0; d--)
                poly = _mm256_add_pd(_mm256_mul_pd(poly, t),
                                     _mm256_set1_pd(call->coefficients[d]));
            Py_ssize_t at = k * call->cells + c;
            _mm256_storeu_pd(call->t + at, t);
            _mm256_storeu_pd(call->zz + at, _mm256_mul_pd(z, z));
            _mm256_storeu_pd(call->poly + at, poly);
        }
        for (; c < call->cells; c++)
            terms_one(call, k, c, given);
    }
}

/* terms_avx2 and terms_plain with the lengths from the prefix sums or given. */
__attribute__((target("avx2"))) static void
terms_avx2_summed(const TermsCall *call)
{
    terms_avx2(call, 0);
}

__attribute__((target("avx2"))) static void
terms_avx2_given(const TermsCall *call)
{
    terms_avx2(call, 1);
}

/* `portable`: the loop any processor runs, whatever this one has (tests compare the two). */
static void
terms_run(const TermsCall *call, int portable)
{
    if (!portable && __builtin_cpu_supports("avx2")) {
        if (call->ar_len != NULL)
            terms_avx2_given(call);
        else
            terms_avx2_summed(call);
    }
    else if (call->ar_len != NULL)
        terms_plain(call, 1);
    else
        terms_plain(call, 0);
}
#else
static void
terms_run(const TermsCall *call, int portable)
{
    (void)portable;
    if (call->ar_len != NULL)
        terms_plain(call, 1);
    else
        terms_plain(call, 0);
}
#endif

static const Arrays terms_arrays = {
    10,
    {"ar_prefix", "en_prefix", "a", "i", "b", "j", "coefficients", "t", "zz", "poly"},
    {8, 8, 8, 8, 8, 8, 8, 8, 8, 8},
    {0, 0, 0, 0, 0, 0, 0, 1, 1, 1},
};

PyDoc_STRVAR(length_terms_doc,
"length_terms(ar_prefix, en_prefix, a, i, b, j, ratio, variance, coefficients, t, zz, poly\n"
"             [, portable])\n"
"\n"
"For the bead ar[i[c]-a[k]:i[c]] ~ en[j[c]-b[k]:j[c]], at [k * len(i) + c] of t, zz, poly:\n"
"the standardised length difference delta (lengths from the prefix sums ar_prefix and\n"
"en_prefix, float64; spans cut at 0), z = |delta| / sqrt(2), t = 1 / (1 + z / 2), zz = z * z\n"
"and the polynomial in t with these coefficients (float64, lowest order first), by Horner's\n"
"rule. a, b: int64, one span length per bead kind; i, j: int64, one row per cell.\n"
"portable: one bead at a time even where the processor has AVX2 (the same numbers; for\n"
"tests).");

static PyObject *
length_terms(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    double ratio, variance;
    int portable = 0;
    if (!PyArg_ParseTuple(args, "OOOOOOddOOOO|p", &objects[0], &objects[1], &objects[2],
                          &objects[3], &objects[4], &objects[5], &ratio, &variance,
                          &objects[6], &objects[7], &objects[8], &objects[9], &portable) ||
        take_buffers(&terms_arrays, objects, views) < 0)
        return NULL;

    Py_ssize_t kinds = views[2].len / 8, cells = views[3].len / 8, order = views[6].len / 8;
    if (views[4].len != views[2].len || views[5].len != views[3].len ||
        views[7].len / 8 != kinds * cells || views[8].len != views[7].len ||
        views[9].len != views[7].len) {
        PyErr_SetString(PyExc_ValueError, "length_terms: array sizes do not agree");
        return release_buffers(&terms_arrays, views);
    }
    /* A negative span length would start a bead after its end, past the prefix sums. */
    if (!indices_below(&views[3], views[0].len / 8, "i") ||
        !indices_below(&views[5], views[1].len / 8, "j") ||
        !indices_below(&views[2], PY_SSIZE_T_MAX, "a") ||
        !indices_below(&views[4], PY_SSIZE_T_MAX, "b"))
        return release_buffers(&terms_arrays, views);

    TermsCall call = {
        .ar_prefix = views[0].buf, .en_prefix = views[1].buf,
        .a = views[2].buf, .i = views[3].buf, .b = views[4].buf, .j = views[5].buf,
        .ratio = ratio, .variance = variance, .coefficients = views[6].buf, .order = order,
        .kinds = kinds, .cells = cells,
        .t = views[7].buf, .zz = views[8].buf, .poly = views[9].buf,
    };
    Py_BEGIN_ALLOW_THREADS
    terms_run(&call, portable);
    Py_END_ALLOW_THREADS
    return release_buffers(&terms_arrays, views);
}

/* small documents
 *
 * A document of a few dozen sentences is searched three times (paragraphs, then sentences
 * twice), each search of a few hundred cells, where NumPy's calls, not the arithmetic, take
 * the time. Three functions do a small band's search in few calls:
 *
 * band_path: from a band's table of bead costs to its path: the rounding of costs to whole
 * units (search._units), the running 0-1 cost of each row, the recurrence of `rows` and the
 * back-trace (search._backtrack). Its twin is the chunked search (search._search), which
 * finds the same path: costs are whole units, so a cell's value is exact whatever order its
 * sums are taken in, and ties go the same way (the first kind, then a 0-1 bead only when
 * strictly cheaper).
 *
 * bead_costs: the bead model's table of costs (bialign.align._BeadModel.cost) from its
 * scorers' evidence, where NumPy makes some thirty calls: a kind with sentences on both sides
 * costs its prior's penalty less its length log-probability plus the anchors' gain, and
 * nothing outside one block; an unaligned sentence its penalty alone. The same operations in
 * the same order as the NumPy path.
 *
 * band_costs: the table of band_path for the bead model, the beads priced from the document
 * itself (length terms as length_terms, Dice as dice, costs as bead_costs), only those the
 * search can take: in two calls, as the logarithm of the length terms is NumPy's (see
 * length_terms), taken between them. */

/* A bead cost as whole units, clipped to +-limit first: search._units, operation for
 * operation (fmin and fmax, as np.fmin and np.fmax, take the number over a NaN). */
static inline double
whole_units(double cost, double unit, double limit)
{
    /* fmin and fmax written out, as the compiler would call them: with a limit that is a
     * number (band_path checks it), a NaN cost becomes the limit either way. */
    double clipped = cost < limit ? cost : limit;
    clipped = clipped > -limit ? clipped : -limit;
    return rint(clipped / unit);
}

/* A band searched: row i holds columns lo[i]..hi[i]-1, its first cell the off[i]-th; beads
 * into a cell come from the rows above in the kinds kind_a[k]-kind_b[k], then, with
 * inserts, 0-1 along the row. */
typedef struct {
    const int64_t *lo, *hi, *kind_a, *kind_b;
    int64_t n, m, cells, *off;
    Py_ssize_t kinds;
    int inserts;
} Band;

/* The band of lo, hi, kind_a and kind_b (int64), its cells counted and placed (off, which
 * the caller frees); 0, or -1 with an exception set. */
static int
band_of(Band *band, const Py_buffer *lo, const Py_buffer *hi, const Py_buffer *kind_a,
        const Py_buffer *kind_b, int inserts, const char *name)
{
    Py_ssize_t rows = lo->len / 8;
    *band = (Band){.lo = lo->buf, .hi = hi->buf, .kind_a = kind_a->buf, .kind_b = kind_b->buf,
                   .n = rows - 1, .kinds = kind_a->len / 8, .inserts = inserts};
    /* Non-empty rows inside columns 0..m, from (0, 0) to (n, m); kinds that take sentences
     * from the rows above, and fit in a pointer beside INSERT. */
    int fits = rows > 0 && hi->len == lo->len && kind_b->len == kind_a->len;
    band->m = fits ? band->hi[band->n] - 1 : -1;
    fits = fits && band->lo[0] == 0 && band->m >= 0 && band->kinds <= INT8_MAX;
    for (Py_ssize_t r = 0; fits && r < rows; r++) {
        fits = 0 <= band->lo[r] && band->lo[r] < band->hi[r] && band->hi[r] <= band->m + 1;
        band->cells += band->hi[r] - band->lo[r];
    }
    for (Py_ssize_t k = 0; fits && k < band->kinds; k++)
        fits = band->kind_a[k] >= 1 && band->kind_b[k] >= 0;
    if (!fits) {
        PyErr_Format(PyExc_ValueError, "%s: not a band and bead kinds", name);
        return -1;
    }
    band->off = PyMem_RawMalloc((rows + 1) * sizeof(int64_t));
    if (band->off == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    band->off[0] = 0;
    for (Py_ssize_t r = 0; r < rows; r++)
        band->off[r + 1] = band->off[r] + band->hi[r] - band->lo[r];
    return 0;
}

/* The cheapest path through the band, priced by `table` (one row of cells a kind, the 0-1
 * beads' last): its beads written to `path` in path order, their number returned, or -1
 * when no path reaches (n, m). `values` and `pointers` hold a cell each, `along` a column.
 *
 * A row at a time: the running 0-1 cost of its cells; then, kind after kind, the arrivals
 * from the rows above over the columns where the kind starts inside the band (the row's
 * values hold the cheapest so far: a later kind must be strictly cheaper, so ties go to the
 * first, as cell by cell); then the 0-1 beads along the row. (aligner glue (glue4)) */
ALWAYS_INLINE Py_ssize_t
settle_of(const Band *band, const double *table, double unit, double limit, double *values,
          int8_t *pointers, double *along, int64_t *path)
{
    const int64_t *lo = band->lo, *hi = band->hi, *off = band->off;
    Py_ssize_t kinds = band->kinds, count = 0;
    int64_t cells = band->cells;
    const double *along_costs = table + kinds * cells;
    for (int64_t i = 0; i <= band->n; i++) {
        int64_t width = hi[i] - lo[i];
        double *row = values + off[i];
        int8_t *kind_of = pointers + off[i];
        /* The row's running 0-1 cost; a row's first cell is entered from above. */
        double sum = 0.0;
        for (int64_t x = 0; x < width; x++) {
            if (band->inserts && x > 0)
                sum += whole_units(along_costs[off[i] + x], unit, limit);
            along[x] = sum;
            row[x] = INFINITY;
            kind_of[x] = 0;
        }
        for (Py_ssize_t k = 0; k < kinds; k++) {
            int64_t si = i - band->kind_a[k], b = band->kind_b[k];
            if (si < 0)
                continue; /* an arrival of inf, never taken */
            /* Columns j of row i whose start j - b is in row si's lo[si]..hi[si]-1. */
            int64_t first = lo[si] + b > lo[i] ? lo[si] + b : lo[i];
            int64_t end = hi[si] + b < hi[i] ? hi[si] + b : hi[i];
            /* Offsets (not pointers, which may not point outside their array) of column
             * j's bead cost and of the cell it starts from. */
            int64_t at = k * cells + off[i] - lo[i], above = off[si] - lo[si] - b;
            for (int64_t j = first; j < end; j++) {
                double cost = whole_units(table[at + j], unit, limit) - along[j - lo[i]];
                double arrival = values[above + j] + cost;
                if (arrival < row[j - lo[i]]) {
                    row[j - lo[i]] = arrival;
                    kind_of[j - lo[i]] = (int8_t)k;
                }
            }
        }
        double running = INFINITY;
        for (int64_t x = 0; x < width; x++) {
            double settled = row[x];
            double value = (i == 0 && lo[0] + x == 0) ? 0.0 : settled;
            if (band->inserts) {
                running = value < running ? value : running;
                value = running + along[x];
                if (value - along[x] < settled)
                    kind_of[x] = INSERT;
            }
            row[x] = value;
        }
    }
    if (!isfinite(values[cells - 1]))
        return -1;
    /* Back from (n, m): each bead's bounds, last bead first, then turned round. */
    int64_t i = band->n, j = band->m;
    while (i > 0 || j > 0) {
        int8_t kind = pointers[off[i] + j - lo[i]];
        int64_t a = kind == INSERT ? 0 : band->kind_a[kind];
        int64_t b = kind == INSERT ? 1 : band->kind_b[kind];
        int64_t *bead = path + 4 * count++;
        bead[0] = i - a;
        bead[1] = i;
        bead[2] = j - b;
        bead[3] = j;
        i -= a;
        j -= b;
    }
    for (Py_ssize_t k = 0; k < count / 2; k++)
        for (int w = 0; w < 4; w++) {
            int64_t swap = path[4 * k + w];
            path[4 * k + w] = path[4 * (count - 1 - k) + w];
            path[4 * (count - 1 - k) + w] = swap;
        }
    return count;
}

/* bead pricing (price5) */

#if defined(__GNUC__) && defined(__x86_64__)
/* settle_of where the processor has SSE4.1: whole_units' rint is then one instruction
 * (roundsd) rather than SSE2's sequence of a dozen, once a bead; both round to nearest even,
 * so the same numbers. */
__attribute__((target("sse4.1"))) static Py_ssize_t
settle_sse41(const Band *band, const double *table, double unit, double limit, double *values,
             int8_t *pointers, double *along, int64_t *path)
{
    return settle_of(band, table, unit, limit, values, pointers, along, path);
}
#endif

static Py_ssize_t
settle(const Band *band, const double *table, double unit, double limit, double *values,
       int8_t *pointers, double *along, int64_t *path)
{
#if defined(__GNUC__) && defined(__x86_64__)
    if (__builtin_cpu_supports("sse4.1"))
        return settle_sse41(band, table, unit, limit, values, pointers, along, path);
#endif
    return settle_of(band, table, unit, limit, values, pointers, along, path);
}

/* settle, with its scratch allocated here: the number of beads (or -1), NULL with an
 * exception set. */
static PyObject *
settled_path(const Band *band, const double *table, double unit, double limit, int64_t *path)
{
    double *values = PyMem_RawMalloc(band->cells * sizeof(double) + 1);
    int8_t *pointers = PyMem_RawMalloc(band->cells + 1);
    double *along = PyMem_RawMalloc((band->m + 1) * sizeof(double) + 1);
    PyObject *result = NULL;
    if (values == NULL || pointers == NULL || along == NULL)
        PyErr_NoMemory();
    else {
        Py_ssize_t count;
        Py_BEGIN_ALLOW_THREADS
        count = settle(band, table, unit, limit, values, pointers, along, path);
        Py_END_ALLOW_THREADS
        result = PyLong_FromSsize_t(count);
    }
    PyMem_RawFree(values);
    PyMem_RawFree(pointers);
    PyMem_RawFree(along);
    return result;
}

/* A Python result and the buffers released: `result`, or NULL when an exception is set. */
static PyObject *
released(const Arrays *arrays, Py_buffer *views, PyObject *result)
{
    PyObject *done = release_buffers(arrays, views);
    if (done == NULL) {
        Py_XDECREF(result);
        return NULL;
    }
    Py_DECREF(done);
    return result;
}

static const Arrays band_path_arrays = {
    6,
    {"table", "lo", "hi", "kind_a", "kind_b", "path"},
    {8, 8, 8, 8, 8, 8},
    {0, 0, 0, 0, 0, 1},
};

PyDoc_STRVAR(band_path_doc,
"band_path(table, lo, hi, kind_a, kind_b, unit, limit, inserts, path)\n"
"\n"
"The cheapest path from (0, 0) to (n, m) through the band whose row i holds columns\n"
"lo[i]..hi[i]-1 (int64, n + 1 rows each); see bialign.search._small_path.\n"
"\n"
"table: float64, the cost of every bead into every band cell, row after row, one row of the\n"
"table per kind: the kinds kind_a[k]-kind_b[k] (int64), then, with inserts, 0-1. Costs are\n"
"clipped to +-limit and counted in whole multiples of unit. path: int64, written, room for\n"
"n + m beads (i0, i1, j0, j1) in path order. Returns the number of beads, or -1 when no path\n"
"reaches (n, m).");

static PyObject *
band_path(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    double unit, limit;
    int inserts;
    if (!PyArg_ParseTuple(args, "OOOOOddpO", &objects[0], &objects[1], &objects[2],
                          &objects[3], &objects[4], &unit, &limit, &inserts, &objects[5]) ||
        take_buffers(&band_path_arrays, objects, views) < 0)
        return NULL;
    Band band;
    if (band_of(&band, &views[1], &views[2], &views[3], &views[4], inserts, "band_path") < 0)
        return released(&band_path_arrays, views, NULL);
    PyObject *result = NULL;
    if (views[0].len / 8 != (band.kinds + inserts) * band.cells ||
        views[5].len / 8 < 4 * (band.n + band.m))
        PyErr_SetString(PyExc_ValueError, "band_path: array sizes do not agree");
    else if (!(limit >= 0.0) || !(unit > 0.0))
        PyErr_SetString(PyExc_ValueError, "band_path: unit and limit must be positive numbers");
    else
        result = settled_path(&band, views[0].buf, unit, limit, views[5].buf);
    PyMem_RawFree(band.off);
    return released(&band_path_arrays, views, result);
}

/* x[k], with a negative k counting from the end, as NumPy indexes. */
static inline int64_t
indexed(const int64_t *x, Py_ssize_t size, int64_t k)
{
    return x[k < 0 ? k + size : k];
}

static const Arrays bead_costs_arrays = {
    10,
    {"a", "b", "i", "j", "penalty", "log_p", "dice", "ar_blocks", "en_blocks", "out"},
    {8, 8, 8, 8, 8, 8, 8, 8, 8, 8},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
};

PyDoc_STRVAR(bead_costs_doc,
"bead_costs(a, b, i, j, penalty, log_p, dice, weight, ar_blocks, en_blocks, out)\n"
"\n"
"out[k, c], the cost of the bead ar[i[c]-a[k]:i[c]] ~ en[j[c]-b[k]:j[c]] (a, b, i, j: int64):\n"
"penalty[a[k], b[k]] (float64, square) alone when a[k] or b[k] is 0; else, from the next\n"
"rows of log_p and dice (float64, a row per such kind, len(i) each; dice may be empty: no\n"
"anchors), -log_p + penalty + dice * -weight, or inf where ar_blocks (int64, a block\n"
"number per Arabic sentence) and en_blocks do not put the bead in one block (both may be\n"
"empty: no blocks). See bialign.align._BeadModel.cost.");

static PyObject *
bead_costs(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    double weight;
    if (!PyArg_ParseTuple(args, "OOOOOOOdOOO", &objects[0], &objects[1], &objects[2],
                          &objects[3], &objects[4], &objects[5], &objects[6], &weight,
                          &objects[7], &objects[8], &objects[9]) ||
        take_buffers(&bead_costs_arrays, objects, views) < 0)
        return NULL;

    const int64_t *a = views[0].buf, *b = views[1].buf, *i = views[2].buf, *j = views[3].buf;
    const double *penalty = views[4].buf, *log_p = views[5].buf, *dice = views[6].buf;
    const int64_t *ar_blocks = views[7].buf, *en_blocks = views[8].buf;
    double *out = views[9].buf;
    Py_ssize_t kinds = views[0].len / 8, cells = views[2].len / 8;
    Py_ssize_t ar_size = views[7].len / 8, en_size = views[8].len / 8;
    Py_ssize_t side = views[4].ndim == 2 ? views[4].shape[0] : -1, matched = 0;
    int anchors = views[6].len > 0, blocks = ar_size > 0 || en_size > 0;
    int fits = views[1].len == views[0].len && views[3].len == views[2].len &&
               side >= 0 && views[4].shape[1] == side && views[9].len / 8 == kinds * cells;
    for (Py_ssize_t k = 0; fits && k < kinds; k++) {
        fits = 0 <= a[k] && a[k] < side && 0 <= b[k] && b[k] < side;
        matched += a[k] > 0 && b[k] > 0;
    }
    fits = fits && views[5].len / 8 == matched * cells &&
           (!anchors || views[6].len == views[5].len) && (!blocks || (ar_size && en_size));
    /* A bead reads the blocks of i-1, i-a, j-b and j-1: within a side, or counted from its
     * end (which NumPy allows, and the search never prices into a path). */
    for (Py_ssize_t k = 0; fits && blocks && k < kinds; k++)
        fits = a[k] <= ar_size && b[k] <= en_size;
    for (Py_ssize_t c = 0; fits && blocks && c < cells; c++)
        fits = 0 <= i[c] && i[c] <= ar_size && 0 <= j[c] && j[c] <= en_size;
    if (!fits) {
        PyErr_SetString(PyExc_ValueError, "bead_costs: array sizes do not agree");
        return release_buffers(&bead_costs_arrays, views);
    }

    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t row = 0;
    for (Py_ssize_t k = 0; k < kinds; k++) {
        double prior = penalty[a[k] * side + b[k]];
        double *costs = out + k * cells;
        if (a[k] == 0 || b[k] == 0) {
            for (Py_ssize_t c = 0; c < cells; c++)
                costs[c] = prior;
            continue;
        }
        const double *p = log_p + row * cells, *d = dice + row * cells;
        for (Py_ssize_t c = 0; c < cells; c++) {
            double cost = -p[c] + prior;
            if (anchors)
                cost = cost + d[c] * -weight;
            if (blocks) {
                int64_t last = indexed(ar_blocks, ar_size, i[c] - 1);
                if (indexed(ar_blocks, ar_size, i[c] - a[k]) != last ||
                    indexed(en_blocks, en_size, j[c] - b[k]) != last ||
                    indexed(en_blocks, en_size, j[c] - 1) != last)
                    cost = INFINITY;
            }
            costs[c] = cost;
        }
        row++;
    }
    Py_END_ALLOW_THREADS
    return release_buffers(&bead_costs_arrays, views);
}

/* What the bead model prices a bead on (bialign.align._BeadModel, with its length scorer,
 * its anchor scorer unless words is 0, and its blocks unless ar_blocks is NULL). */
typedef struct {
    const double *ar_prefix, *en_prefix, *coefficients;
    Py_ssize_t order, words;
    double ratio, variance, weight;
    const uint64_t *ar_signatures, *en_signatures;
    const int64_t *ar_blocks, *en_blocks;
    /* With blocks, for each row i from 1: the English sentences s..e-1 in the block of
     * Arabic sentence i-1, s at [2i], e at [2i+1] (block_runs). */
    const int64_t *runs;
} Evidence;

/* Evidence's runs, for blocks numbered in order: as the block of ar[i-1] never decreases
 * with i, a walk over both sides. (bead pricing (price5)) */
static void
block_runs(const int64_t *ar, Py_ssize_t n, const int64_t *en, Py_ssize_t m, int64_t *runs)
{
    int64_t s = 0, e = 0;
    runs[0] = runs[1] = 0;
    for (Py_ssize_t i = 1; i <= n; i++) {
        while (s < m && en[s] < ar[i - 1])
            s++;
        e = e > s ? e : s;
        while (e < m && en[e] <= ar[i - 1])
            e++;
        runs[2 * i] = s;
        runs[2 * i + 1] = e;
    }
}

/* The columns first..end-1 of row i into which a bead of kind k comes from inside the band
 * (none when end <= first): from_band, worked out once a row. (aligner glue (glue4)) */
static inline void
from_band_columns(const Band *band, Py_ssize_t k, int64_t i, int64_t *first, int64_t *end)
{
    int64_t si = i - band->kind_a[k], b = band->kind_b[k];
    if (si < 0) {
        *first = *end = band->lo[i];
        return;
    }
    *first = band->lo[si] + b > band->lo[i] ? band->lo[si] + b : band->lo[i];
    *end = band->hi[si] + b < band->hi[i] ? band->hi[si] + b : band->hi[i];
}

/* bead pricing (price5) */

/* The columns first..end-1 of row i whose beads of kind k are priced from the evidence
 * (none when end <= first): those that start inside the band (from_band_columns) and lie
 * in one block, ar[i-a], ar[i-1], en[j-b] and en[j-1] all in the block of ar[i-1]. Blocks
 * are numbered in order (band_costs checks it), so the English sentences of that block are
 * one run s..e-1 (`runs`) and the columns are those of s+b..e: a row's columns at once, not
 * a test a bead. A bead of kind k with no sentence on one side costs its prior alone; others are
 * never taken (from outside the band, or costing inf outside a block). */
static inline void
evidenced_columns(const Band *band, const Evidence *evidence, Py_ssize_t k, int64_t i,
                  int64_t *first, int64_t *end)
{
    from_band_columns(band, k, i, first, end);
    if (evidence->ar_blocks == NULL || *first >= *end)
        return;
    /* Here i >= a >= 1: the bead starts inside the band. */
    const int64_t *ar = evidence->ar_blocks;
    int64_t last = ar[i - 1];
    if (ar[i - band->kind_a[k]] != last) {
        *end = *first;
        return;
    }
    int64_t s = evidence->runs[2 * i], e = evidence->runs[2 * i + 1];
    *first = s + band->kind_b[k] > *first ? s + band->kind_b[k] : *first;
    *end = e + 1 < *end ? e + 1 : *end;
}

/* The terms of every evidenced bead, kind after kind, cell after cell: t, zz, poly and Dice
 * in the four rows of `terms`, `capacity` long each; their number, or -1 past capacity.
 * The length terms by length_terms' loop, a kind at a time over its beads' lengths
 * (`lengths` holds each bead's Arabic length, then, `capacity` on, its English one, as
 * bead_lengths takes them: the spans start inside the band, never cut at 0); the Dice from
 * the unions of every span of each side (see dice's span_table). */
ALWAYS_INLINE Py_ssize_t
evidence_terms_of(const Band *band, const Evidence *evidence, Spans *ar, Spans *en,
                  double *terms, double *lengths, Py_ssize_t capacity, Py_ssize_t words,
                  int hardware)
{
    Py_ssize_t q = 0;
    for (Py_ssize_t k = 0; k < band->kinds; k++) {
        Py_ssize_t first = q;
        int64_t a = band->kind_a[k], b = band->kind_b[k];
        for (int64_t i = 0; b > 0 && i <= band->n; i++) {
            int64_t from, end;
            evidenced_columns(band, evidence, k, i, &from, &end);
            if (from >= end)
                continue;
            if (end - from > capacity - q) /* a row's beads at once */
                return -1;
            /* The bead starts inside the band: i >= a. */
            double ar_len = evidence->ar_prefix[i] - evidence->ar_prefix[i - a];
            int64_t x_size = 0;
            const uint64_t *x = words ? span_of(ar, i, a, NULL, &x_size, hardware) : NULL;
            for (int64_t j = from; j < end; j++) {
                lengths[q] = ar_len;
                lengths[capacity + q] = evidence->en_prefix[j] - evidence->en_prefix[j - b];
                if (words) {
                    int64_t y_size, shared = 0;
                    const uint64_t *y = span_of(en, j, b, NULL, &y_size, hardware);
                    for (Py_ssize_t w = 0; w < words; w++)
                        shared += bits_of(x[w] & y[w], hardware);
                    int64_t total = x_size + y_size;
                    /* As dice, operation for operation. */
                    terms[3 * capacity + q] =
                        2.0 * (double)shared / (double)(total > 1 ? total : 1);
                }
                q++;
            }
        }
        TermsCall call = {
            .ar_len = lengths + first, .en_len = lengths + capacity + first,
            .ratio = evidence->ratio, .variance = evidence->variance,
            .coefficients = evidence->coefficients, .order = evidence->order, .kinds = 1,
            .cells = q - first, .t = terms + first,
            .zz = terms + capacity + first, .poly = terms + 2 * capacity + first,
        };
        terms_run(&call, 0);
    }
    return q;
}

/* evidence_terms_of, with a constant for bialign's signatures (8 words, 512 bits), so the
 * loop over words unrolls (as in dice_loop). */
ALWAYS_INLINE Py_ssize_t
evidence_terms_loop(const Band *band, const Evidence *evidence, Spans *ar, Spans *en,
                    double *terms, double *lengths, Py_ssize_t capacity, int hardware)
{
    if (evidence->words) {
        span_table(ar, hardware);
        span_table(en, hardware);
    }
    if (evidence->words == 8)
        return evidence_terms_of(band, evidence, ar, en, terms, lengths, capacity, 8, hardware);
    return evidence_terms_of(band, evidence, ar, en, terms, lengths, capacity, evidence->words,
                             hardware);
}

typedef struct {
    const Band *band;
    const Evidence *evidence;
    Spans *ar, *en;
    double *terms;
    double *lengths;
    Py_ssize_t capacity;
} TermsOfBand;

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
/* As dice_run: with the popcnt instruction where the processor has it. */
__attribute__((target("popcnt"))) static Py_ssize_t
evidence_terms_popcnt(const TermsOfBand *call)
{
    return evidence_terms_loop(call->band, call->evidence, call->ar, call->en, call->terms,
                               call->lengths, call->capacity, 1);
}

static Py_ssize_t
evidence_terms(const TermsOfBand *call)
{
    if (__builtin_cpu_supports("popcnt"))
        return evidence_terms_popcnt(call);
    return evidence_terms_loop(call->band, call->evidence, call->ar, call->en, call->terms,
                               call->lengths, call->capacity, 0);
}
#else
static Py_ssize_t
evidence_terms(const TermsOfBand *call)
{
    return evidence_terms_loop(call->band, call->evidence, call->ar, call->en, call->terms,
                               call->lengths, call->capacity, 0);
}
#endif

/* The table band_path reads, from the terms with the logarithm of t taken: the costs of
 * bead_costs (whose NumPy twin prices every bead; beads never taken are inf here). 0, or -1
 * when there are more evidenced beads than terms. */
static int
evidence_table(const Band *band, const Evidence *evidence, const double *priors,
               const double *terms, Py_ssize_t capacity, double *table)
{
    Py_ssize_t q = 0;
    const double weight = -evidence->weight;
    for (Py_ssize_t k = 0; k < band->kinds; k++)
        for (int64_t i = 0; i <= band->n; i++) {
            int64_t lo = band->lo[i], hi = band->hi[i], from, end;
            double *row = table + k * band->cells + band->off[i] - lo; /* indexed by j */
            if (band->kind_b[k] == 0) {
                for (int64_t j = lo; j < hi; j++)
                    row[j] = priors[k];
                continue;
            }
            /* Beads not priced are never taken; evidenced_columns keeps lo <= from and
             * end <= hi. */
            evidenced_columns(band, evidence, k, i, &from, &end);
            if (from >= end)
                from = end = hi;
            for (int64_t j = lo; j < from; j++)
                row[j] = INFINITY;
            for (int64_t j = end; j < hi; j++)
                row[j] = INFINITY;
            if (end - from > capacity - q) /* a row's beads at once */
                return -1;
            for (int64_t j = from; j < end; j++) {
                /* LengthScorer.log_p: log(t) - zz + poly, at most 0 (np.minimum keeps NaN) */
                double log_p = terms[q] - terms[capacity + q];
                log_p = log_p + terms[2 * capacity + q];
                log_p = log_p < 0.0 || isnan(log_p) ? log_p : 0.0;
                double cost = -log_p + priors[k];
                if (evidence->words)
                    cost = cost + terms[3 * capacity + q] * weight;
                row[j] = cost;
                q++;
            }
        }
    if (band->inserts)
        for (int64_t c = 0; c < band->cells; c++)
            table[band->kinds * band->cells + c] = priors[band->kinds];
    return 0;
}

static const Arrays band_costs_arrays = {
    14,
    {"ar_prefix", "en_prefix", "coefficients", "ar_signatures", "en_signatures", "ar_blocks",
     "en_blocks", "lo", "hi", "kind_a", "kind_b", "penalty", "terms", "table"},
    {8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1},
};

PyDoc_STRVAR(band_costs_doc,
"band_costs(ar_prefix, en_prefix, coefficients, ar_signatures, en_signatures, ar_blocks,\n"
"           en_blocks, lo, hi, kind_a, kind_b, penalty, terms, table, ratio, variance, weight,\n"
"           inserts, costs)\n"
"\n"
"The bead model's table of a small band for band_path (bialign.align._BeadModel.band_table),\n"
"in two calls. Without costs: the length terms t, zz and poly (as length_terms, from the\n"
"prefix sums, ratio, variance and coefficients) and the Dice (as dice, from the signatures,\n"
"uint64 of shape (sentences, words), words 0 without anchors) of the beads the search of the\n"
"band lo, hi (int64) may take with sentences on both sides, of the kinds kind_a-kind_b\n"
"(int64), into the four rows of terms (float64); their number. With costs, once the first\n"
"row holds log(t): table (float64, written) as band_path reads it, each bead costing as\n"
"bead_costs prices it, with penalty (float64, square: kind a-b's prior cost at [a, b]), weight and\n"
"the blocks (int64, a block number per sentence, non-decreasing, or empty); inf for beads\n"
"never taken.");

static PyObject *
band_costs(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    int inserts, costs;
    Evidence evidence;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOOOOOOdddpp", &objects[0], &objects[1], &objects[2],
                          &objects[3], &objects[4], &objects[5], &objects[6], &objects[7],
                          &objects[8], &objects[9], &objects[10], &objects[11], &objects[12],
                          &objects[13], &evidence.ratio, &evidence.variance, &evidence.weight,
                          &inserts, &costs) ||
        take_buffers(&band_costs_arrays, objects, views) < 0)
        return NULL;
    Band band;
    if (band_of(&band, &views[7], &views[8], &views[9], &views[10], inserts, "band_costs") < 0)
        return released(&band_costs_arrays, views, NULL);
    const Py_buffer *ar = &views[3], *en = &views[4], *terms = &views[12];
    Py_ssize_t ar_blocks = views[5].len / 8, en_blocks = views[6].len / 8;
    int fits = views[0].len / 8 == band.n + 1 && views[1].len / 8 == band.m + 1 &&
               ar->ndim == 2 && en->ndim == 2 && ar->shape[0] == band.n &&
               en->shape[0] == band.m && ar->shape[1] == en->shape[1] &&
               ((ar_blocks == 0 && en_blocks == 0) ||
                (ar_blocks == band.n && en_blocks == band.m)) &&
               views[11].ndim == 2 && views[11].shape[0] == views[11].shape[1] &&
               views[11].shape[0] > 1 && terms->ndim == 2 && terms->shape[0] == 4 &&
               views[13].len / 8 == (band.kinds + inserts) * band.cells;
    /* Each kind's prior cost, then 0-1's, is read from the penalty table: kinds past the
     * table's sides do not fit. */
    Py_ssize_t side = fits ? views[11].shape[0] : 0; /* shape is read once ndim is known */
    for (Py_ssize_t k = 0; fits && k < band.kinds; k++)
        fits = band.kind_a[k] < side && band.kind_b[k] < side;
    if (!fits) {
        PyErr_SetString(PyExc_ValueError, "band_costs: array sizes do not agree");
        PyMem_RawFree(band.off);
        return released(&band_costs_arrays, views, NULL);
    }
    /* block_runs walks both sides' blocks at once: they must be numbered in order. */
    const int64_t *ar_numbers = views[5].buf, *en_numbers = views[6].buf;
    for (Py_ssize_t r = 1; fits && r < ar_blocks; r++)
        fits = ar_numbers[r - 1] <= ar_numbers[r];
    for (Py_ssize_t r = 1; fits && r < en_blocks; r++)
        fits = en_numbers[r - 1] <= en_numbers[r];
    int64_t *runs = NULL;
    if (!fits)
        PyErr_SetString(PyExc_ValueError, "band_costs: blocks not numbered in order");
    else if (ar_blocks && (runs = PyMem_RawMalloc(2 * (band.n + 1) * sizeof(int64_t))) == NULL)
        PyErr_NoMemory();
    if (PyErr_Occurred()) {
        PyMem_RawFree(band.off);
        return released(&band_costs_arrays, views, NULL);
    }
    if (runs != NULL)
        block_runs(ar_numbers, band.n, en_numbers, band.m, runs);
    evidence.runs = runs;
    evidence.ar_prefix = views[0].buf;
    evidence.en_prefix = views[1].buf;
    evidence.coefficients = views[2].buf;
    evidence.order = views[2].len / 8;
    evidence.words = ar->shape[1];
    evidence.ar_signatures = ar->buf;
    evidence.en_signatures = en->buf;
    evidence.ar_blocks = ar_blocks ? views[5].buf : NULL;
    evidence.en_blocks = en_blocks ? views[6].buf : NULL;
    Py_ssize_t capacity = terms->shape[1];
    PyObject *result = NULL;
    if (!costs) {
        /* Every span of each side ending at a sentence bound, up to the longest kind's. */
        int64_t longest_a = 1, longest_b = 1;
        for (Py_ssize_t k = 0; k < band.kinds; k++) {
            longest_a = band.kind_a[k] > longest_a ? band.kind_a[k] : longest_a;
            longest_b = band.kind_b[k] > longest_b ? band.kind_b[k] : longest_b;
        }
        Spans ar_spans = {evidence.ar_signatures, evidence.words, 0, band.n + 1, longest_a,
                          NULL, NULL},
              en_spans = {evidence.en_signatures, evidence.words, 0, band.m + 1, longest_b,
                          NULL, NULL};
        Py_ssize_t ar_entries = (band.n + 1) * longest_a, en_entries = (band.m + 1) * longest_b;
        ar_spans.table = PyMem_RawMalloc(ar_entries * evidence.words * 8 + 1);
        ar_spans.sizes = PyMem_RawMalloc(ar_entries * 8 + 1);
        en_spans.table = PyMem_RawMalloc(en_entries * evidence.words * 8 + 1);
        en_spans.sizes = PyMem_RawMalloc(en_entries * 8 + 1);
        double *lengths = PyMem_RawMalloc(2 * capacity * sizeof(double) + 1);
        if (!ar_spans.table || !ar_spans.sizes || !en_spans.table || !en_spans.sizes ||
            !lengths)
            PyErr_NoMemory();
        else {
            TermsOfBand call = {&band, &evidence, &ar_spans, &en_spans, terms->buf, lengths,
                                capacity};
            Py_ssize_t count;
            Py_BEGIN_ALLOW_THREADS
            count = evidence_terms(&call);
            Py_END_ALLOW_THREADS
            if (count < 0)
                PyErr_SetString(PyExc_ValueError, "band_costs: terms too short");
            else
                result = PyLong_FromSsize_t(count);
        }
        PyMem_RawFree(ar_spans.table);
        PyMem_RawFree(ar_spans.sizes);
        PyMem_RawFree(en_spans.table);
        PyMem_RawFree(en_spans.sizes);
        PyMem_RawFree(lengths);
    }
    else {
        const double *penalty = views[11].buf;
        double *priors = PyMem_RawMalloc((band.kinds + 1) * sizeof(double));
        int done = -2; /* -2: no memory (set); -1: terms too short; 0: written */
        if (priors == NULL)
            PyErr_NoMemory();
        else {
            for (Py_ssize_t k = 0; k < band.kinds; k++)
                priors[k] = penalty[band.kind_a[k] * side + band.kind_b[k]];
            priors[band.kinds] = penalty[1]; /* 0-1 */
            Py_BEGIN_ALLOW_THREADS
            done = evidence_table(&band, &evidence, priors, terms->buf, capacity,
                                  views[13].buf);
            Py_END_ALLOW_THREADS
            PyMem_RawFree(priors);
        }
        if (done == -1)
            PyErr_SetString(PyExc_ValueError, "band_costs: terms too short");
        else if (done == 0) {
            Py_INCREF(Py_None);
            result = Py_None;
        }
    }
    PyMem_RawFree(runs);
    PyMem_RawFree(band.off);
    return released(&band_costs_arrays, views, result);
}

/* Reading sides, defined at the end of the file. */
static PyObject *number(PyObject *module, PyObject *args);
PyDoc_STRVAR(number_doc,
"number(sentences, table, words, unseen)\n"
"\n"
"(word_ids, counts) of a side's sentences, as bytearrays: the id of each word of each\n"
"sentence (int32, words as str.split() cuts them), and how many words each sentence has\n"
"(int64). A word's id is its place in words, found through table (see index); a word not\n"
"there gets the id it has once learnt, len(words) + k, k its place in the list unseen, to\n"
"which such words are added in the order they are first met. See\n"
"bialign.lexicon.vocabulary.Vocabulary._numbered_python.");

static PyObject *index_words(PyObject *module, PyObject *args);
PyDoc_STRVAR(index_doc,
"index(table, words, first)\n"
"\n"
"The hash table through which number finds a word's place in words, with words[first:]\n"
"added: table (a writable buffer of uint64, a power of two long, holding words[:first]),\n"
"or, when they would fill it over half, a new bytearray at least twice the size, into which\n"
"the words of table move by their slots alone (no word is read again).");

static PyObject *sign(PyObject *module, PyObject *args);
PyDoc_STRVAR(sign_doc,
"sign(word_ids, starts, rows, spans, signatures, lengths)\n"
"\n"
"Each sentence's signature and length from its words': sentence k holds the words\n"
"word_ids[starts[k]:starts[k + 1]] (int32, rows of rows); its signature, written to\n"
"signatures[k] (uint64), is the OR of their rows (uint64, of shape (words, row words)), its\n"
"length, written to lengths[k] (float64), the sum of their spans (int64) less one, or 0.\n"
"See bialign.lexicon.vocabulary._signed_numpy.");

static PyObject *stem_pairs(PyObject *module, PyObject *args);
PyDoc_STRVAR(stem_pairs_doc,
"stem_pairs(rows, starts, word_ids, stem_starts, stem_counts, stem_ids)\n"
"\n"
"k << 32 | stem id for every stem of sentence rows[k] (int64), each once, ascending, as\n"
"bytes (int64): sentence r holds the words word_ids[starts[r]:starts[r + 1]] (int32, int64),\n"
"word w the stems stem_ids[stem_starts[w]:stem_starts[w] + stem_counts[w]] (int64, below\n"
"2**32). See bialign.lexicon.vocabulary._paired_numpy.");

static PyObject *teach(PyObject *module, PyObject *args);
PyDoc_STRVAR(teach_doc,
"teach(word_ids, starts, stem_starts, stem_counts, stem_ids, learnt, bits, signatures)\n"
"\n"
"Add the row bits[j] (uint64) to signatures[k] (uint64, a row a sentence) for every word of\n"
"sentence k that has the stem learnt[j] (int64, ascending): sentence k holds the words\n"
"word_ids[starts[k]:starts[k + 1]], their stems as stem_pairs reads them. See\n"
"bialign.lexicon.vocabulary._taught_numpy.");

static PyObject *associate(PyObject *module, PyObject *args);
PyDoc_STRVAR(associate_doc,
"associate(ar_pairs, en_pairs, min_count, min_dice)\n"
"\n"
"a << 32 | e, ascending, as bytes (int64), for every Arabic stem a and English stem e that\n"
"come together in at least min_count sentence pairs and in at least min_dice of those that\n"
"hold either; each side's pairs are sentence pair << 32 | stem id (int64), each once,\n"
"ascending. See bialign.lexicon.learning._kept_numpy.");

/* Word analysis, defined at the end of the file. */
static void crc_init(void);
static PyObject *analysis(PyObject *module, PyObject *args);
PyDoc_STRVAR(analysis_doc,
"analysis(arabic, names, entries, english_stop, arabic_stop, calendar, lexicon,\n"
"         pieces, analyse, normalize, fold_char, folds_size, outside, letters, shapes)\n"
"\n"
"What learn keeps for one vocabulary from call to call, as a capsule: its stems (numbered in\n"
"names, empty at first, as learn meets them; see stem_id) with their word-table and month\n"
"bits, and the pieces analysed in Python (entries, a dict). See\n"
"bialign.lexicon.vocabulary.Vocabulary._clear for the rest.");

static PyObject *stem_id(PyObject *module, PyObject *args);
PyDoc_STRVAR(stem_id_doc,
"stem_id(analysis, stem)\n"
"\n"
"The id of stem among the stems the analysis has numbered (its place in their names), or\n"
"None.");

static PyObject *learn(PyObject *module, PyObject *args);
PyDoc_STRVAR(learn_doc,
"learn(words, analysis, rows, spans, starts, counts, first_stem)\n"
"\n"
"Analyse words met for the first time (as str.split() cuts them), writing each word's\n"
"signature row to rows (uint64, a row a word), its span to spans (int64: its normalised\n"
"length and a space, or 0), where its stem ids start to starts (int64: from first_stem on,\n"
"one word's after another's) and how many it has to counts (int64). Returns (stem_ids,\n"
"listed) as bytes: all the words' stem ids (int64), and whether the word table lists each\n"
"stem numbered by this call (bool). See bialign.lexicon.vocabulary.Vocabulary._learnt_python.");

/* ---------------------------------------------------------------------------------------- */
/* edges (the off-by-one check at short sentences, bialign/edges.py)                       */

static const Arrays edges_arrays = {
    8,
    {"path", "prefix", "mine", "theirs", "edge", "forward", "own", "other"},
    {8, 8, 8, 8, 8, 1, 8, 8},
    {0, 0, 0, 0, 1, 1, 1, 1},
};

PyDoc_STRVAR(edges_doc,
"edges(path, prefix, mine, theirs, column, shortness, edge, forward, own, other) -> count\n"
"\n"
"The short sentences of one side at the edges of a bead path, and the anchor tokens each\n"
"shares with the other side of its own bead and of the neighbouring one; see\n"
"bialign.edges._candidates_numpy, which gives the same rows in the same order.\n"
"\n"
"path: int64 (beads, 4), rows (i0, i1, j0, j1); column: 0 for the Arabic side (columns 0, 1;\n"
"the partner's 2, 3), 2 for the English one; prefix: float64, the side's sentence lengths as\n"
"prefix sums; mine, theirs: uint64 signatures (sentences, words) of this side and the other;\n"
"a sentence is short when its length is below shortness. Written, the first count rows of\n"
"edge, forward (bytes 0/1), own, other (int64 except forward, 2 * (beads - 1) rows each):\n"
"first each bead's last sentence that is short (forward 1, edge k: it may move into bead\n"
"k + 1), then each bead's first (forward 0, edge k: it may move back into bead k).");

/* Bits of `word` (words wide) set in the union of rows `low`..`high`-1 of `theirs`. */
static int64_t
shared_bits(const uint64_t *word, const uint64_t *theirs, int64_t low, int64_t high,
            Py_ssize_t words)
{
    int64_t count = 0;
    for (Py_ssize_t w = 0; w < words; w++) {
        uint64_t union_ = 0;
        for (int64_t r = low; r < high; r++)
            union_ |= theirs[r * words + w];
        count += popcount64(word[w] & union_);
    }
    return count;
}

static PyObject *
edges(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    int column;
    double shortness;
    if (!PyArg_ParseTuple(args, "OOOOidOOOO", &objects[0], &objects[1], &objects[2], &objects[3],
                          &column, &shortness, &objects[4], &objects[5], &objects[6],
                          &objects[7]) ||
        take_buffers(&edges_arrays, objects, views) < 0)
        return NULL;
    Py_ssize_t beads = views[0].len / 32, sentences = views[2].ndim == 2 ? views[2].shape[0] : 0;
    Py_ssize_t partners = views[3].ndim == 2 ? views[3].shape[0] : 0;
    Py_ssize_t rows = beads > 0 ? 2 * (beads - 1) : 0;
    if ((column != 0 && column != 2) || views[0].ndim != 2 || views[0].shape[1] != 4 ||
        views[2].ndim != 2 || views[3].ndim != 2 || views[2].shape[1] != views[3].shape[1] ||
        views[1].len / 8 != sentences + 1 || views[4].len / 8 < rows || views[5].len < rows ||
        views[6].len / 8 < rows || views[7].len / 8 < rows) {
        PyErr_SetString(PyExc_ValueError, "edges: array shapes do not agree");
        release_buffers(&edges_arrays, views);
        return NULL;
    }
    const int64_t *path = views[0].buf;
    const double *prefix = views[1].buf;
    const uint64_t *mine = views[2].buf, *theirs = views[3].buf;
    int64_t *edge = views[4].buf, *own = views[6].buf, *other = views[7].buf;
    uint8_t *forward = views[5].buf;
    Py_ssize_t words = views[2].shape[1], count = 0;
    int lo = column, hi = column + 1, partner_lo = 2 - column, partner_hi = 3 - column;
    for (Py_ssize_t b = 0; b < beads; b++)
        if (path[4 * b + lo] < 0 || path[4 * b + lo] > path[4 * b + hi] ||
            path[4 * b + hi] > sentences || path[4 * b + partner_lo] < 0 ||
            path[4 * b + partner_lo] > path[4 * b + partner_hi] ||
            path[4 * b + partner_hi] > partners) {
            PyErr_Format(PyExc_IndexError, "edges: bead %zd out of range", b);
            release_buffers(&edges_arrays, views);
            return NULL;
        }
    for (int ahead = 1; ahead >= 0; ahead--)
        for (Py_ssize_t k = 0; k + 1 < beads; k++) {
            const int64_t *mine_bead = path + 4 * (ahead ? k : k + 1);
            const int64_t *next = path + 4 * (ahead ? k + 1 : k);
            if (mine_bead[hi] <= mine_bead[lo])
                continue;
            int64_t s = ahead ? mine_bead[hi] - 1 : mine_bead[lo];
            if (!(prefix[s + 1] - prefix[s] < shortness))
                continue;
            edge[count] = k;
            forward[count] = (uint8_t)ahead;
            own[count] = shared_bits(mine + s * words, theirs, mine_bead[partner_lo],
                                     mine_bead[partner_hi], words);
            other[count] = shared_bits(mine + s * words, theirs, next[partner_lo],
                                       next[partner_hi], words);
            count++;
        }
    if (release_buffers(&edges_arrays, views) == NULL)
        return NULL;
    Py_DECREF(Py_None);
    return PyLong_FromSsize_t(count);
}
/* Text, defined at the end of the file. */
static PyObject *punkt_slices(PyObject *module, PyObject *args);
PyDoc_STRVAR(punkt_slices_doc,
"punkt_slices(text, ends, non_word, others, stop_after, not_plain, decide)\n"
"\n"
"Punkt's sentence slices of text before realignment: the candidates are the characters of\n"
"ends followed by one of non_word or by white space and a word; a candidate is a break when\n"
"its context is plain (a word of two or more letters, or such words joined by hyphens, not\n"
"in not_plain and a full stop; a character of others; a character of stop_after and a full\n"
"stop) or when decide(context) is true. See\n"
"bialign.punkt.PunktSentenceTokenizer._slices_python.");

static PyObject *letter_counts(PyObject *module, PyObject *args);
PyDoc_STRVAR(letter_counts_doc,
"letter_counts(text, classes, spans)\n"
"\n"
"[(arabic, latin), ...]: how many code points of each text[start:end] of spans (a list of\n"
"(start, end)) have class 1 and class 2 in classes, a buffer of one byte a code point. See\n"
"bialign.detect._letter_counts_numpy.");

static PyObject *joined_sentences(PyObject *module, PyObject *args);
PyDoc_STRVAR(joined_sentences_doc,
"joined_sentences(text, spans, has_case, openers, is_label, opens_with_label)\n"
"\n"
"The sentences of text from Punkt's spans (a list of (start, end)), joined where bialign's\n"
"rules rule a boundary out, each stripped: is_label(text, start, end) says whether a piece\n"
"without white space is a list label, opens_with_label(text, start, end) whether a label\n"
"and a space open a piece that opens in lower case after any of openers. See\n"
"bialign.segment._joined_spans.");

static PyObject *sentence_sets(PyObject *module, PyObject *args);
PyDoc_STRVAR(sentence_sets_doc,
"sentence_sets(ends, non_word, others, stop_after, openers, closers)\n"
"\n"
"The character sets sentences reads, made once a language: punkt_slices's four, then\n"
"joined_sentences's openers, then the closers realignment moves (bytes).");

static PyObject *sentences(PyObject *module, PyObject *args);
PyDoc_STRVAR(sentences_doc,
"sentences(paragraph, sets, not_plain, decide, has_case, is_label, opens_with_label, dots)\n"
"\n"
"The sentences of a paragraph as bialign.segment splits it, in one call: None where it is\n"
"not single-spaced (\" \".join(paragraph.split()) differs), with dots holds \"..\", or may\n"
"hold a footnote reference after a sentence end (a letter, an end, a number); else\n"
"[paragraph] where Punkt has no candidate in it, else Punkt's slices (punkt_slices),\n"
"realigned, joined (joined_sentences). sets is sentence_sets's. See\n"
"bialign.segment._split_python.");

/* Splitting (split4), defined at the end of the file. */
static PyObject *printable_lines(PyObject *module, PyObject *text);
PyDoc_STRVAR(printable_lines_doc,
"printable_lines(text)\n"
"\n"
"Whether every character of text but the line breaks (\"\\n\") is printable as\n"
"str.isprintable takes it. See bialign.inputs.decode._printable_lines_python.");

static PyObject *short_digit_lines(PyObject *module, PyObject *args);
PyDoc_STRVAR(short_digit_lines_doc,
"short_digit_lines(text, longest)\n"
"\n"
"How many lines of text hold a decimal digit among their first longest characters other\n"
"than spaces, tabs and carriage returns, and no more such characters. See\n"
"bialign.inputs.pages._short_digit_lines_python.");

static PyObject *text_lines(PyObject *module, PyObject *args);
PyDoc_STRVAR(text_lines_doc,
"text_lines(text, classes, line, first, after_blank)\n"
"\n"
"The non-blank lines of text as instances of line (a tuple type): (number, text, arabic,\n"
"latin, boundary), white space removed around each blank-line separated block, the letters\n"
"counted by classes as letter_counts counts them, boundary first for the text's first\n"
"block, after_blank for the others, None inside a block. See bialign.detect._lines_python.");

/* Paragraphs (para8), defined at the end of the file. */
static PyObject *words_at_most(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyDoc_STRVAR(words_at_most_doc,
"words_at_most(text, limit)\n"
"\n"
"Whether text holds at most limit words (runs of characters that are not white space, as\n"
"str.split() cuts them). See bialign.detect._words_at_most_python.");

/* glue
 *
 * path_terms: what a found path's score reads of each of its beads with sentences on both
 * sides: the length terms (as length_terms) and the Dice (as dice), bead after bead, where
 * the bead model's features, kind by kind, make some forty NumPy calls a kind
 * (bialign.align._BeadModel.bead_features, whose twin is _kind_features). */

static const Arrays path_terms_arrays = {
    7,
    {"ar_prefix", "en_prefix", "coefficients", "ar_signatures", "en_signatures", "path",
     "terms"},
    {8, 8, 8, 8, 8, 8, 8},
    {0, 0, 0, 0, 0, 0, 1},
};

PyDoc_STRVAR(path_terms_doc,
"path_terms(ar_prefix, en_prefix, coefficients, ar_signatures, en_signatures, path, ratio,\n"
"           variance, terms)\n"
"\n"
"For each bead (i0, i1, j0, j1) of path (int64, a row a bead) with sentences on both sides,\n"
"in path order, a column of terms (float64, 4 rows, at least a column a bead): t, zz and\n"
"poly of the bead's length mismatch as length_terms computes them (prefix sums ar_prefix and\n"
"en_prefix, ratio, variance, coefficients), and the Dice of its two sides' signatures (uint64\n"
"of shape (sentences, words)) as dice computes it. Returns the number of such beads.");

static PyObject *
path_terms(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    double ratio, variance;
    if (!PyArg_ParseTuple(args, "OOOOOOddO", &objects[0], &objects[1], &objects[2],
                          &objects[3], &objects[4], &objects[5], &ratio, &variance,
                          &objects[6]) ||
        take_buffers(&path_terms_arrays, objects, views) < 0)
        return NULL;
    const Py_buffer *ar = &views[3], *en = &views[4], *path = &views[5], *terms = &views[6];
    int fits = ar->ndim == 2 && en->ndim == 2 && ar->shape[1] == en->shape[1] &&
               views[0].len / 8 == ar->shape[0] + 1 && views[1].len / 8 == en->shape[0] + 1 &&
               path->ndim == 2 && path->shape[1] == 4 && terms->ndim == 2 &&
               terms->shape[0] == 4 && terms->shape[1] >= path->shape[0];
    const int64_t *beads = path->buf;
    /* Spans within each side, never backwards: the prefix sums and signatures are read there. */
    for (Py_ssize_t r = 0; fits && r < path->shape[0]; r++) {
        const int64_t *bead = beads + 4 * r;
        fits = 0 <= bead[0] && bead[0] <= bead[1] && bead[1] <= ar->shape[0] &&
               0 <= bead[2] && bead[2] <= bead[3] && bead[3] <= en->shape[0];
    }
    if (!fits) {
        PyErr_SetString(PyExc_ValueError, "path_terms: array sizes do not agree");
        return release_buffers(&path_terms_arrays, views);
    }
    Py_ssize_t words = ar->shape[1], capacity = terms->shape[1], q = 0;
    uint64_t *scratch = PyMem_RawMalloc(2 * words * 8 + 1);
    if (scratch == NULL) {
        PyErr_NoMemory();
        return release_buffers(&path_terms_arrays, views);
    }
    Spans ar_spans = {ar->buf, words, 0, 0, 0, NULL, NULL};
    Spans en_spans = {en->buf, words, 0, 0, 0, NULL, NULL};
    double *out = terms->buf;
    for (Py_ssize_t r = 0; r < path->shape[0]; r++) {
        const int64_t *bead = beads + 4 * r;
        int64_t a = bead[1] - bead[0], b = bead[3] - bead[2];
        if (a == 0 || b == 0)
            continue;
        TermsCall call = {
            .ar_prefix = views[0].buf, .en_prefix = views[1].buf,
            .a = &a, .i = &bead[1], .b = &b, .j = &bead[3],
            .ratio = ratio, .variance = variance, .coefficients = views[2].buf,
            .order = views[2].len / 8, .kinds = 1, .cells = 1,
            .t = out + q, .zz = out + capacity + q, .poly = out + 2 * capacity + q,
        };
        terms_one(&call, 0, 0, 0);
        int64_t x_size = span_union(&ar_spans, bead[1], a, scratch, 0);
        int64_t y_size = span_union(&en_spans, bead[3], b, scratch + words, 0);
        int64_t shared = 0;
        for (Py_ssize_t w = 0; w < words; w++)
            shared += popcount64(scratch[w] & scratch[words + w]);
        int64_t total = x_size + y_size;
        /* As dice, operation for operation. */
        out[3 * capacity + q] = 2.0 * (double)shared / (double)(total > 1 ? total : 1);
        q++;
    }
    PyMem_RawFree(scratch);
    return released(&path_terms_arrays, views, PyLong_FromSsize_t(q));
}

#ifndef _WIN32
/* committing files
 *
 * sync_paths, move_paths: the system calls of bialign.formats.common.commit for a whole
 * gathering of files, with the GIL released once. Made from Python, each open, fsync, close
 * and rename released it and then took it back from the thread aligning the next documents:
 * two thread switches a call, three times the floor's switches in all. */

/* Paths given as a sequence of bytes (os.fsencode's): a tuple of the call's own, which keeps
 * the bytes alive while the GIL is released whatever the caller does with its sequence, and
 * pointers to their text. */
typedef struct {
    PyObject *held;
    const char **at;
    Py_ssize_t count;
} Paths;

static void
paths_release(Paths *paths)
{
    Py_CLEAR(paths->held);
    PyMem_Free(paths->at);
    paths->at = NULL;
}

/* 0, or -1 with an exception set (and nothing held). */
static int
paths_take(PyObject *sequence, Paths *paths)
{
    paths->held = PySequence_Tuple(sequence);
    paths->at = NULL;
    if (paths->held == NULL)
        return -1;
    paths->count = PyTuple_GET_SIZE(paths->held);
    paths->at = PyMem_Calloc((size_t)paths->count + 1, sizeof(char *));
    if (paths->at == NULL) {
        paths_release(paths);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < paths->count; k++) {
        PyObject *item = PyTuple_GET_ITEM(paths->held, k);
        if (!PyBytes_Check(item) ||
            strlen(PyBytes_AS_STRING(item)) != (size_t)PyBytes_GET_SIZE(item)) {
            paths_release(paths);
            PyErr_SetString(PyExc_ValueError, "expected paths as bytes without NUL");
            return -1;
        }
        paths->at[k] = PyBytes_AS_STRING(item);
    }
    return 0;
}

/* errors[k] as a list of ints; frees errors. */
static PyObject *
errno_list(int *errors, Py_ssize_t count)
{
    PyObject *list = PyList_New(count);
    for (Py_ssize_t k = 0; list != NULL && k < count; k++) {
        PyObject *number = PyLong_FromLong(errors[k]);
        if (number == NULL)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, k, number);
    }
    PyMem_Free(errors);
    return list;
}

/* result = call, made again while a signal interrupts it. */
#define RETRIED(result, call) \
    do                        \
        result = (call);      \
    while (result < 0 && errno == EINTR)

PyDoc_STRVAR(sync_paths_doc,
"sync_paths(paths) -> list of errno (0: synced)\n"
"\n"
"Open each path (bytes: a file or a directory) read-only, fsync it and close it.");

static PyObject *
sync_paths(PyObject *Py_UNUSED(module), PyObject *sequence)
{
    Paths paths;
    if (paths_take(sequence, &paths) < 0)
        return NULL;
    int *errors = PyMem_Calloc((size_t)paths.count + 1, sizeof(int));
    if (errors == NULL) {
        paths_release(&paths);
        return PyErr_NoMemory();
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < paths.count; k++) {
        int fd, synced;
        RETRIED(fd, open(paths.at[k], O_RDONLY | O_CLOEXEC));
        if (fd < 0) {
            errors[k] = errno;
            continue;
        }
        RETRIED(synced, fsync(fd));
        errors[k] = synced < 0 ? errno : 0;
        if (close(fd) < 0 && errors[k] == 0) /* not made again: the descriptor is gone */
            errors[k] = errno;
    }
    Py_END_ALLOW_THREADS
    paths_release(&paths);
    return errno_list(errors, paths.count);
}

PyDoc_STRVAR(move_paths_doc,
"move_paths(sources, targets, sizes) -> list of errno (0: moved, or not tried)\n"
"\n"
"Rename each source (bytes) to its target, replacing it, as os.replace does: in groups of\n"
"`sizes` sources one after another, a group stopping at its first failure.");

static PyObject *
move_paths(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *source_sequence, *target_sequence, *size_sequence;
    if (!PyArg_ParseTuple(args, "OOO", &source_sequence, &target_sequence, &size_sequence))
        return NULL;
    Paths sources, targets;
    if (paths_take(source_sequence, &sources) < 0)
        return NULL;
    if (paths_take(target_sequence, &targets) < 0) {
        paths_release(&sources);
        return NULL;
    }
    PyObject *sizes = PySequence_Tuple(size_sequence);
    Py_ssize_t groups = sizes == NULL ? 0 : PyTuple_GET_SIZE(sizes);
    Py_ssize_t *ends = sizes == NULL ? NULL : PyMem_Calloc((size_t)groups + 1, sizeof(Py_ssize_t));
    int *errors = ends == NULL ? NULL : PyMem_Calloc((size_t)sources.count + 1, sizeof(int));
    Py_ssize_t total = 0;
    for (Py_ssize_t g = 0; errors != NULL && g < groups; g++) {
        Py_ssize_t size = PyLong_AsSsize_t(PyTuple_GET_ITEM(sizes, g));
        if (size < 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "move_paths: a group size below 0");
            break;
        }
        if (size > sources.count - total) {  /* before the sum could overflow */
            PyErr_SetString(PyExc_ValueError, "move_paths: group sizes over the sources");
            break;
        }
        total += size;
        ends[g] = total;
    }
    if (errors == NULL && !PyErr_Occurred())
        PyErr_NoMemory();
    if (!PyErr_Occurred() && (targets.count != sources.count || total != sources.count))
        PyErr_SetString(PyExc_ValueError,
                        "move_paths: as many targets as sources, in groups of all of them");
    Py_XDECREF(sizes);
    if (PyErr_Occurred()) {
        PyMem_Free(ends);
        PyMem_Free(errors);
        paths_release(&sources);
        paths_release(&targets);
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t g = 0, k = 0; g < groups; g++)
        for (; k < ends[g]; k++) {
            int moved;
            RETRIED(moved, rename(sources.at[k], targets.at[k]));
            if (moved < 0) {
                errors[k] = errno;
                k = ends[g]; /* the group's other files stay temporaries */
                break;
            }
        }
    Py_END_ALLOW_THREADS
    PyMem_Free(ends);
    paths_release(&sources);
    paths_release(&targets);
    return errno_list(errors, total);
}
#endif

static PyMethodDef methods[] = {
    {"rows", rows, METH_VARARGS, rows_doc},
    {"band_path", band_path, METH_VARARGS, band_path_doc},
    {"bead_costs", bead_costs, METH_VARARGS, bead_costs_doc},
    {"band_costs", band_costs, METH_VARARGS, band_costs_doc},
    {"dice", dice, METH_VARARGS, dice_doc},
    {"length_terms", length_terms, METH_VARARGS, length_terms_doc},
    {"number", number, METH_VARARGS, number_doc},
    {"index", index_words, METH_VARARGS, index_doc},
    {"sign", sign, METH_VARARGS, sign_doc},
    {"stem_pairs", stem_pairs, METH_VARARGS, stem_pairs_doc},
    {"teach", teach, METH_VARARGS, teach_doc},
    {"associate", associate, METH_VARARGS, associate_doc},
    {"analysis", analysis, METH_VARARGS, analysis_doc},
    {"learn", learn, METH_VARARGS, learn_doc},
    {"stem_id", stem_id, METH_VARARGS, stem_id_doc},
    {"edges", edges, METH_VARARGS, edges_doc},
    {"punkt_slices", punkt_slices, METH_VARARGS, punkt_slices_doc},
    {"letter_counts", letter_counts, METH_VARARGS, letter_counts_doc},
    {"joined_sentences", joined_sentences, METH_VARARGS, joined_sentences_doc},
    {"sentence_sets", sentence_sets, METH_VARARGS, sentence_sets_doc},
    {"sentences", sentences, METH_VARARGS, sentences_doc},
    {"path_terms", path_terms, METH_VARARGS, path_terms_doc},
    {"printable_lines", printable_lines, METH_O, printable_lines_doc},
    {"short_digit_lines", short_digit_lines, METH_VARARGS, short_digit_lines_doc},
    {"text_lines", text_lines, METH_VARARGS, text_lines_doc},
    {"words_at_most", (PyCFunction)(void (*)(void))words_at_most, METH_FASTCALL,
     words_at_most_doc},
#ifndef _WIN32
    {"sync_paths", sync_paths, METH_O, sync_paths_doc},
    {"move_paths", move_paths, METH_VARARGS, move_paths_doc},
#endif
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT,
    .m_name = "bialign._speedups",
    .m_doc = "bialign's inner loops, compiled: the search's rows, the anchors' Dice and the "
             "length terms of bead costs.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    crc_init();
    PyObject *module = PyModule_Create(&definition);
    if (module != NULL && PyModule_AddIntConstant(module, "INTERFACE", INTERFACE) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}

/* reading sides
 *
 * number: a side's sentences as word ids (Vocabulary._numbered_python): each sentence cut at
 * white space as str.split() cuts it, each word looked up in the vocabulary's table of words
 * (index), the words it lacks numbered apart: one lookup a word, and no string made but for
 * a word the vocabulary lacks, where Python split every sentence twice (once to find the new
 * words, once to number them).
 */

/* Whether `ch` is white space as str.split() takes it (Py_UNICODE_ISSPACE), without a table or
 * a call for the printable ASCII characters or the letters from U+00A1 to U+167F, Arabic
 * among them, none of which is (the next white space after the space is U+0085). */
static inline int
is_space(Py_UCS4 ch)
{
    if ((ch > 0x20 && ch < 0x85) || (ch > 0xA0 && ch < 0x1680))
        return 0;
    return Py_UNICODE_ISSPACE(ch);
}

/* The vocabulary's words are found through a table of its own, not through its dict of ids:
 * a dict lookup of a word is a new string, hashed, then a cache miss on each of the dict's
 * index, its entry, the key and the value (a dict of 10^5 words is megabytes, spread over the
 * heap); that was most of number's time. A slot of the table is 8 bytes (slot_of): one miss,
 * then one on the word itself to check it. The tables of words (number's words and the words
 * it lacks, learn's stems and stop words) have such slots; a document's stem counts are keyed
 * on stem ids (StemCounts). */

/* A hash of code points hashed so far (FNV-1a), mixed: a table takes its low bits. */
#define FNV_START 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static inline uint64_t
mixed_hash(uint64_t hash)
{
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    hash ^= hash >> 33;
    return hash;
}

/* One code point more of an FNV-1a hash. */
static inline uint64_t
fnv_step(uint64_t hash, Py_UCS4 c)
{
    return (hash ^ c) * FNV_PRIME;
}

/* A table's slot for `number` (from 0): `tag << 32 | (number + 1)` (0: empty), `tag` the
 * hash's low half, placed at the first free slot from the hash's low bits on (linear probing).
 * The tag holds the slot's home in a table of up to 2^32 slots, so that a table made anew
 * twice the size takes the slots as they are (move_slots), without reading the texts again,
 * a cache miss each. */
static inline uint64_t
slot_of(uint64_t hash, Py_ssize_t number)
{
    return (hash & 0xFFFFFFFFu) << 32 | (uint64_t)(number + 1);
}

/* Whether `slot` may be the text whose hash is `hash`: their tags agree. */
static inline int
slot_tagged(uint64_t slot, uint64_t hash)
{
    return slot >> 32 == (hash & 0xFFFFFFFFu);
}

/* Put `slot` in the first free place from its home on. */
static void
place_slot(uint64_t *slots, Py_ssize_t mask, uint64_t slot)
{
    Py_ssize_t at = (Py_ssize_t)((slot >> 32) & (uint64_t)mask);
    while (slots[at] != 0)
        at = (at + 1) & mask;
    slots[at] = slot;
}

/* The slots of the table `old` put in `slots` (empty, and at least twice as many as `old`
 * holds). */
static void
move_slots(const uint64_t *old, Py_ssize_t old_mask, uint64_t *slots, Py_ssize_t mask)
{
    for (Py_ssize_t from = 0; from <= old_mask; from++)
        if (old[from] != 0)
            place_slot(slots, mask, old[from]);
}

/* The slots of a table of `current` (0: none yet, then 64) grown to hold `needed` texts at
 * most half full: doubled as often as that takes; -1 past 2^32 slots, whose homes a slot's tag
 * could not tell apart. */
static Py_ssize_t
slots_for(Py_ssize_t current, Py_ssize_t needed)
{
    Py_ssize_t size = current > 0 ? current : 64;
    while (2 * needed > size && size <= (Py_ssize_t)1 << 32)
        size *= 2;
    return 2 * needed > size || size > (Py_ssize_t)1 << 32 ? -1 : size;
}

/* Room in the table *slots (*mask + 1 of them, or NULL) for `needed` texts, at most half full:
 * made anew twice the size (or more) when it would be fuller; -1 with an exception set. */
static int
grow_slots(uint64_t **slots, Py_ssize_t *mask, Py_ssize_t needed)
{
    if (*slots != NULL && 2 * needed <= *mask + 1)
        return 0;
    Py_ssize_t size = slots_for(*slots != NULL ? *mask + 1 : 0, needed);
    uint64_t *grown = size > 0 ? PyMem_Calloc((size_t)size, sizeof(uint64_t)) : NULL;
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    if (*slots != NULL)
        move_slots(*slots, *mask, grown, size - 1);
    PyMem_Free(*slots);
    *slots = grown;
    *mask = size - 1;
    return 0;
}

/* Make room for `needed` items of `item` bytes in *data (PyMem, doubled as it grows); on
 * failure a MemoryError is set and *data is left as it was. */
static int
reserve(void **data, Py_ssize_t *room, Py_ssize_t needed, size_t item)
{
    if (needed <= *room)
        return 0;
    Py_ssize_t size = *room > 0 ? *room : 64;
    while (size < needed) {
        if (size > PY_SSIZE_T_MAX / 2 / (Py_ssize_t)item) {
            PyErr_NoMemory();
            return -1;
        }
        size *= 2;
    }
    void *grown = PyMem_Realloc(*data, (size_t)size * item);
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *data = grown;
    *room = size;
    return 0;
}

/* The hash of the code points of text[start:start + size], the same whatever the strings'
 * kinds. */
static uint64_t
span_hash(PyObject *text, Py_ssize_t start, Py_ssize_t size)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    uint64_t hash = FNV_START;
    for (Py_ssize_t k = start; k < start + size; k++)
        hash = fnv_step(hash, PyUnicode_READ(kind, data, k));
    return mixed_hash(hash);
}

/* The words of a sentence as str.split() cuts it: the next one from `*k` on, as [*start, *k),
 * and its span_hash, in one pass over its characters (the loop compiled for each kind of
 * string); 0 when there is none left. */
ALWAYS_INLINE int
next_word_of(int kind, const void *data, Py_ssize_t size, Py_ssize_t *start, Py_ssize_t *k,
             uint64_t *hash)
{
    Py_ssize_t at = *k;
    while (at < size && is_space(PyUnicode_READ(kind, data, at)))
        at++;
    *start = at;
    uint64_t folded = FNV_START;
    for (; at < size; at++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, at);
        if (is_space(c))
            break;
        folded = fnv_step(folded, c);
    }
    *k = at;
    *hash = mixed_hash(folded);
    return at > *start;
}

/* Whether `word` is text[start:start + size]. */
static int
same_word(PyObject *word, PyObject *text, Py_ssize_t start, Py_ssize_t size)
{
    if (PyUnicode_GET_LENGTH(word) != size)
        return 0;
    int kw = PyUnicode_KIND(word), kt = PyUnicode_KIND(text);
    const char *dw = PyUnicode_DATA(word), *dt = PyUnicode_DATA(text);
    if (kw == kt)
        return memcmp(dw, dt + start * kt, size * kt) == 0;
    for (Py_ssize_t k = 0; k < size; k++)
        if (PyUnicode_READ(kw, dw, k) != PyUnicode_READ(kt, dt, start + k))
            return 0;
    return 1;
}

typedef struct {
    uint64_t *slots;
    Py_ssize_t mask; /* slots - 1 */
    PyObject *words; /* list of str, by id */
} WordTable;

/* The id of text[start:start + size], whose span_hash is `hash`, in `table`, or -1; -2 with an
 * exception set when the table names a word `words` lacks. */
static Py_ssize_t
find_word(const WordTable *table, PyObject *text, Py_ssize_t start, Py_ssize_t size,
          uint64_t hash)
{
    for (Py_ssize_t at = (Py_ssize_t)(hash & table->mask);; at = (at + 1) & table->mask) {
        uint64_t slot = table->slots[at];
        if (slot == 0)
            return -1;
        if (!slot_tagged(slot, hash))
            continue;
        Py_ssize_t id = (Py_ssize_t)(slot & 0xFFFFFFFFu) - 1;
        if (id >= PyList_GET_SIZE(table->words)) {
            PyErr_SetString(PyExc_IndexError, "number: the table names a word not in words");
            return -2;
        }
        PyObject *word = PyList_GET_ITEM(table->words, id);
        if (PyUnicode_Check(word) && same_word(word, text, start, size))
            return id;
    }
}

/* The words of `unseen` (a list: the words the vocabulary lacks, in the order first met),
 * found through a table of the call's own as the vocabulary's are: a dict of them cost a
 * string made, hashed and searched in a cold dict for every word the vocabulary lacks. A slot
 * numbers k, the word's place in the list. */
typedef struct {
    PyObject *list;
    uint64_t *slots;
    Py_ssize_t mask; /* slots - 1 */
    PyObject **words; /* borrowed from the list */
    Py_ssize_t count, room;
} Unseen;

static void
unseen_free(Unseen *unseen)
{
    PyMem_Free(unseen->slots);
    PyMem_Free(unseen->words);
}

/* Room for one more word; -1 with an exception set. */
static int
unseen_reserve(Unseen *unseen)
{
    Py_ssize_t needed = unseen->count + 1;
    return reserve((void **)&unseen->words, &unseen->room, needed, sizeof(PyObject *)) < 0 ||
                   grow_slots(&unseen->slots, &unseen->mask, needed) < 0
               ? -1
               : 0;
}

/* Number the word `word` (the list's, borrowed), whose span_hash is `hash`, next. */
static void
unseen_add(Unseen *unseen, PyObject *word, uint64_t hash)
{
    place_slot(unseen->slots, unseen->mask, slot_of(hash, unseen->count));
    unseen->words[unseen->count++] = word;
}

/* The table of the words of the list `unseen`; -1 with an exception set. */
static int
unseen_init(Unseen *unseen, PyObject *list)
{
    memset(unseen, 0, sizeof *unseen);
    unseen->list = list;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(list); k++) {
        PyObject *word = PyList_GET_ITEM(list, k);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "number: unseen must hold str");
            return -1;
        }
        if (unseen_reserve(unseen) < 0)
            return -1;
        unseen_add(unseen, word, span_hash(word, 0, PyUnicode_GET_LENGTH(word)));
    }
    return unseen_reserve(unseen);
}

/* The place of sentence[start:start + size], whose span_hash is `hash`, in `unseen`, added
 * if new; -1 with an exception set. */
static Py_ssize_t
unseen_number(Unseen *unseen, PyObject *sentence, Py_ssize_t start, Py_ssize_t size,
              uint64_t hash)
{
    for (Py_ssize_t at = (Py_ssize_t)(hash & unseen->mask);; at = (at + 1) & unseen->mask) {
        uint64_t slot = unseen->slots[at];
        if (slot == 0)
            break;
        Py_ssize_t k = (Py_ssize_t)(slot & 0xFFFFFFFFu) - 1;
        if (slot_tagged(slot, hash) && same_word(unseen->words[k], sentence, start, size))
            return k;
    }
    if (PyList_GET_SIZE(unseen->list) != unseen->count || unseen->count >= (Py_ssize_t)INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "number: unseen changed, or is too long");
        return -1;
    }
    if (unseen_reserve(unseen) < 0)
        return -1;
    PyObject *word = PyUnicode_Substring(sentence, start, start + size);
    if (word == NULL || PyList_Append(unseen->list, word) < 0) {
        Py_XDECREF(word);
        return -1;
    }
    Py_DECREF(word); /* the list holds it */
    unseen_add(unseen, word, hash);
    return unseen->count - 1;
}

/* The number of sentence[start:end] (whose span_hash is `hash`): its id in `table`, else the
 * id it gets once learnt, the table's words and its place in `unseen` (placed if new). */
static int
word_number(const WordTable *table, Unseen *unseen, PyObject *sentence, Py_ssize_t start,
            Py_ssize_t end, uint64_t hash, int32_t *number)
{
    Py_ssize_t id = find_word(table, sentence, start, end - start, hash);
    if (id == -2)
        return -1;
    if (id > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "number: word ids must fit in 32 bits");
        return -1;
    }
    if (id >= 0) {
        *number = (int32_t)id;
        return 0;
    }
    Py_ssize_t k = unseen_number(unseen, sentence, start, end - start, hash);
    if (k < 0)
        return -1;
    if (k > INT32_MAX - PyList_GET_SIZE(table->words)) {
        PyErr_SetString(PyExc_OverflowError, "number: word ids must fit in 32 bits");
        return -1;
    }
    *number = (int32_t)(PyList_GET_SIZE(table->words) + k);
    return 0;
}

#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif
#define LOOKAHEAD 32
/* How far ahead sign asks for a word's rows: a few words' work hides a miss. */
#define WORDS_AHEAD 8

/* The word a table slot names, if any (not checked against the text): borrowed, or NULL. */
static inline PyObject *
slot_word(const WordTable *table, uint64_t slot)
{
    Py_ssize_t id = (Py_ssize_t)(slot & 0xFFFFFFFFu) - 1;
    return slot != 0 && id < PyList_GET_SIZE(table->words) ? PyList_GET_ITEM(table->words, id)
                                                           : NULL;
}

/* The numbers of the words of one sentence, into `numbers`, LOOKAHEAD words at a time: what
 * each word's lookup reads one after the other (its slot, the list's item, the word) is asked
 * for a batch of words ahead, so that the cache misses overlap instead of adding up. A word
 * found at its first slot, nearly every one, is numbered here, from the slot read once; any
 * other by word_number. The loop is compiled for each kind of string. Returns how many words
 * the sentence has, or -1 with an exception set. */
ALWAYS_INLINE Py_ssize_t
number_sentence_of(int kind, const WordTable *table, Unseen *unseen, PyObject *sentence,
                   int32_t *numbers)
{
    const void *data = PyUnicode_DATA(sentence);
    Py_ssize_t size = PyUnicode_GET_LENGTH(sentence);
    Py_ssize_t starts[LOOKAHEAD], ends[LOOKAHEAD], k = 0, words = 0;
    uint64_t hashes[LOOKAHEAD], slots[LOOKAHEAD];
    for (;;) {
        int count = 0;
        while (count < LOOKAHEAD &&
               next_word_of(kind, data, size, &starts[count], &k, &hashes[count])) {
            ends[count] = k;
            PREFETCH(&table->slots[hashes[count] & table->mask]);
            count++;
        }
        for (int w = 0; w < count; w++) {
            slots[w] = table->slots[hashes[w] & table->mask];
            Py_ssize_t id = (Py_ssize_t)(slots[w] & 0xFFFFFFFFu) - 1;
            if (id >= 0 && id < PyList_GET_SIZE(table->words))
                PREFETCH(&PyList_GET_ITEM(table->words, id));
        }
        for (int w = 0; w < count; w++) {
            PyObject *word = slot_word(table, slots[w]);
            if (word != NULL) {
                PREFETCH(word);
                PREFETCH((const char *)word + 64); /* a compact string's characters */
            }
        }
        for (int w = 0; w < count; w++, numbers++) {
            /* The list read afresh: it is the caller's, whatever a collection did since. */
            PyObject *word = slot_word(table, slots[w]);
            Py_ssize_t id = (Py_ssize_t)(slots[w] & 0xFFFFFFFFu) - 1;
            if (word != NULL && slot_tagged(slots[w], hashes[w]) && id <= INT32_MAX &&
                PyUnicode_Check(word) && same_word(word, sentence, starts[w], ends[w] - starts[w]))
                *numbers = (int32_t)id;
            else if (word_number(table, unseen, sentence, starts[w], ends[w], hashes[w], numbers) <
                     0)
                return -1;
        }
        words += count;
        if (count < LOOKAHEAD)
            return words;
    }
}

static Py_ssize_t
number_sentence(const WordTable *table, Unseen *unseen, PyObject *sentence, int32_t *numbers)
{
    switch (PyUnicode_KIND(sentence)) {
    case PyUnicode_1BYTE_KIND:
        return number_sentence_of(PyUnicode_1BYTE_KIND, table, unseen, sentence, numbers);
    case PyUnicode_2BYTE_KIND:
        return number_sentence_of(PyUnicode_2BYTE_KIND, table, unseen, sentence, numbers);
    default:
        return number_sentence_of(PyUnicode_4BYTE_KIND, table, unseen, sentence, numbers);
    }
}

/* The table's slots, from a writable buffer (a bytearray, say) of uint64 slots, a power of
 * two of them; on failure an exception is set. */
static int
take_table(PyObject *object, Py_buffer *view, WordTable *table)
{
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0)
        return -1;
    Py_ssize_t size = view->len / 8;
    if (view->len % 8 != 0 || size == 0 || (size & (size - 1)) != 0 ||
        (uintptr_t)view->buf % 8 != 0) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_ValueError, "the table must be uint64, a power of two long");
        return -1;
    }
    table->slots = view->buf;
    table->mask = size - 1;
    return 0;
}

static PyObject *
number(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *sentences, *table_object, *list;
    WordTable table;
    Unseen unseen;
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "OOO!O!", &sentences, &table_object, &PyList_Type, &table.words,
                          &PyList_Type, &list) ||
        take_table(table_object, &view, &table) < 0)
        return NULL;
    if (unseen_init(&unseen, list) < 0) {
        unseen_free(&unseen);
        PyBuffer_Release(&view);
        return NULL;
    }
    /* A tuple of its own: the sentences read twice are the same whatever happens to the list. */
    PyObject *held = PySequence_Tuple(sentences);
    if (held == NULL) {
        unseen_free(&unseen);
        PyBuffer_Release(&view);
        return NULL;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(held), bound = 0, total = 0;
    for (Py_ssize_t s = 0; s < count; s++) {
        PyObject *sentence = PyTuple_GET_ITEM(held, s);
        if (!PyUnicode_Check(sentence)) {
            PyErr_SetString(PyExc_TypeError, "number: sentences must be str");
            Py_DECREF(held);
            unseen_free(&unseen);
            PyBuffer_Release(&view);
            return NULL;
        }
        /* A word and the space after it take two characters at least. */
        bound += (PyUnicode_GET_LENGTH(sentence) + 1) / 2;
    }
    PyObject *counts = PyByteArray_FromStringAndSize(NULL, count * 8);
    PyObject *word_ids = PyByteArray_FromStringAndSize(NULL, bound * 4);
    int failed = counts == NULL || word_ids == NULL;
    for (Py_ssize_t s = 0; s < count && !failed; s++) {
        int32_t *numbers = (int32_t *)PyByteArray_AS_STRING(word_ids) + total;
        Py_ssize_t words = number_sentence(&table, &unseen, PyTuple_GET_ITEM(held, s), numbers);
        ((int64_t *)PyByteArray_AS_STRING(counts))[s] = words;
        total += words;
        failed = words < 0;
    }
    failed = failed || PyByteArray_Resize(word_ids, total * 4) < 0;
    Py_DECREF(held);
    unseen_free(&unseen);
    PyBuffer_Release(&view);
    if (failed) {
        Py_XDECREF(counts);
        Py_XDECREF(word_ids);
        return NULL;
    }
    return Py_BuildValue("NN", word_ids, counts);
}

static PyObject *
index_words(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *given;
    Py_ssize_t first;
    WordTable table;
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "OO!n", &given, &PyList_Type, &table.words, &first) ||
        take_table(given, &view, &table) < 0)
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(table.words), size = slots_for(table.mask + 1, count);
    if (first < 0 || first > count || size < 0) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "index: first out of range, or too many words");
        return NULL;
    }
    PyObject *result = given;
    if (size > table.mask + 1) {
        result = PyByteArray_FromStringAndSize(NULL, size * 8);
        if (result == NULL) {
            PyBuffer_Release(&view);
            return NULL;
        }
        uint64_t *slots = (uint64_t *)PyByteArray_AS_STRING(result);
        memset(slots, 0, (size_t)size * 8);
        move_slots(table.slots, table.mask, slots, size - 1);
        PyBuffer_Release(&view);
        /* the bytearray is this call's: nothing else can resize it */
        table.slots = slots;
        table.mask = size - 1;
    }
    else
        Py_INCREF(result);
    for (Py_ssize_t id = first; id < count; id++) {
        PyObject *word = PyList_GET_ITEM(table.words, id);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "index: words must be str");
            break;
        }
        uint64_t hash = span_hash(word, 0, PyUnicode_GET_LENGTH(word));
        place_slot(table.slots, table.mask, slot_of(hash, id));
    }
    if (result == given)
        PyBuffer_Release(&view);
    if (PyErr_Occurred()) {
        Py_DECREF(result);
        return NULL;
    }
    return result;
}

/* Whether `starts` (count + 1 of them) runs from 0 up to `words` and never decreases, as the
 * sentences' words; else a ValueError naming the function is set. */
static int
starts_checked(const int64_t *starts, Py_ssize_t count, Py_ssize_t words, const char *name)
{
    for (Py_ssize_t k = 0; k < count; k++)
        if (starts[k] > starts[k + 1]) {
            PyErr_Format(PyExc_ValueError, "%s: starts must not decrease", name);
            return 0;
        }
    if (starts[0] != 0 || starts[count] != words) {
        PyErr_Format(PyExc_ValueError, "%s: starts must run from 0 to the words", name);
        return 0;
    }
    return 1;
}

static const Arrays sign_arrays = {
    6,
    {"word_ids", "starts", "rows", "spans", "signatures", "lengths"},
    {4, 8, 8, 8, 8, 8},
    {0, 0, 0, 0, 1, 1},
};

/* What sign reads: its arrays agree in size, `starts` runs from 0 up to the words, and every
 * word has a row and a span; else a ValueError or IndexError is set. */
static int
sign_checked(const Py_buffer *views)
{
    const int32_t *ids = views[0].buf;
    const int64_t *starts = views[1].buf;
    Py_ssize_t count = views[1].len / 8 - 1, words = views[0].len / 4;
    if (views[2].ndim != 2 || views[4].ndim != 2 || views[2].shape[1] != views[4].shape[1] ||
        count < 0 || views[4].shape[0] != count || views[5].len / 8 != count ||
        views[3].len / 8 < views[2].shape[0]) {
        PyErr_SetString(PyExc_ValueError, "sign: array sizes do not agree");
        return 0;
    }
    if (!starts_checked(starts, count, words, "sign"))
        return 0;
    for (Py_ssize_t k = 0; k < words; k++)
        if (ids[k] < 0 || ids[k] >= views[2].shape[0]) {
            PyErr_Format(PyExc_IndexError, "sign: word id %d out of range", (int)ids[k]);
            return 0;
        }
    return 1;
}

static PyObject *
sign(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    if (!PyArg_ParseTuple(args, "OOOOOO", &objects[0], &objects[1], &objects[2], &objects[3],
                          &objects[4], &objects[5]) ||
        take_buffers(&sign_arrays, objects, views) < 0)
        return NULL;
    if (!sign_checked(views))
        return release_buffers(&sign_arrays, views);
    const int32_t *ids = views[0].buf;
    const int64_t *starts = views[1].buf, *spans = views[3].buf;
    const uint64_t *rows = views[2].buf;
    uint64_t *signatures = views[4].buf;
    double *lengths = views[5].buf;
    Py_ssize_t count = views[1].len / 8 - 1, width = views[2].shape[1], total = starts[count];
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < count; k++) {
        uint64_t *signature = signatures + k * width;
        int64_t length = 0;
        memset(signature, 0, width * 8);
        for (int64_t w = starts[k]; w < starts[k + 1]; w++) {
            if (w + WORDS_AHEAD < total) {
                /* Words come in the text's order, not the rows': the row and span of a word
                 * some way ahead asked for now, so that the cache misses of the rarer words
                 * overlap. A row is 64 bytes, not always on one line. */
                const uint64_t *ahead = rows + (Py_ssize_t)ids[w + WORDS_AHEAD] * width;
                PREFETCH(ahead);
                PREFETCH(ahead + width - 1);
                PREFETCH(&spans[ids[w + WORDS_AHEAD]]);
            }
            const uint64_t *row = rows + (Py_ssize_t)ids[w] * width;
            for (Py_ssize_t c = 0; c < width; c++)
                signature[c] |= row[c];
            length += spans[ids[w]];
        }
        /* A word's span counts the space after it: the last one has none. */
        lengths[k] = (double)(length > 1 ? length - 1 : 0);
    }
    Py_END_ALLOW_THREADS
    return release_buffers(&sign_arrays, views);
}

static const Arrays stem_pairs_arrays = {
    6,
    {"rows", "starts", "word_ids", "stem_starts", "stem_counts", "stem_ids"},
    {8, 8, 4, 8, 8, 8},
    {0, 0, 0, 0, 0, 0},
};

static int
compare_ids(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Sort the few stem ids of a sentence: insertion, or qsort for a long one. */
static void
sort_ids(int64_t *ids, Py_ssize_t size)
{
    if (size > 32) {
        qsort(ids, size, sizeof(int64_t), compare_ids);
        return;
    }
    for (Py_ssize_t k = 1; k < size; k++) {
        int64_t id = ids[k];
        Py_ssize_t j = k;
        for (; j > 0 && ids[j - 1] > id; j--)
            ids[j] = ids[j - 1];
        ids[j] = id;
    }
}

/* What went wrong in stem_pairs, found with the GIL released: raised once it is taken back. */
enum { PAIRS_DONE, PAIRS_ROW, PAIRS_STARTS, PAIRS_WORD, PAIRS_MEMORY };

static PyObject *
pairs_failed(int failure, int64_t bad)
{
    if (failure == PAIRS_ROW)
        PyErr_Format(PyExc_IndexError, "stem_pairs: row %lld out of range", (long long)bad);
    else if (failure == PAIRS_STARTS)
        PyErr_SetString(PyExc_ValueError, "stem_pairs: starts out of order or range");
    else if (failure == PAIRS_WORD)
        PyErr_Format(PyExc_IndexError, "stem_pairs: word id %d out of range", (int)bad);
    else
        PyErr_NoMemory();
    return NULL;
}

static PyObject *
stem_pairs(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    if (!PyArg_ParseTuple(args, "OOOOOO", &objects[0], &objects[1], &objects[2], &objects[3],
                          &objects[4], &objects[5]) ||
        take_buffers(&stem_pairs_arrays, objects, views) < 0)
        return NULL;
    const int64_t *rows = views[0].buf, *starts = views[1].buf, *stem_starts = views[3].buf,
                  *stem_counts = views[4].buf, *stem_ids = views[5].buf;
    const int32_t *ids = views[2].buf;
    Py_ssize_t sentences = views[1].len / 8 - 1, words = views[2].len / 4,
               stems = views[5].len / 8, count = views[0].len / 8;
    Py_ssize_t known = views[3].len / 8 < views[4].len / 8 ? views[3].len / 8 : views[4].len / 8;
    if (sentences < 0) {
        PyErr_SetString(PyExc_ValueError, "stem_pairs: starts must end with the words' end");
        return release_buffers(&stem_pairs_arrays, views);
    }
    /* Every index is checked as the one pass meets it: a pass to check them and size the
     * result first read every word's stems twice. */
    int64_t *pairs = NULL, bad = 0;
    Py_ssize_t size = 0, room = 0;
    int failure = PAIRS_DONE;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < count && failure == PAIRS_DONE; k++) {
        if (rows[k] < 0 || rows[k] >= sentences) {
            failure = PAIRS_ROW;
            bad = rows[k];
            break;
        }
        int64_t first = starts[rows[k]], end = starts[rows[k] + 1];
        if (first < 0 || first > end || end > words) {
            failure = PAIRS_STARTS;
            break;
        }
        /* The sentence's stems counted, then gathered, sorted and each kept once, then
         * numbered by k. */
        Py_ssize_t held = 0;
        for (int64_t w = first; w < end; w++) {
            int32_t id = ids[w];
            if (id < 0 || id >= known || stem_counts[id] < 0 || stem_starts[id] < 0 ||
                stem_starts[id] + stem_counts[id] > stems) {
                failure = PAIRS_WORD;
                bad = id;
                break;
            }
            PREFETCH(&stem_ids[stem_starts[id]]);
            held += stem_counts[id];
        }
        if (failure == PAIRS_DONE && size + held > room) {
            Py_ssize_t grown = 2 * room > size + held ? 2 * room : size + held + 1024;
            int64_t *more = (size_t)grown <= PY_SSIZE_T_MAX / 8
                                ? PyMem_RawRealloc(pairs, (size_t)grown * 8)
                                : NULL;
            if (more == NULL)
                failure = PAIRS_MEMORY;
            else {
                pairs = more;
                room = grown;
            }
        }
        if (failure != PAIRS_DONE)
            break;
        int64_t *own = pairs + size;
        Py_ssize_t gathered = 0;
        for (int64_t w = first; w < end; w++) {
            const int64_t *word = stem_ids + stem_starts[ids[w]];
            for (int64_t s = 0; s < stem_counts[ids[w]]; s++)
                own[gathered++] = word[s];
        }
        sort_ids(own, gathered);
        Py_ssize_t kept = 0;
        for (Py_ssize_t s = 0; s < gathered; s++)
            if (kept == 0 || own[s] != own[kept - 1])
                own[kept++] = own[s];
        for (Py_ssize_t s = 0; s < kept; s++)
            own[s] |= (int64_t)k << 32;
        size += kept;
    }
    Py_END_ALLOW_THREADS
    for (int k = 0; k < stem_pairs_arrays.count; k++)
        PyBuffer_Release(&views[k]);
    PyObject *result = failure != PAIRS_DONE
                           ? pairs_failed(failure, bad)
                           : PyBytes_FromStringAndSize(size ? (const char *)pairs : NULL, size * 8);
    PyMem_RawFree(pairs);
    return result;
}

static const Arrays teach_arrays = {
    8,
    {"word_ids", "starts", "stem_starts", "stem_counts", "stem_ids", "learnt", "bits",
     "signatures"},
    {4, 8, 8, 8, 8, 8, 8, 8},
    {0, 0, 0, 0, 0, 0, 0, 1},
};

/* What teach reads: rows as wide as the signatures, one a learnt stem, starts running from 0
 * up to the words, and every word's stems in stem_ids; else a ValueError or IndexError. */
static int
teach_checked(const Py_buffer *views)
{
    const int32_t *ids = views[0].buf;
    const int64_t *starts = views[1].buf, *stem_starts = views[2].buf, *stem_counts = views[3].buf;
    Py_ssize_t count = views[1].len / 8 - 1, words = views[0].len / 4;
    Py_ssize_t known = views[2].len < views[3].len ? views[2].len / 8 : views[3].len / 8;
    if (views[6].ndim != 2 || views[7].ndim != 2 || views[6].shape[1] != views[7].shape[1] ||
        views[6].shape[0] != views[5].len / 8 || count < 0 || views[7].shape[0] != count) {
        PyErr_SetString(PyExc_ValueError, "teach: array sizes do not agree");
        return 0;
    }
    if (!starts_checked(starts, count, words, "teach"))
        return 0;
    for (Py_ssize_t k = 0; k < words; k++)
        if (ids[k] < 0 || ids[k] >= known || stem_counts[ids[k]] < 0 || stem_starts[ids[k]] < 0 ||
            stem_starts[ids[k]] + stem_counts[ids[k]] > views[4].len / 8) {
            PyErr_Format(PyExc_IndexError, "teach: word id %d out of range", (int)ids[k]);
            return 0;
        }
    return 1;
}

static PyObject *
teach(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    if (!PyArg_ParseTuple(args, "OOOOOOOO", &objects[0], &objects[1], &objects[2], &objects[3],
                          &objects[4], &objects[5], &objects[6], &objects[7]) ||
        take_buffers(&teach_arrays, objects, views) < 0)
        return NULL;
    if (!teach_checked(views))
        return release_buffers(&teach_arrays, views);
    const int32_t *ids = views[0].buf;
    const int64_t *starts = views[1].buf, *stem_starts = views[2].buf, *stem_counts = views[3].buf,
                  *stem_ids = views[4].buf, *learnt = views[5].buf;
    const uint64_t *bits = views[6].buf;
    uint64_t *signatures = views[7].buf;
    Py_ssize_t count = views[1].len / 8 - 1, width = views[7].shape[1], size = views[5].len / 8;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < count && size > 0; k++)
        for (int64_t w = starts[k]; w < starts[k + 1]; w++)
            for (int64_t s = 0; s < stem_counts[ids[w]]; s++) {
                /* the stem's place among the learnt ones, by bisection */
                int64_t stem = stem_ids[stem_starts[ids[w]] + s];
                Py_ssize_t low = 0, high = size;
                while (low < high) {
                    Py_ssize_t middle = low + (high - low) / 2;
                    if (learnt[middle] < stem)
                        low = middle + 1;
                    else
                        high = middle;
                }
                if (low < size && learnt[low] == stem)
                    for (Py_ssize_t c = 0; c < width; c++)
                        signatures[k * width + c] |= bits[low * width + c];
            }
    Py_END_ALLOW_THREADS
    return release_buffers(&teach_arrays, views);
}

static const Arrays associate_arrays = {
    2,
    {"ar_pairs", "en_pairs"},
    {8, 8},
    {0, 0},
};

/* How many pairs hold each stem: defined at the end of the file (word analysis, vocab5). */
typedef struct StemCounts StemCounts;
static StemCounts *stem_counts_of(const int64_t *pairs, Py_ssize_t size);
static int64_t stem_count(const StemCounts *counts, int64_t stem);

/* The pairs whose stem comes at least min_count times, kept in place; how many. */
static Py_ssize_t
frequent(int64_t *pairs, Py_ssize_t size, const StemCounts *counts, int64_t min_count)
{
    Py_ssize_t kept = 0;
    for (Py_ssize_t k = 0; k < size; k++)
        if (stem_count(counts, pairs[k] & 0xFFFFFFFF) >= min_count)
            pairs[kept++] = pairs[k];
    return kept;
}

static PyObject *
associate(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    long long min_count;
    double min_dice;
    if (!PyArg_ParseTuple(args, "OOLd", &objects[0], &objects[1], &min_count, &min_dice) ||
        take_buffers(&associate_arrays, objects, views) < 0)
        return NULL;
    Py_ssize_t ar_size = views[0].len / 8, en_size = views[1].len / 8;
    /* Copies, filtered in place: a pair seen min_count times has words seen as often. */
    int64_t *ar = PyMem_Malloc((ar_size + 1) * 8), *en = PyMem_Malloc((en_size + 1) * 8);
    int64_t *together = NULL;
    StemCounts *ar_counts = NULL, *en_counts = NULL;
    PyObject *result = NULL;
    if (ar == NULL || en == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    memcpy(ar, views[0].buf, ar_size * 8);
    memcpy(en, views[1].buf, en_size * 8);
    if ((ar_counts = stem_counts_of(ar, ar_size)) == NULL ||
        (en_counts = stem_counts_of(en, en_size)) == NULL)
        goto done;
    ar_size = frequent(ar, ar_size, ar_counts, min_count);
    en_size = frequent(en, en_size, en_counts, min_count);
    /* Every Arabic stem of a sentence pair with every English one, as a << 32 | e. */
    Py_ssize_t size = 0, capacity = 0;
    for (Py_ssize_t a = 0, e = 0; a < ar_size; a++) {
        int64_t pair = ar[a] >> 32;
        while (e < en_size && en[e] >> 32 < pair)
            e++;
        Py_ssize_t end = e;
        while (end < en_size && en[end] >> 32 == pair)
            end++;
        if (size + (end - e) > capacity) {
            capacity = 2 * (size + (end - e)) + 1024;
            int64_t *grown = PyMem_Realloc(together, capacity * 8);
            if (grown == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            together = grown;
        }
        for (Py_ssize_t k = e; k < end; k++)
            together[size++] = (ar[a] & 0xFFFFFFFF) << 32 | (en[k] & 0xFFFFFFFF);
    }
    if (size > 0)
        qsort(together, size, sizeof(int64_t), compare_ids);
    /* Each distinct pair kept by the rule, in place. */
    Py_ssize_t kept = 0;
    for (Py_ssize_t k = 0; k < size;) {
        Py_ssize_t end = k + 1;
        while (end < size && together[end] == together[k])
            end++;
        int64_t count = end - k;
        int64_t either =
            stem_count(ar_counts, together[k] >> 32) + stem_count(en_counts, together[k] & 0xFFFFFFFF);
        if (count >= min_count && (double)(2 * count) / (double)either >= min_dice)
            together[kept++] = together[k];
        k = end;
    }
    result = PyBytes_FromStringAndSize(kept ? (const char *)together : NULL, kept * 8);
done:
    PyMem_Free(ar);
    PyMem_Free(en);
    PyMem_Free(ar_counts);
    PyMem_Free(en_counts);
    PyMem_Free(together);
    for (int k = 0; k < associate_arrays.count; k++)
        PyBuffer_Release(&views[k]);
    return result;
}

/* word analysis (learn4)
 *
 * learn: the signature rows, stem ids and spans of words met for the first time, as
 * bialign.lexicon.vocabulary's Python twin (Vocabulary._learnt_python) gives them: each word
 * normalised (chars.normalize_for_length), cut into pieces, each piece analysed
 * (bialign.lexicon.tokens.analyse). The pieces nearly every word is, one run of ASCII letters
 * or of Arabic letters, are analysed here, with no Python object made but for a stem met for
 * the first time; any other piece (numbers, apostrophes, mixed scripts) by the Python
 * functions passed in, and remembered, so that the rules live in one place for everything but
 * those two common shapes.
 *
 * What a vocabulary's analysis keeps from call to call is an Analysis (a capsule the
 * vocabulary holds, made by `analysis`): its stems in a hash table of its own, each with the
 * bits its month and word-table tokens set, and the stop words as tables too. A Python dict
 * lookup is a string made, hashed, then a cache miss on each of the dict's index, its entry
 * and the key; that was half of learn's time, and a word met for the first time meets cold
 * entries.
 */

#define SIGNATURE_BITS 512 /* bialign.lexicon.vocabulary.SIGNATURE_BITS */
#define ROW_WORDS (SIGNATURE_BITS / 64)
#define ROW_BYTES (ROW_WORDS * 8)
#define MIN_SKELETON 3 /* tokens._MIN_SKELETON */

static uint32_t crc_table[256];

static void
crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

/* zlib.crc32 of the bytes, as vocabulary._mask takes it. */
static uint32_t
crc32_of(const char *bytes, Py_ssize_t size)
{
    uint32_t c = 0xFFFFFFFFu;
    for (Py_ssize_t k = 0; k < size; k++)
        c = crc_table[(c ^ (unsigned char)bytes[k]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/* The bit of the token whose UTF-8 is `bytes` in a signature row. */
static uint32_t
token_bit(const char *bytes, Py_ssize_t size)
{
    return crc32_of(bytes, size) % SIGNATURE_BITS;
}

static void
set_bit(uint64_t *row, uint32_t bit)
{
    row[bit >> 6] |= (uint64_t)1 << (bit & 63);
}

/* The bit of a token given as a str; -1 with an exception set. */
static int32_t
str_bit(PyObject *token)
{
    Py_ssize_t size;
    const char *bytes = PyUnicode_Check(token) ? PyUnicode_AsUTF8AndSize(token, &size) : NULL;
    if (bytes == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "learn: tokens must be str");
        return -1;
    }
    return (int32_t)token_bit(bytes, size);
}

/* "sk:" and a skeleton as a token, when the skeleton is long enough (ASCII, `size` bytes
 * from `buffer` + 3, the three before it free). */
static void
set_skeleton_bit(uint64_t *row, char *buffer, Py_ssize_t size)
{
    if (size < MIN_SKELETON)
        return;
    memcpy(buffer, "sk:", 3);
    set_bit(row, token_bit(buffer, size + 3));
}

typedef struct {
    int64_t *data;
    Py_ssize_t size, room;
} Ids;

static int
push_id(Ids *ids, int64_t id)
{
    if (reserve((void **)&ids->data, &ids->room, ids->size + 1, sizeof(int64_t)) < 0)
        return -1;
    ids->data[ids->size++] = id;
    return 0;
}

/* span_hash of code points held as UCS4. */
static uint64_t
text_hash(const Py_UCS4 *text, Py_ssize_t size)
{
    uint64_t hash = FNV_START;
    for (Py_ssize_t k = 0; k < size; k++)
        hash = fnv_step(hash, text[k]);
    return mixed_hash(hash);
}

/* Texts, numbered from 0 in the order they are added, found by their code points through
 * slots (slot_of, at most half full); their code points lie one after another in `chars`,
 * text n ending at ends[n]. */
typedef struct {
    uint64_t *slots;
    Py_ssize_t mask; /* slots - 1 */
    Py_UCS4 *chars;
    Py_ssize_t used, chars_room;
    Py_ssize_t *ends;
    Py_ssize_t count, ends_room;
} Texts;

static void
texts_free(Texts *texts)
{
    PyMem_Free(texts->slots);
    PyMem_Free(texts->chars);
    PyMem_Free(texts->ends);
    memset(texts, 0, sizeof *texts);
}

/* The number of `text`, whose text_hash is `hash`, or -1. */
static Py_ssize_t
texts_find(const Texts *texts, const Py_UCS4 *text, Py_ssize_t size, uint64_t hash)
{
    if (texts->slots == NULL)
        return -1;
    for (Py_ssize_t at = (Py_ssize_t)(hash & texts->mask);; at = (at + 1) & texts->mask) {
        uint64_t slot = texts->slots[at];
        if (slot == 0)
            return -1;
        if (!slot_tagged(slot, hash))
            continue;
        Py_ssize_t number = (Py_ssize_t)(slot & 0xFFFFFFFFu) - 1;
        Py_ssize_t start = number > 0 ? texts->ends[number - 1] : 0;
        if (texts->ends[number] - start == size &&
            (size == 0 || memcmp(texts->chars + start, text, size * sizeof(Py_UCS4)) == 0))
            return number;
    }
}

/* Add `text` (not there yet), whose text_hash is `hash`: its number, or -1 with an exception
 * set. */
static Py_ssize_t
texts_add(Texts *texts, const Py_UCS4 *text, Py_ssize_t size, uint64_t hash)
{
    if (texts->count >= (Py_ssize_t)0xFFFFFFFE) {
        PyErr_SetString(PyExc_OverflowError, "learn: too many texts for a table");
        return -1;
    }
    if (grow_slots(&texts->slots, &texts->mask, texts->count + 1) < 0 ||
        reserve((void **)&texts->chars, &texts->chars_room, texts->used + size + 1,
                sizeof(Py_UCS4)) < 0 ||
        reserve((void **)&texts->ends, &texts->ends_room, texts->count + 1, sizeof(Py_ssize_t)) < 0)
        return -1;
    if (size > 0)
        memcpy(texts->chars + texts->used, text, size * sizeof(Py_UCS4));
    texts->used += size;
    texts->ends[texts->count] = texts->used;
    place_slot(texts->slots, texts->mask, slot_of(hash, texts->count));
    return texts->count++;
}

/* The strs of a set added to `texts`; -1 with an exception set. */
static int
texts_of_set(Texts *texts, PyObject *set)
{
    PyObject *iterator = PyObject_GetIter(set), *item;
    if (iterator == NULL)
        return -1;
    int failed = 0;
    while (!failed && (item = PyIter_Next(iterator)) != NULL) {
        Py_UCS4 *text = PyUnicode_Check(item) ? PyUnicode_AsUCS4Copy(item) : NULL;
        if (text == NULL && !PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "analysis: stop words must be str");
        if (text == NULL)
            failed = 1;
        else {
            Py_ssize_t size = PyUnicode_GET_LENGTH(item);
            uint64_t hash = text_hash(text, size);
            failed = texts_find(texts, text, size, hash) < 0 && texts_add(texts, text, size, hash) < 0;
            PyMem_Free(text);
        }
        Py_DECREF(item);
    }
    Py_DECREF(iterator);
    return failed || PyErr_Occurred() ? -1 : 0;
}

/* What normalising does to a character inside a word (chars.word_fold): kept, deleted, or
 * the word normalised in Python; any other value below 128 is the ASCII character written
 * for it. An analysis asks once for each character it meets. */
#define FOLD_KEPT 0
#define FOLD_DELETED 1
#define FOLD_PYTHON 2
#define FOLD_UNKNOWN 255

/* A vocabulary's analysis: what it keeps from call to call, and what it is given once. */
typedef struct {
    int arabic;    /* the side is Arabic */
    Texts stems;   /* by stem id, as the vocabulary's names */
    Py_ssize_t *extra; /* by stem id: where its month and word-table bits start in `bits` (a
                          count, then the bits), -1 where not looked up */
    char *listed;  /* by stem id: whether the word table has it */
    Py_ssize_t extra_room, listed_room;
    int32_t *bits;
    Py_ssize_t bits_used, bits_room;
    Texts english_stop, arabic_stop;
    PyObject *names;         /* the vocabulary's stems by id; stem_id finds their ids */
    PyObject *entries;       /* piece -> bytes: row then stem ids, of pieces analysed in Python */
    PyObject *calendar;      /* dict: the month or weekday an Arabic stem names */
    PyObject *lexicon;       /* dict: the English stems of an Arabic stem (the word table) */
    PyObject *pieces;        /* a word's pieces (str -> list of str) */
    PyObject *analyse;       /* a piece's (stems, tokens) */
    PyObject *normalize;     /* chars.normalize_for_length */
    PyObject *fold_char;     /* chars.word_fold */
    unsigned char *folds;    /* by code point: its FOLD_ value, once asked */
    Py_ssize_t folds_size;
    Py_UCS4 *letters;        /* by code point: an Arabic letter as folded, or 0 */
    char *shapes;            /* by code point: the letter of its skeleton, or 0 */
    char *alpha;             /* by code point: whether it is a letter (Py_UNICODE_ISALPHA) */
    Py_ssize_t letters_size;
    Py_UCS4 outside[32];     /* punctuation stripped from around a word (tokens.OUTSIDE_PIECES) */
    int outside_count;
    uint64_t outside_ascii[2]; /* the ASCII ones, as bits */
    Py_UCS4 outside_last;      /* the largest */
} Analysis;

#define ANALYSIS "bialign._speedups.Analysis"

static void
analysis_free(PyObject *capsule)
{
    Analysis *a = PyCapsule_GetPointer(capsule, ANALYSIS);
    if (a == NULL)
        return;
    texts_free(&a->stems);
    texts_free(&a->english_stop);
    texts_free(&a->arabic_stop);
    PyMem_Free(a->extra);
    PyMem_Free(a->listed);
    PyMem_Free(a->bits);
    PyMem_Free(a->letters);
    PyMem_Free(a->shapes);
    PyMem_Free(a->alpha);
    Py_XDECREF(a->names);
    Py_XDECREF(a->entries);
    Py_XDECREF(a->calendar);
    Py_XDECREF(a->lexicon);
    Py_XDECREF(a->pieces);
    Py_XDECREF(a->analyse);
    Py_XDECREF(a->normalize);
    Py_XDECREF(a->fold_char);
    PyMem_Free(a->folds);
    PyMem_Free(a);
}

static PyObject *
analysis(PyObject *Py_UNUSED(module), PyObject *args)
{
    int arabic;
    PyObject *names, *entries, *english_stop, *arabic_stop, *calendar, *lexicon,
        *pieces, *analyse, *normalize, *fold_char, *outside, *letters, *shapes;
    Py_ssize_t folds_size;
    if (!PyArg_ParseTuple(args, "pO!O!O!O!O!O!OOOOnUUU", &arabic, &PyList_Type, &names,
                          &PyDict_Type, &entries, &PyFrozenSet_Type, &english_stop,
                          &PyFrozenSet_Type, &arabic_stop, &PyDict_Type, &calendar, &PyDict_Type,
                          &lexicon, &pieces, &analyse, &normalize, &fold_char, &folds_size,
                          &outside, &letters, &shapes))
        return NULL;
    if (PyList_GET_SIZE(names) != 0) {
        PyErr_SetString(PyExc_ValueError, "analysis: the stems must start empty");
        return NULL;
    }
    Py_ssize_t size = PyUnicode_GET_LENGTH(letters);
    if (PyUnicode_GET_LENGTH(shapes) != size || folds_size < 0 || folds_size > 0x110000 ||
        PyUnicode_GET_LENGTH(outside) > (Py_ssize_t)(sizeof(((Analysis *)0)->outside) / sizeof(Py_UCS4))) {
        PyErr_SetString(PyExc_ValueError, "analysis: letters and shapes differ in size, or too much outside");
        return NULL;
    }
    Analysis *a = PyMem_Calloc(1, sizeof(Analysis));
    if (a == NULL)
        return PyErr_NoMemory();
    a->arabic = arabic;
    PyObject *held[] = {names, entries, calendar, lexicon, pieces, analyse, normalize, fold_char};
    PyObject **slots[] = {&a->names, &a->entries, &a->calendar, &a->lexicon,
                          &a->pieces, &a->analyse, &a->normalize, &a->fold_char};
    for (size_t k = 0; k < sizeof held / sizeof held[0]; k++)
        *slots[k] = Py_NewRef(held[k]);
    PyObject *capsule = PyCapsule_New(a, ANALYSIS, analysis_free);
    if (capsule == NULL) {
        for (size_t k = 0; k < sizeof held / sizeof held[0]; k++)
            Py_DECREF(held[k]);
        PyMem_Free(a);
        return NULL;
    }
    /* From here on the capsule frees what it holds. */
    a->letters = PyMem_Malloc((size_t)(size > 0 ? size : 1) * sizeof(Py_UCS4));
    a->shapes = PyMem_Malloc((size_t)(size > 0 ? size : 1));
    a->alpha = PyMem_Malloc((size_t)(size > 0 ? size : 1));
    a->folds = PyMem_Malloc((size_t)(folds_size > 0 ? folds_size : 1));
    if (a->letters == NULL || a->shapes == NULL || a->alpha == NULL || a->folds == NULL) {
        Py_DECREF(capsule);
        return PyErr_NoMemory();
    }
    a->letters_size = size;
    a->folds_size = folds_size;
    memset(a->folds, FOLD_UNKNOWN, (size_t)folds_size);
    for (Py_ssize_t c = 0; c < size; c++) {
        Py_UCS4 shape = PyUnicode_READ_CHAR(shapes, c);
        a->letters[c] = PyUnicode_READ_CHAR(letters, c);
        a->shapes[c] = shape < 128 ? (char)shape : 0; /* a skeleton is ASCII */
        a->alpha[c] = (char)Py_UNICODE_ISALPHA((Py_UCS4)c);
    }
    a->outside_count = (int)PyUnicode_GET_LENGTH(outside);
    for (int k = 0; k < a->outside_count; k++) {
        Py_UCS4 c = a->outside[k] = PyUnicode_READ_CHAR(outside, k);
        if (c < 128)
            a->outside_ascii[c >> 6] |= (uint64_t)1 << (c & 63);
        if (c > a->outside_last)
            a->outside_last = c;
    }
    if (texts_of_set(&a->english_stop, english_stop) < 0 ||
        texts_of_set(&a->arabic_stop, arabic_stop) < 0) {
        Py_DECREF(capsule);
        return NULL;
    }
    return capsule;
}

/* Scratch space of one call: the word normalised, a piece's code points, bytes. */
typedef struct {
    Py_UCS4 *normal, *piece, *stem;
    char *bytes;
    Py_ssize_t normal_room, piece_room, stem_room, bytes_room;
    Ids ids;
} Scratch;

static void
scratch_free(Scratch *s)
{
    PyMem_Free(s->normal);
    PyMem_Free(s->piece);
    PyMem_Free(s->stem);
    PyMem_Free(s->bytes);
    PyMem_Free(s->ids.data);
}

/* table[key] (a dict's) as a new reference, or None where it lacks the key; NULL with an
 * exception set. A dict looked up here, not its get method called: a call a stem. */
static PyObject *
looked_up(PyObject *table, PyObject *key)
{
    PyObject *found = PyDict_GetItemWithError(table, key);
    if (found == NULL && PyErr_Occurred())
        return NULL;
    return Py_NewRef(found != NULL ? found : Py_None);
}

/* The month and word-table bits of the new stem `text` (tokens._arabic_word and
 * _arabic_entry), added to `bits`; where they start, or -1 with an exception set. */
static Py_ssize_t
stem_extra(Analysis *a, PyObject *text, PyObject *english)
{
    Py_ssize_t at = a->bits_used;
    if (reserve((void **)&a->bits, &a->bits_room, at + 2, sizeof(int32_t)) < 0)
        return -1;
    a->bits[at] = 0;
    a->bits_used = at + 1;
    PyObject *month = looked_up(a->calendar, text);
    if (month == NULL)
        return -1;
    int32_t bit = month == Py_None ? -2 : str_bit(month);
    Py_DECREF(month);
    if (bit == -1)
        return -1;
    if (bit >= 0) {
        a->bits[a->bits_used++] = bit;
        a->bits[at]++;
    }
    if (english == Py_None)
        return at;
    /* The table's tuple itself, no iterator made; another iterable as a list. */
    PyObject *tokens = PySequence_Fast(english, "learn: the English stems must be iterable");
    if (tokens == NULL)
        return -1;
    int failed = 0;
    for (Py_ssize_t k = 0; !failed && k < PySequence_Fast_GET_SIZE(tokens); k++) {
        bit = str_bit(PySequence_Fast_GET_ITEM(tokens, k));
        failed = bit < 0 || reserve((void **)&a->bits, &a->bits_room, a->bits_used + 1,
                                    sizeof(int32_t)) < 0;
        if (!failed) {
            a->bits[a->bits_used++] = bit;
            a->bits[at]++;
        }
    }
    Py_DECREF(tokens);
    return failed ? -1 : at;
}

/* A stem met for the first time: numbered in the vocabulary's names (as Vocabulary._piece
 * numbers them) and in the table, through which stem_id finds it (a dict of the stems cost
 * a string hashed and an entry made for each, and megabytes); `given` is its str, if the
 * caller has one. Its id, or -1 with an exception set. */
static Py_ssize_t
new_stem(Analysis *a, const Py_UCS4 *stem, Py_ssize_t size, uint64_t hash, PyObject *given)
{
    Py_ssize_t id = a->stems.count;
    if (PyList_GET_SIZE(a->names) != id || id > INT32_MAX - 1) {
        PyErr_SetString(PyExc_ValueError, "learn: the stems are not the analysis's");
        return -1;
    }
    if (reserve((void **)&a->extra, &a->extra_room, id + 1, sizeof(Py_ssize_t)) < 0 ||
        reserve((void **)&a->listed, &a->listed_room, id + 1, 1) < 0)
        return -1;
    PyObject *text = given != NULL ? Py_NewRef(given)
                                   : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, stem, size);
    if (text == NULL)
        return -1;
    PyObject *english = NULL;
    int named = PyList_Append(a->names, text) == 0;
    int failed = !named || (english = looked_up(a->lexicon, text)) == NULL;
    if (!failed) {
        a->listed[id] = english != Py_None;
        a->extra[id] = a->arabic ? stem_extra(a, text, english) : -1;
        failed = a->arabic && a->extra[id] < 0;
    }
    Py_XDECREF(english);
    failed = failed || texts_add(&a->stems, stem, size, hash) < 0;
    if (failed && named) {
        /* The names stay in step with the stem table, or every later call on this analysis
         * would refuse it. The error raised is kept. */
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        PyList_SetSlice(a->names, id, id + 1, NULL);
        PyErr_Restore(type, value, traceback);
    }
    Py_DECREF(text);
    return failed ? -1 : id;
}

/* The id of a stem, whose text_hash is `hash`, numbered if new, added to `ids`; -1 with an
 * exception set. */
static Py_ssize_t
add_stem(Analysis *a, const Py_UCS4 *stem, Py_ssize_t size, uint64_t hash, PyObject *given,
         Ids *ids)
{
    Py_ssize_t id = texts_find(&a->stems, stem, size, hash);
    if (id < 0 && (id = new_stem(a, stem, size, hash, given)) < 0)
        return -1;
    return push_id(ids, id) < 0 ? -1 : id;
}

static int
ends_with(const char *word, Py_ssize_t size, const char *end)
{
    Py_ssize_t length = (Py_ssize_t)strlen(end);
    return size >= length && memcmp(word + size - length, end, length) == 0;
}

/* str.replace(pair, single) in place; the new size. */
static Py_ssize_t
replace_pair(char *word, Py_ssize_t size, const char *pair, char single)
{
    Py_ssize_t read = 0, written = 0;
    while (read < size) {
        if (read + 1 < size && word[read] == pair[0] && word[read + 1] == pair[1]) {
            word[written++] = single;
            read += 2;
        }
        else
            word[written++] = word[read++];
    }
    return written;
}

/* Room for the code points and bytes a piece of `size` characters needs in `s`. */
static int
scratch_reserve(Scratch *s, Py_ssize_t size)
{
    return reserve((void **)&s->piece, &s->piece_room, size + 1, sizeof(Py_UCS4)) < 0 ||
                   reserve((void **)&s->stem, &s->stem_room, size + 1, sizeof(Py_UCS4)) < 0 ||
                   reserve((void **)&s->bytes, &s->bytes_room, size + 4, 1) < 0
               ? -1
               : 0;
}

/* tokens._latin_entry of a piece of ASCII letters (scratch_reserve'd for its size). */
static int
latin_entry(Analysis *a, const Py_UCS4 *word, Py_ssize_t size, Scratch *s, uint64_t *row)
{
    /* tokens.english_stem, three bytes in: set_skeleton_bit writes "sk:" before */
    char *buffer = s->bytes + 3;
    for (Py_ssize_t k = 0; k < size; k++)
        buffer[k] = (char)Py_TOLOWER(word[k]);
    Py_ssize_t stem_size = size;
    int plural = size > 4 && ends_with(buffer, size, "ies"); /* "ies" written "y" */
    if (plural) {
        buffer[size - 3] = 'y';
        stem_size = size - 2;
    }
    else if (size > 3 && ends_with(buffer, size, "s") && !ends_with(buffer, size, "ss") &&
             !ends_with(buffer, size, "us"))
        stem_size = size - 1;
    if (stem_size >= 2) {
        for (Py_ssize_t k = 0; k < stem_size; k++)
            s->stem[k] = (Py_UCS4)(unsigned char)buffer[k];
        uint64_t hash = text_hash(s->stem, stem_size);
        if (texts_find(&a->english_stop, s->stem, stem_size, hash) < 0) {
            if (!a->arabic && add_stem(a, s->stem, stem_size, hash, NULL, &s->ids) < 0)
                return -1;
            set_bit(row, token_bit(buffer, stem_size));
        }
    }
    /* tokens.skeleton, of a capitalised word or one inside Arabic text: of the word lowered */
    if (!a->arabic && !Py_ISUPPER(word[0]))
        return 0;
    if (plural)
        buffer[size - 3] = 'i';
    static const char *digraphs[] = {"sh", "ch", "th", "kh", "gh", "dh", "ph", "ng", "ck"};
    static const char sounds[] = "sstkgzfnk";
    for (int d = 0; d < 9; d++)
        size = replace_pair(buffer, size, digraphs[d], sounds[d]);
    /* One array, not two equal literals: C does not promise that those share an address
     * (MSVC pools strings only with /GF), and `at` is subtracted from it. */
    static const char merged[] = "pvcqx", into[] = "bfkks";
    Py_ssize_t shape = 0;
    for (Py_ssize_t k = 0; k < size; k++) {
        char c = buffer[k];
        if (strchr("aeiouwy", c) != NULL)
            continue;
        const char *at = strchr(merged, c);
        buffer[shape++] = at != NULL ? into[at - merged] : c;
    }
    set_skeleton_bit(row, s->bytes, shape);
    return 0;
}

static int
starts_with(const Py_UCS4 *word, Py_ssize_t size, const Py_UCS4 *start, Py_ssize_t length)
{
    return size >= length && memcmp(word, start, length * sizeof(Py_UCS4)) == 0;
}

static int
ucs4_ends_with(const Py_UCS4 *word, Py_ssize_t size, const Py_UCS4 *end, Py_ssize_t length)
{
    return size >= length && memcmp(word + size - length, end, length * sizeof(Py_UCS4)) == 0;
}

#define WAW 0x0648
#define ALEF 0x0627
#define LAM 0x0644
#define BEH 0x0628
#define KAF 0x0643
#define FEH 0x0641
#define HEH 0x0647
#define YEH 0x064A
#define NOON 0x0646
#define TEH 0x062A

/* tokens._arabic_entry of a piece of Arabic letters, already folded into `folded`
 * (scratch_reserve'd for its size). */
static int
arabic_entry(Analysis *a, const Py_UCS4 *folded, Py_ssize_t size, Scratch *s, uint64_t *row)
{
    if (texts_find(&a->arabic_stop, folded, size, text_hash(folded, size)) >= 0)
        return 0;

    /* tokens.arabic_stem: Light10 */
    static const Py_UCS4 prefixes[6][3] = {
        {WAW, ALEF, LAM}, {BEH, ALEF, LAM}, {KAF, ALEF, LAM}, {FEH, ALEF, LAM}, {LAM, LAM}, {ALEF, LAM}};
    static const Py_ssize_t prefix_sizes[6] = {3, 3, 3, 3, 2, 2};
    static const Py_UCS4 suffixes[8][2] = {{HEH, ALEF}, {ALEF, NOON}, {ALEF, TEH}, {WAW, NOON},
                                           {YEH, NOON}, {YEH, HEH},   {HEH},       {YEH}};
    static const Py_ssize_t suffix_sizes[8] = {2, 2, 2, 2, 2, 2, 1, 1};
    const Py_UCS4 *stem = folded;
    Py_ssize_t stem_size = size;
    if (stem_size > 3 && stem[0] == WAW) {
        stem++;
        stem_size--;
    }
    for (int p = 0; p < 6; p++)
        if (starts_with(stem, stem_size, prefixes[p], prefix_sizes[p])) {
            Py_ssize_t cut = stem[0] == LAM || stem[0] == ALEF ? 2 : 3;
            if (stem_size - cut >= 2) {
                stem += cut;
                stem_size -= cut;
            }
            break;
        }
    for (int x = 0; x < 8; x++)
        if (ucs4_ends_with(stem, stem_size, suffixes[x], suffix_sizes[x]) &&
            stem_size - suffix_sizes[x] >= 2)
            stem_size -= suffix_sizes[x];

    /* tokens._arabic_skeleton, three bytes in: set_skeleton_bit writes "sk:" before */
    static const Py_UCS4 skeleton_prefixes[3][3] = {{ALEF, LAM}, {BEH, ALEF, LAM}, {LAM, LAM}};
    static const Py_ssize_t skeleton_sizes[3] = {2, 3, 2};
    const Py_UCS4 *word = folded;
    Py_ssize_t word_size = size;
    if (word_size > 4 && word[0] == WAW) {
        word++;
        word_size--;
    }
    for (int p = 0; p < 3; p++)
        if (starts_with(word, word_size, skeleton_prefixes[p], skeleton_sizes[p]) &&
            word_size - skeleton_sizes[p] >= 3) {
            word += skeleton_sizes[p];
            word_size -= skeleton_sizes[p];
            break;
        }
    Py_ssize_t shape = 0;
    for (Py_ssize_t k = 0; k < word_size; k++) {
        /* a letter past the table is not ASCII: a skeleton drops it */
        char c = word[k] < (Py_UCS4)a->letters_size ? a->shapes[word[k]] : 0;
        if (c != 0)
            s->bytes[3 + shape++] = c;
    }
    set_skeleton_bit(row, s->bytes, shape);

    Py_ssize_t id = add_stem(a, stem, stem_size, text_hash(stem, stem_size), NULL, &s->ids);
    if (id < 0)
        return -1;
    /* new_stem looked the stem up (an Arabic analysis's every stem has its extra). */
    const int32_t *bits = a->bits + a->extra[id];
    for (int32_t k = 1; k <= bits[0]; k++)
        set_bit(row, (uint32_t)bits[k]);
    return 0;
}

/* The row and stem ids of `entry` (bytes: a signature row, then stem ids) added to a word's. */
static int
add_entry(PyObject *entry, uint64_t *row, Ids *ids)
{
    /* `entries` is the caller's: anything but what python_entry stores would be read past. */
    Py_ssize_t stem_bytes = PyBytes_Check(entry) ? PyBytes_GET_SIZE(entry) - ROW_BYTES : -1;
    if (stem_bytes < 0 || stem_bytes % 8 != 0) {
        PyErr_SetString(PyExc_TypeError, "learn: entries hold bytes, a signature row then stem ids");
        return -1;
    }
    const uint64_t *bits = (const uint64_t *)PyBytes_AS_STRING(entry);
    const int64_t *stems = (const int64_t *)(PyBytes_AS_STRING(entry) + ROW_BYTES);
    for (int w = 0; w < ROW_WORDS; w++)
        row[w] |= bits[w];
    for (Py_ssize_t k = 0; k < stem_bytes / 8; k++)
        if (push_id(ids, stems[k]) < 0)
            return -1;
    return 0;
}

/* A piece's row and stem ids through the Python analysis (tokens.analyse), remembered in
 * `entries`: the pieces it gets are rare, and dear to analyse. */
static int
python_entry(Analysis *a, PyObject *piece, Scratch *s, uint64_t *row)
{
    PyObject *known = PyDict_GetItemWithError(a->entries, piece);
    if (known != NULL)
        return add_entry(known, row, &s->ids);
    if (PyErr_Occurred())
        return -1;
    PyObject *entry = PyObject_CallOneArg(a->analyse, piece);
    if (entry == NULL)
        return -1;
    uint64_t bits[ROW_WORDS] = {0};
    Py_ssize_t first = s->ids.size;
    PyObject *stems, *tokens;
    int failed = !PyArg_ParseTuple(entry, "OO", &stems, &tokens);
    for (int part = 0; part < 2 && !failed; part++) {
        PyObject *items = PySequence_Fast(part ? tokens : stems, "an analysis is two sequences");
        if (items == NULL) {
            failed = 1;
            break;
        }
        for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(items) && !failed; k++) {
            PyObject *item = PySequence_Fast_GET_ITEM(items, k);
            if (part) {
                int32_t bit = str_bit(item);
                failed = bit < 0;
                if (!failed)
                    set_bit(bits, (uint32_t)bit);
                continue;
            }
            Py_UCS4 *text = PyUnicode_Check(item) ? PyUnicode_AsUCS4Copy(item) : NULL;
            if (text == NULL && !PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "learn: stems must be str");
            failed = text == NULL ||
                     add_stem(a, text, PyUnicode_GET_LENGTH(item),
                              text_hash(text, PyUnicode_GET_LENGTH(item)), item, &s->ids) < 0;
            PyMem_Free(text);
        }
        Py_DECREF(items);
    }
    Py_DECREF(entry);
    if (failed)
        return -1;
    Py_ssize_t count = s->ids.size - first;
    PyObject *stored = PyBytes_FromStringAndSize(NULL, ROW_BYTES + count * 8);
    if (stored == NULL)
        return -1;
    memcpy(PyBytes_AS_STRING(stored), bits, ROW_BYTES);
    if (count > 0) /* memcpy from NULL is undefined, even of no bytes */
        memcpy(PyBytes_AS_STRING(stored) + ROW_BYTES, s->ids.data + first, count * 8);
    failed = PyDict_SetItem(a->entries, piece, stored) < 0;
    Py_DECREF(stored);
    for (int w = 0; w < ROW_WORDS; w++)
        row[w] |= bits[w];
    return failed ? -1 : 0;
}

/* A piece's row and stem ids added to its word's: ASCII letters and (on the Arabic side)
 * Arabic letters here, any other piece through Python. `text` holds its code points (size
 * of them, scratch_reserve'd); `piece` is its str, or NULL where the caller has none. */
static int
piece_entry(Analysis *a, const Py_UCS4 *text, Py_ssize_t size, PyObject *piece, Scratch *s,
            uint64_t *row)
{
    int ascii = size > 0, arabic = a->arabic && size > 0;
    for (Py_ssize_t k = 0; k < size && (ascii || arabic); k++) {
        Py_UCS4 c = text[k];
        ascii = ascii && c < 128 && Py_ISALPHA(c);
        arabic = arabic && c < (Py_UCS4)a->letters_size && a->letters[c] != 0;
    }
    if (ascii)
        return latin_entry(a, text, size, s, row);
    if (arabic) {
        for (Py_ssize_t k = 0; k < size; k++)
            s->piece[k] = a->letters[text[k]];
        return arabic_entry(a, s->piece, size, s, row);
    }
    PyObject *made = piece != NULL ? Py_NewRef(piece)
                                   : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, text, size);
    if (made == NULL)
        return -1;
    int failed = python_entry(a, made, s, row) < 0;
    Py_DECREF(made);
    return failed ? -1 : 0;
}

/* Asked of a word's first and last characters: letters, nearly all of them, are told apart
 * by a bit or a bound, not by the whole list. */
static int
is_outside(const Analysis *a, Py_UCS4 c)
{
    if (c < 128)
        return (int)(a->outside_ascii[c >> 6] >> (c & 63)) & 1;
    if (c > a->outside_last)
        return 0;
    for (int k = 0; k < a->outside_count; k++)
        if (a->outside[k] == c)
            return 1;
    return 0;
}

/* The FOLD_ value of `c`, asked of chars.word_fold the first time; -1 with an exception set. */
static int
char_fold(Analysis *a, Py_UCS4 c)
{
    if (c >= (Py_UCS4)a->folds_size)
        return FOLD_PYTHON;
    if (a->folds[c] != FOLD_UNKNOWN)
        return a->folds[c];
    PyObject *text = PyUnicode_FromOrdinal((int)c);
    PyObject *answer = text != NULL ? PyObject_CallOneArg(a->fold_char, text) : NULL;
    long fold = answer != NULL ? PyLong_AsLong(answer) : -1;
    Py_XDECREF(text);
    Py_XDECREF(answer);
    if (fold < 0 || fold > 127) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "learn: a character's fold must be below 128");
        return -1;
    }
    a->folds[c] = (unsigned char)fold;
    return (int)fold;
}

/* chars.normalize_for_length of a word (as str.split() cuts them) into s->normal: its size,
 * or -1 with an exception set. Characters are deleted or folded as chars.word_fold says; a
 * word holding one it leaves to Python is normalised there. */
static Py_ssize_t
normalized(Analysis *a, PyObject *word, Scratch *s)
{
    Py_ssize_t size = PyUnicode_GET_LENGTH(word), count = 0;
    if (reserve((void **)&s->normal, &s->normal_room, size + 1, sizeof(Py_UCS4)) < 0)
        return -1;
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t k = 0; k < size; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        int fold = char_fold(a, c);
        if (fold < 0)
            return -1;
        if (fold == FOLD_PYTHON) {
            count = -1;
            break;
        }
        if (fold != FOLD_DELETED)
            s->normal[count++] = fold == FOLD_KEPT ? c : (Py_UCS4)fold;
    }
    if (count >= 0)
        return count;
    PyObject *normal = PyObject_CallOneArg(a->normalize, word);
    if (normal == NULL)
        return -1;
    if (!PyUnicode_Check(normal)) {
        Py_DECREF(normal);
        PyErr_SetString(PyExc_TypeError, "learn: normalize must give str");
        return -1;
    }
    size = PyUnicode_GET_LENGTH(normal);
    int failed = reserve((void **)&s->normal, &s->normal_room, size + 1, sizeof(Py_UCS4)) < 0 ||
                 PyUnicode_AsUCS4(normal, s->normal, s->normal_room, 0) == NULL;
    Py_DECREF(normal);
    return failed ? -1 : size;
}

/* What a character is to tokens._PIECE, where this can tell: a digit (\d), a separator
 * of a number's digits, a letter (\p{L}), an apostrophe (which goes on a letter run), some
 * other character (none of those, nor a mark); or unknown. */
enum { PIECE_OTHER, PIECE_DIGIT, PIECE_SEPARATOR, PIECE_LETTER, PIECE_APOSTROPHE, PIECE_UNKNOWN };

static int
piece_class(const Analysis *a, Py_UCS4 c)
{
    if (c < 128)
        return Py_ISDIGIT(c)   ? PIECE_DIGIT
               : Py_ISALPHA(c) ? PIECE_LETTER
               : c == '\''     ? PIECE_APOSTROPHE
               : c == '.' || c == ',' ? PIECE_SEPARATOR
                                      : PIECE_OTHER;
    if (c == 0x2019) /* RIGHT SINGLE QUOTATION MARK */
        return PIECE_APOSTROPHE;
    if (c == 0x066B || c == 0x066C) /* ARABIC DECIMAL and THOUSANDS SEPARATOR */
        return PIECE_SEPARATOR;
    if (c < (Py_UCS4)a->letters_size && a->letters[c] != 0)
        return PIECE_LETTER;
    return is_outside(a, c) ? PIECE_OTHER : PIECE_UNKNOWN;
}

/* tokens.analyse of a number (tokens._number): "#" and its digits, group separators left
 * out and the decimal one written ".". */
static void
number_entry(const Py_UCS4 *digits, Py_ssize_t size, Scratch *s, uint64_t *row)
{
    Py_ssize_t length = 0;
    s->bytes[length++] = '#';
    for (Py_ssize_t k = 0; k < size; k++)
        if (digits[k] != ',' && digits[k] != 0x066C)
            s->bytes[length++] = digits[k] == 0x066B ? '.' : (char)digits[k];
    set_bit(row, token_bit(s->bytes, length));
}

/* The pieces of a normalised word (s->normal, scratch_reserve'd) as tokens._PIECE.findall
 * cuts them, where piece_class knows every character: each piece's row and stem ids added.
 * 1 when done, 0 when a character is unknown (nothing added), -1 with an exception set. */
static int
cut_pieces(Analysis *a, Py_ssize_t size, Scratch *s, uint64_t *row)
{
    const Py_UCS4 *normal = s->normal;
    for (Py_ssize_t k = 0; k < size; k++)
        if (piece_class(a, normal[k]) == PIECE_UNKNOWN)
            return 0;
    Py_ssize_t k = 0;
    while (k < size) {
        int kind = piece_class(a, normal[k]);
        Py_ssize_t start = k++;
        if (kind == PIECE_DIGIT) { /* \d+(?:[.,٬٫]\d+)* */
            for (;;) {
                while (k < size && piece_class(a, normal[k]) == PIECE_DIGIT)
                    k++;
                if (k + 1 < size && piece_class(a, normal[k]) == PIECE_SEPARATOR &&
                    piece_class(a, normal[k + 1]) == PIECE_DIGIT)
                    k++;
                else
                    break;
            }
            number_entry(normal + start, k - start, s, row);
        }
        else if (kind == PIECE_LETTER) { /* \p{L}[\p{L}\p{M}'’]* */
            while (k < size && (piece_class(a, normal[k]) == PIECE_LETTER ||
                                piece_class(a, normal[k]) == PIECE_APOSTROPHE))
                k++;
            if (piece_entry(a, normal + start, k - start, NULL, s, row) < 0)
                return -1;
        }
    }
    return 1;
}

/* A normalised word's row and stem ids (Vocabulary._analysed): the word without the
 * punctuation around it when that is all letters, one piece; else the pieces the Python
 * function cuts (tokens.pieces), the word itself first looked up whole. */
static int
word_entry(Analysis *a, Py_ssize_t size, Scratch *s, uint64_t *row)
{
    const Py_UCS4 *normal = s->normal;
    Py_ssize_t start = 0, end = size;
    while (start < end && is_outside(a, normal[start]))
        start++;
    while (end > start && is_outside(a, normal[end - 1]))
        end--;
    int letters = end > start;
    for (Py_ssize_t k = start; k < end && letters; k++) {
        Py_UCS4 c = normal[k]; /* a letter of the table's scripts told by the table */
        letters = c < (Py_UCS4)a->letters_size ? a->alpha[c] : Py_UNICODE_ISALPHA(c);
    }
    if (letters)
        return scratch_reserve(s, end - start) < 0 ? -1
                                                   : piece_entry(a, normal + start, end - start, NULL, s, row);
    if (size == 0) /* no piece */
        return 0;
    int cut = scratch_reserve(s, size) < 0 ? -1 : cut_pieces(a, size, s, row);
    if (cut != 0)
        return cut < 0 ? -1 : 0;
    PyObject *word = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, normal, size);
    if (word == NULL)
        return -1;
    PyObject *known = PyDict_GetItemWithError(a->entries, word), *pieces = NULL, *list = NULL;
    int failed;
    if (known != NULL || PyErr_Occurred())
        failed = known == NULL || add_entry(known, row, &s->ids) < 0;
    else {
        pieces = PyObject_CallOneArg(a->pieces, word);
        list = pieces ? PySequence_Fast(pieces, "pieces must be a sequence") : NULL;
        failed = list == NULL;
        for (Py_ssize_t k = 0; !failed && k < PySequence_Fast_GET_SIZE(list); k++) {
            PyObject *piece = PySequence_Fast_GET_ITEM(list, k);
            if (!PyUnicode_Check(piece)) {
                PyErr_SetString(PyExc_TypeError, "learn: pieces must be str");
                failed = 1;
                break;
            }
            Py_ssize_t length = PyUnicode_GET_LENGTH(piece);
            /* The piece's code points are read into s->normal, free again: its word's are used. */
            failed = scratch_reserve(s, length) < 0 ||
                     reserve((void **)&s->normal, &s->normal_room, length + 1, sizeof(Py_UCS4)) < 0 ||
                     PyUnicode_AsUCS4(piece, s->normal, s->normal_room, 0) == NULL ||
                     piece_entry(a, s->normal, length, piece, s, row) < 0;
        }
    }
    Py_XDECREF(list);
    Py_XDECREF(pieces);
    Py_DECREF(word);
    return failed ? -1 : 0;
}

static const Arrays learn_arrays = {
    4,
    {"rows", "spans", "starts", "counts"},
    {8, 8, 8, 8},
    {1, 1, 1, 1},
};

static PyObject *
learn(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *given, *capsule, *objects[MAX_ARRAYS];
    Py_buffer views[MAX_ARRAYS];
    long long first_stem;
    if (!PyArg_ParseTuple(args, "OOOOOOL", &given, &capsule, &objects[0], &objects[1],
                          &objects[2], &objects[3], &first_stem))
        return NULL;
    Analysis *a = PyCapsule_GetPointer(capsule, ANALYSIS);
    if (a == NULL)
        return NULL;
    /* A tuple of its own: the Python functions called on the way cannot change the words. */
    PyObject *words = PySequence_Tuple(given);
    if (words == NULL)
        return NULL;
    if (take_buffers(&learn_arrays, objects, views) < 0) {
        Py_DECREF(words);
        return NULL;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(words), named = a->stems.count;
    if (views[0].ndim != 2 || views[0].shape[0] != count || views[0].shape[1] != ROW_WORDS ||
        views[1].len / 8 != count || views[2].len / 8 != count || views[3].len / 8 != count) {
        PyErr_SetString(PyExc_ValueError, "learn: a row, span, start and count a word");
        Py_DECREF(words);
        return release_buffers(&learn_arrays, views);
    }
    /* Written where the vocabulary keeps them, not made and copied there. */
    int64_t *spans = views[1].buf, *starts = views[2].buf, *counts = views[3].buf;
    Scratch s;
    memset(&s, 0, sizeof s);
    int failed = 0;
    for (Py_ssize_t w = 0; w < count && !failed; w++) {
        PyObject *word = PyTuple_GET_ITEM(words, w);
        uint64_t *row = (uint64_t *)views[0].buf + w * ROW_WORDS;
        Py_ssize_t first = s.ids.size, size;
        memset(row, 0, ROW_BYTES);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "learn: words must be str");
            failed = 1;
            break;
        }
        failed = (size = normalized(a, word, &s)) < 0 || word_entry(a, size, &s, row) < 0;
        /* What the word adds to a sentence's length: itself and the space before the next
         * word, or nothing when it was only marks and controls. */
        spans[w] = size > 0 ? size + 1 : 0;
        starts[w] = (int64_t)first_stem + first;
        counts[w] = s.ids.size - first;
    }
    Py_DECREF(words);
    for (int k = 0; k < learn_arrays.count; k++)
        PyBuffer_Release(&views[k]);
    PyObject *result = NULL;
    if (!failed) {
        PyObject *stem_ids = PyBytes_FromStringAndSize((const char *)s.ids.data, s.ids.size * 8);
        PyObject *listed = PyBytes_FromStringAndSize(
            a->stems.count > named ? a->listed + named : NULL, a->stems.count - named);
        if (stem_ids != NULL && listed != NULL)
            result = Py_BuildValue("OO", stem_ids, listed);
        Py_XDECREF(stem_ids);
        Py_XDECREF(listed);
    }
    scratch_free(&s);
    return result;
}

static PyObject *
stem_id(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *capsule, *stem;
    if (!PyArg_ParseTuple(args, "OU", &capsule, &stem))
        return NULL;
    Analysis *a = PyCapsule_GetPointer(capsule, ANALYSIS);
    Py_UCS4 *text = a != NULL ? PyUnicode_AsUCS4Copy(stem) : NULL;
    if (text == NULL)
        return NULL;
    Py_ssize_t size = PyUnicode_GET_LENGTH(stem);
    Py_ssize_t id = texts_find(&a->stems, text, size, text_hash(text, size));
    PyMem_Free(text);
    if (id < 0)
        Py_RETURN_NONE;
    return PyLong_FromSsize_t(id);
}

/* text
 *
 * punkt_slices: Punkt's walk over the candidate sentence ends of a paragraph
 * (bialign.punkt.PunktSentenceTokenizer._slices_python): each end character followed by
 * punctuation or by a word is a candidate (period_context_re), its word found back to the
 * last space, and its context decided as _plain_sentbreak does, or else by the Python
 * decision it is given (text_contains_sentbreak). Python cut a context and ran a regex or two
 * for each candidate; this reads the text once, in place. Characters are classed as Python's
 * re module classes them (\s, \w and \d are Py_UNICODE_ISSPACE, ISALNUM and ISDECIMAL).
 */

/* A small set of characters: the ASCII ones as bits, the others listed, and the low bytes of
 * the others as bits (most characters of Arabic text are told apart by that test alone). */
#define WIDE_CHARS 32
typedef struct {
    uint64_t ascii[2];
    uint64_t low[4];
    Py_UCS4 wide[WIDE_CHARS];
    int wide_count;
} CharSet;

static int
charset_init(CharSet *set, PyObject *chars)
{
    memset(set, 0, sizeof *set);
    int kind = PyUnicode_KIND(chars);
    const void *data = PyUnicode_DATA(chars);
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(chars); k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c < 128)
            set->ascii[c >> 6] |= (uint64_t)1 << (c & 63);
        else if (set->wide_count < WIDE_CHARS) {
            set->wide[set->wide_count++] = c;
            set->low[(c & 255) >> 6] |= (uint64_t)1 << (c & 63);
        }
        else {
            PyErr_SetString(PyExc_ValueError, "punkt_slices: too many characters in a set");
            return -1;
        }
    }
    return 0;
}

ALWAYS_INLINE int
charset_has(const CharSet *set, Py_UCS4 c)
{
    if (c < 128)
        return (int)((set->ascii[c >> 6] >> (c & 63)) & 1);
    if (!((set->low[(c & 255) >> 6] >> (c & 63)) & 1))
        return 0;
    for (int k = 0; k < set->wide_count; k++)
        if (set->wide[k] == c)
            return 1;
    return 0;
}

/* [^\W\d_]: a letter as re reads it. */
ALWAYS_INLINE int
is_letter(Py_UCS4 c)
{
    return Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c);
}

/* punkt._LETTER_OR_MARK: a letter, or a Latin or Arabic combining mark. */
ALWAYS_INLINE int
is_letter_or_mark(Py_UCS4 c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
           is_letter(c);
}

typedef struct {
    PyObject *text;
    int kind;
    const void *data;
    Py_ssize_t length;
    CharSet ends, non_word, others, stop_after;
    PyObject *not_plain, *decide, *lower, *numbers;
} Walk;

#define CHAR(walk, k) PyUnicode_READ((walk)->kind, (walk)->data, (k))

/* A punctuation or white space character after a context's word (the plain stop's last). */
ALWAYS_INLINE int
closes_context(const Walk *walk, Py_UCS4 c)
{
    return Py_UNICODE_ISSPACE(c) || charset_has(&walk->non_word, c);
}

/* A number, a full stop, a space and a word that opens neither in lower case nor with
 * punctuation Punkt's heuristic reads (";:,.!?"), as "12. The" or "2015. 35": 1 unless the
 * number is in not_plain or a collocation begins with a number (_re_plain_number); -1 with
 * an exception set. */
static int
plain_number(const Walk *walk, Py_ssize_t word, Py_ssize_t end)
{
    Py_ssize_t k = word;
    while (k < end && CHAR(walk, k) >= '0' && CHAR(walk, k) <= '9')
        k++;
    if (k == word || k + 2 >= end || CHAR(walk, k) != '.' || CHAR(walk, k + 1) != ' ')
        return 0;
    Py_UCS4 first = CHAR(walk, k + 2);
    if (Py_UNICODE_ISSPACE(first) || Py_UNICODE_ISLOWER(first) ||
        (first < 128 && memchr(";:,.!?", (int)first, 6) != NULL))
        return 0;
    PyObject *number = PyUnicode_Substring(walk->text, word, k);
    int known = number ? PySet_Contains(walk->not_plain, number) : -1;
    Py_XDECREF(number);
    if (known == 0)
        known = PySet_Contains(walk->not_plain, walk->numbers);
    return known < 0 ? -1 : !known;
}

/* Whether text[start:end], lowered, is in not_plain: 1, 0, or -1 with an exception set. */
static int
not_plain(const Walk *walk, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *found = PyUnicode_Substring(walk->text, start, end);
    PyObject *lowered = found ? PyObject_CallMethodNoArgs(found, walk->lower) : NULL;
    int known = lowered ? PySet_Contains(walk->not_plain, lowered) : -1;
    Py_XDECREF(found);
    Py_XDECREF(lowered);
    return known;
}

/* _plain_sentbreak of the context text[word:end]: 1, 0, or -1 with an exception set. */
static int
plain_sentbreak(const Walk *walk, Py_ssize_t word, Py_ssize_t end)
{
    /* A word of two or more letters and marks (or such words joined by hyphens), a full stop,
     * punctuation or a space; not an abbreviation, nor one after its last hyphen. */
    if (word < end && is_letter(CHAR(walk, word))) {
        Py_ssize_t stop = word + 1, part = word;
        while (stop < end && is_letter_or_mark(CHAR(walk, stop)))
            stop++;
        int letters = stop > word + 1;
        while (letters && stop + 1 < end && CHAR(walk, stop) == '-' &&
               is_letter_or_mark(CHAR(walk, stop + 1))) {
            part = ++stop;
            while (stop < end && is_letter_or_mark(CHAR(walk, stop)))
                stop++;
        }
        if (letters && stop + 1 < end && CHAR(walk, stop) == '.' &&
            closes_context(walk, CHAR(walk, stop + 1))) {
            int known = not_plain(walk, word, stop);
            if (known == 0 && part > word)
                known = not_plain(walk, part, stop);
            return known < 0 ? -1 : !known;
        }
    }
    /* Any word, and another end character, or one of stop_after and a full stop. */
    for (Py_ssize_t k = word; k < end; k++) {
        Py_UCS4 c = CHAR(walk, k);
        if (k + 1 < end && charset_has(&walk->others, c) && closes_context(walk, CHAR(walk, k + 1)))
            return 1;
        if (k + 2 < end && charset_has(&walk->stop_after, c) && CHAR(walk, k + 1) == '.' &&
            closes_context(walk, CHAR(walk, k + 2)))
            return 1;
        if (Py_UNICODE_ISSPACE(c))
            break;
    }
    return plain_number(walk, word, end);
}

/* Spans of a text, (start, end) pairs grown as they come (PyMem); room counts numbers, two a
 * span. */
typedef struct {
    Py_ssize_t *at;
    Py_ssize_t count, room;
} Cuts;

/* Add (start, end); 0, or -1 with MemoryError set. */
static int
spans_add(Cuts *spans, Py_ssize_t start, Py_ssize_t end)
{
    if (reserve((void **)&spans->at, &spans->room, 2 * (spans->count + 1), sizeof *spans->at) < 0)
        return -1;
    spans->at[2 * spans->count] = start;
    spans->at[2 * spans->count + 1] = end;
    spans->count++;
    return 0;
}

/* The spans as a list of (start, end), or NULL with an exception set. */
static PyObject *
spans_list(const Cuts *spans)
{
    PyObject *list = PyList_New(spans->count);
    for (Py_ssize_t s = 0; list != NULL && s < spans->count; s++) {
        PyObject *pair = Py_BuildValue("(nn)", spans->at[2 * s], spans->at[2 * s + 1]);
        if (pair == NULL)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, s, pair);
    }
    return list;
}

/* A candidate: its end character, where its context ends, where the next word starts (-1
 * when punctuation follows it) and where its word starts. */
typedef struct {
    Py_ssize_t stop, after, next, word;
} Candidate;

/* Whether the end character at `stop` is a candidate (period_context_re matches there). */
static int
candidate_at(const Walk *walk, Py_ssize_t stop, Candidate *found)
{
    if (stop + 1 >= walk->length)
        return 0;
    Py_UCS4 c = CHAR(walk, stop + 1);
    found->stop = stop;
    if (charset_has(&walk->non_word, c)) {
        found->after = stop + 2;
        found->next = -1;
        return 1;
    }
    if (!Py_UNICODE_ISSPACE(c))
        return 0;
    Py_ssize_t k = stop + 1;
    while (k < walk->length && Py_UNICODE_ISSPACE(CHAR(walk, k)))
        k++;
    if (k == walk->length)
        return 0;
    found->next = k;
    while (k < walk->length && !Py_UNICODE_ISSPACE(CHAR(walk, k)))
        k++;
    found->after = k;
    return 1;
}

/* Decide `candidate`; on a break, add the slice it ends. 0, or -1 with an exception set. */
static int
decide(const Walk *walk, const Candidate *candidate, Cuts *slices, Py_ssize_t *last_break)
{
    int breaks = plain_sentbreak(walk, candidate->word, candidate->after);
    if (breaks == 0) {
        PyObject *context = PyUnicode_Substring(walk->text, candidate->word, candidate->after);
        PyObject *answer = context ? PyObject_CallOneArg(walk->decide, context) : NULL;
        breaks = answer ? PyObject_IsTrue(answer) : -1;
        Py_XDECREF(context);
        Py_XDECREF(answer);
    }
    if (breaks <= 0)
        return breaks;
    if (spans_add(slices, *last_break, candidate->stop + 1) < 0)
        return -1;
    *last_break = candidate->next >= 0 ? candidate->next : candidate->stop + 1;
    return 0;
}

/* The walk's slices of its text, into `slices`; the walk's sets, not_plain and decide are
 * set. 0, or -1 with an exception set. */
static int
walk_slices(Walk *walk, Cuts *slices)
{
    walk->kind = PyUnicode_KIND(walk->text);
    walk->data = PyUnicode_DATA(walk->text);
    walk->length = PyUnicode_GET_LENGTH(walk->text);
    walk->lower = PyUnicode_InternFromString("lower");
    walk->numbers = PyUnicode_InternFromString("##number##");
    int failed = walk->lower == NULL || walk->numbers == NULL;
    Py_ssize_t last_break = 0, word = 0;
    Candidate pending = {0, 0, 0, 0}, current;
    int has_pending = 0;
    for (Py_ssize_t k = 0; k < walk->length && !failed; k++) {
        if (!charset_has(&walk->ends, CHAR(walk, k)) || !candidate_at(walk, k, &current))
            continue;
        /* _potential_ends: the word starts after the last space since the pending candidate;
         * a candidate whose word runs into the next one's is not decided. */
        Py_ssize_t previous_stop = has_pending ? pending.stop : 0, space = -1;
        for (Py_ssize_t j = k - 1; j >= previous_stop; j--)
            if (CHAR(walk, j) == ' ') {
                space = j;
                break;
            }
        Py_ssize_t next_word = space > previous_stop ? space + 1 : word;
        if (has_pending && previous_stop <= next_word)
            failed = decide(walk, &pending, slices, &last_break) < 0;
        current.word = word = next_word;
        pending = current;
        has_pending = 1;
    }
    if (has_pending && !failed)
        failed = decide(walk, &pending, slices, &last_break) < 0;
    if (!failed)
        failed = spans_add(slices, last_break, walk->length) < 0;
    Py_XDECREF(walk->lower);
    Py_XDECREF(walk->numbers);
    return failed ? -1 : 0;
}

static PyObject *
punkt_slices(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *ends, *non_word, *others, *stop_after;
    Walk walk;
    if (!PyArg_ParseTuple(args, "UUUUUO!O", &walk.text, &ends, &non_word, &others, &stop_after,
                          &PyFrozenSet_Type, &walk.not_plain, &walk.decide))
        return NULL;
    if (charset_init(&walk.ends, ends) < 0 || charset_init(&walk.non_word, non_word) < 0 ||
        charset_init(&walk.others, others) < 0 || charset_init(&walk.stop_after, stop_after) < 0)
        return NULL;
    Cuts slices = {NULL, 0, 0};
    PyObject *result = walk_slices(&walk, &slices) < 0 ? NULL : spans_list(&slices);
    PyMem_Free(slices.at);
    return result;
}

/* letter_counts: the Arabic and Latin letters of spans of a text
 * (bialign.detect._letter_counts_numpy), read off a table of every code point's class in
 * place: NumPy made the text's code points an array, looked each up and summed along the
 * whole text twice, for each article and each short text asked about. */
/* The buffer of classes, one byte a code point (bialign.detect._letter_classes); -1 with an
 * exception set, naming `function`, when it is not one or does not cover every code point. */
static int
take_classes(PyObject *classes, Py_buffer *view, const char *function)
{
    if (PyObject_GetBuffer(classes, view, PyBUF_SIMPLE) < 0)
        return -1;
    if (view->len <= 0x10FFFF) {
        PyBuffer_Release(view);
        PyErr_Format(PyExc_ValueError, "%s: classes must cover every code point", function);
        return -1;
    }
    return 0;
}

/* found[c]: the code points of text[start:end] (kind, data) of each class c < 3 in table. */
static void
count_letters(const uint8_t *table, int kind, const void *data, Py_ssize_t start,
              Py_ssize_t end, Py_ssize_t found[3])
{
    found[0] = found[1] = found[2] = 0;
    for (Py_ssize_t k = start; k < end; k++) {
        uint8_t value = table[PyUnicode_READ(kind, data, k)];
        found[value < 3 ? value : 0]++;
    }
}

static PyObject *
letter_counts(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *text, *classes, *spans;
    if (!PyArg_ParseTuple(args, "UOO!", &text, &classes, &PyList_Type, &spans))
        return NULL;
    Py_buffer view;
    if (take_classes(classes, &view, "letter_counts") < 0)
        return NULL;
    const uint8_t *table = (const uint8_t *)view.buf;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), count = PyList_GET_SIZE(spans);
    PyObject *counts = PyList_New(count);
    for (Py_ssize_t s = 0; counts != NULL && s < count; s++) {
        PyObject *span = PyList_GET_ITEM(spans, s);
        Py_ssize_t start, end;
        if (!PyArg_ParseTuple(span, "nn", &start, &end) || start < 0 || end < start ||
            end > length) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "letter_counts: a span out of the text");
            Py_CLEAR(counts);
            break;
        }
        Py_ssize_t found[3];
        count_letters(table, kind, data, start, end, found);
        PyObject *pair = Py_BuildValue("(nn)", found[1], found[2]);
        if (pair == NULL)
            Py_CLEAR(counts);
        else
            PyList_SET_ITEM(counts, s, pair);
    }
    PyBuffer_Release(&view);
    return counts;
}

/* joined_sentences: Punkt's spans of a paragraph joined where bialign's rules rule a boundary
 * out, as stripped sentences (bialign.segment._joined_spans and the slicing after it): a
 * paragraph number or a letterless piece waits for its sentence, and in a language with case
 * a piece that opens in lower case goes on the one before. Python ran two or three regexes
 * and a dozen lines of bytecode a span; the two rare questions that take a pattern (is the
 * piece a list label, does one open it) are asked back in Python. */
typedef struct {
    PyObject *text;
    int kind;
    const void *data;
    CharSet openers;
    int has_case;
    PyObject *is_label, *opens_with_label;
} Joining;

/* Whether text[start:end] holds a character of \w. */
static int
has_word(const Joining *joining, Py_ssize_t start, Py_ssize_t end)
{
    for (Py_ssize_t k = start; k < end; k++) {
        Py_UCS4 c = PyUnicode_READ(joining->kind, joining->data, k);
        if (c == '_' || Py_UNICODE_ISALNUM(c))
            return 1;
    }
    return 0;
}

/* The answer of a Python question about text[start:end]: 1, 0, or -1 with an exception set. */
static int
ask(const Joining *joining, PyObject *question, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *answer = PyObject_CallFunction(question, "Onn", joining->text, start, end);
    int truth = answer ? PyObject_IsTrue(answer) : -1;
    Py_XDECREF(answer);
    return truth;
}

/* _ENUMERATOR.fullmatch: a list label holds no white space, and most pieces do. */
static int
is_label(const Joining *joining, Py_ssize_t start, Py_ssize_t end)
{
    for (Py_ssize_t k = start; k < end; k++)
        if (Py_UNICODE_ISSPACE(PyUnicode_READ(joining->kind, joining->data, k)))
            return 0;
    return ask(joining, joining->is_label, start, end);
}

/* segment._starts_lower_case. */
static int
starts_lower_case(const Joining *joining, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t first = start;
    while (first < end && charset_has(&joining->openers, PyUnicode_READ(joining->kind, joining->data, first)))
        first++;
    if (first == end || !Py_UNICODE_ISLOWER(PyUnicode_READ(joining->kind, joining->data, first)))
        return 0;
    int label = ask(joining, joining->opens_with_label, start, end);
    return label < 0 ? -1 : !label;
}

/* Append text[start:end] without the white space around it; 0, or -1 with an exception set. */
static int
append_sentence(const Joining *joining, PyObject *sentences, Py_ssize_t start, Py_ssize_t end)
{
    while (start < end && Py_UNICODE_ISSPACE(PyUnicode_READ(joining->kind, joining->data, start)))
        start++;
    while (end > start && Py_UNICODE_ISSPACE(PyUnicode_READ(joining->kind, joining->data, end - 1)))
        end--;
    PyObject *sentence = PyUnicode_Substring(joining->text, start, end);
    int failed = sentence == NULL || PyList_Append(sentences, sentence) < 0;
    Py_XDECREF(sentence);
    return failed ? -1 : 0;
}

/* The sentences of `spans` joined (joining's text, openers and questions set): a new list,
 * or NULL with an exception set. */
static PyObject *
join_spans(Joining *joining, const Cuts *spans)
{
    joining->kind = PyUnicode_KIND(joining->text);
    joining->data = PyUnicode_DATA(joining->text);
    PyObject *sentences = PyList_New(0);
    if (sentences == NULL)
        return NULL;
    /* current: the sentence being joined (start < 0: none); carried: the start of a number or
     * letterless piece waiting for its sentence (< 0: none), and whether it holds a word. */
    Py_ssize_t current_start = -1, current_end = 0, carried = -1, end = 0;
    int carried_word = 0, failed = 0;
    for (Py_ssize_t s = 0; s < spans->count && !failed; s++) {
        Py_ssize_t start = spans->at[2 * s];
        end = spans->at[2 * s + 1];
        int word = carried_word || has_word(joining, start, end);
        carried_word = 0;
        if (carried >= 0) {
            start = carried;
            carried = -1;
        }
        int label = is_label(joining, start, end), lower = 0;
        if (label < 0) {
            failed = 1;
            break;
        }
        if (label || (current_start < 0 && !word)) {
            carried = start;
            carried_word = word;
            continue;
        }
        if (current_start >= 0 && word && joining->has_case &&
            (lower = starts_lower_case(joining, start, end)) < 0) {
            failed = 1;
            break;
        }
        if (current_start >= 0 && (!word || lower))
            current_end = end;
        else {
            if (current_start >= 0 &&
                append_sentence(joining, sentences, current_start, current_end) < 0) {
                failed = 1;
                break;
            }
            current_start = start;
            current_end = end;
        }
    }
    if (!failed) {
        if (carried >= 0) {
            current_start = current_start < 0 ? carried : current_start;
            current_end = end;
        }
        if (current_start >= 0 &&
            append_sentence(joining, sentences, current_start, current_end) < 0)
            failed = 1;
    }
    if (failed) {
        Py_DECREF(sentences);
        return NULL;
    }
    return sentences;
}

static PyObject *
joined_sentences(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *spans, *openers;
    Joining joining;
    if (!PyArg_ParseTuple(args, "UO!pUOO", &joining.text, &PyList_Type, &spans,
                          &joining.has_case, &openers, &joining.is_label,
                          &joining.opens_with_label))
        return NULL;
    if (charset_init(&joining.openers, openers) < 0)
        return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(joining.text);
    Cuts pieces = {NULL, 0, 0};
    PyObject *result = NULL;
    for (Py_ssize_t s = 0; s < PyList_GET_SIZE(spans); s++) {
        Py_ssize_t start, end;
        if (!PyArg_ParseTuple(PyList_GET_ITEM(spans, s), "nn", &start, &end) || start < 0 ||
            end < start || end > length) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "joined_sentences: a span out of the text");
            goto done;
        }
        if (spans_add(&pieces, start, end) < 0)
            goto done;
    }
    result = join_spans(&joining, &pieces);
done:
    PyMem_Free(pieces.at);
    return result;
}

/* sentences (seg4)
 *
 * sentences: a paragraph's sentences in one call (bialign.segment._split_python), where
 * Python made a dozen calls a paragraph around the compiled walk and joining: whether it is
 * single-spaced and has a candidate (one pass, which was spaced_candidates), the walk
 * (walk_slices), the realignment of closing quotes and brackets (_realign_boundaries) and
 * the joining (join_spans), on arrays rather than lists of tuples. The character sets are
 * made once a language (sentence_sets), not at every call.
 */

typedef struct {
    CharSet ends, non_word, others, stop_after, openers, closers;
} SentenceSets;

static PyObject *
sentence_sets(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *ends, *non_word, *others, *stop_after, *openers, *closers;
    SentenceSets sets;
    if (!PyArg_ParseTuple(args, "UUUUUU", &ends, &non_word, &others, &stop_after, &openers,
                          &closers))
        return NULL;
    if (charset_init(&sets.ends, ends) < 0 || charset_init(&sets.non_word, non_word) < 0 ||
        charset_init(&sets.others, others) < 0 ||
        charset_init(&sets.stop_after, stop_after) < 0 ||
        charset_init(&sets.openers, openers) < 0 || charset_init(&sets.closers, closers) < 0)
        return NULL;
    return PyBytes_FromStringAndSize((const char *)&sets, sizeof sets);
}

/* Whether a sentence end at k may be followed by a footnote reference (a letter before it,
 * closers, then a number, or a character this Python does not know: the regex module's newer
 * Unicode may take it for a digit), which bialign.segment._footnotes decides. */
static int
may_be_footnote(int kind, const void *data, Py_ssize_t length, Py_ssize_t k, const CharSet *closers)
{
    if (k == 0 || !Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, k - 1)))
        return 0;
    Py_ssize_t j = k + 1;
    while (j < length && charset_has(closers, PyUnicode_READ(kind, data, j)))
        j++;
    if (j == length)
        return 0;
    Py_UCS4 c = PyUnicode_READ(kind, data, j);
    return Py_UNICODE_ISNUMERIC(c) || !Py_UNICODE_ISPRINTABLE(c);
}

/* Whether the text is single-spaced (no white space but single spaces between words) and,
 * if so, has a candidate: -1 (not single-spaced, with `dots` a "..", or a footnote reference
 * maybe after a sentence end, which the caller splits first), 0 or 1. */
static int
screen(int kind, const void *data, Py_ssize_t length, const SentenceSets *sets, int dots)
{
    int found = 0;
    for (Py_ssize_t k = 0; k < length; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (is_space(c)) {
            if (c != ' ' || k == 0 || k == length - 1 || PyUnicode_READ(kind, data, k + 1) == ' ')
                return -1;
        }
        else if (k + 1 < length && charset_has(&sets->ends, c)) {
            Py_UCS4 next = PyUnicode_READ(kind, data, k + 1);
            if ((dots && c == '.' && next == '.') ||
                may_be_footnote(kind, data, length, k, &sets->closers))
                return -1;
            /* Punctuation, or (single spaces only, or -1 on the way) a space and a word. */
            if (charset_has(&sets->non_word, next) || (next == ' ' && k + 2 < length))
                found = 1;
        }
    }
    return found;
}

/* _realign_boundaries with re_boundary_realignment's closers: the slices of a single-spaced
 * text with the closers (and the space) after each break moved to the sentence before. */
static int
realign(int kind, const void *data, const CharSet *closers, const Cuts *slices, Cuts *spans)
{
    Py_ssize_t moved = 0;
    for (Py_ssize_t s = 0; s + 1 < slices->count; s++) {
        Py_ssize_t start = slices->at[2 * s] + moved, end = slices->at[2 * s + 1];
        Py_ssize_t next_start = slices->at[2 * s + 2], next_end = slices->at[2 * s + 3];
        /* [closers]+?(?:\s+|(?=--)|$): a run of closers, then white space, "--" or the end. */
        Py_ssize_t k = next_start;
        while (k < next_end && charset_has(closers, PyUnicode_READ(kind, data, k)))
            k++;
        int matched = k > next_start;
        Py_ssize_t after = k;
        if (matched && k < next_end && is_space(PyUnicode_READ(kind, data, k))) {
            while (after < next_end && is_space(PyUnicode_READ(kind, data, after)))
                after++;
        }
        else if (matched && k < next_end)
            matched = k + 1 < next_end && PyUnicode_READ(kind, data, k) == '-' &&
                      PyUnicode_READ(kind, data, k + 1) == '-';
        if (matched) {
            if (spans_add(spans, start, k) < 0)
                return -1;
            moved = after - next_start;
        }
        else {
            moved = 0;
            if (start < end && spans_add(spans, start, end) < 0)
                return -1;
        }
    }
    Py_ssize_t start = slices->at[2 * (slices->count - 1)] + moved;
    Py_ssize_t end = slices->at[2 * (slices->count - 1) + 1];
    return start < end ? spans_add(spans, start, end) : 0;
}

static PyObject *
sentences(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *paragraph, *sets_bytes;
    int dots;
    Walk walk;
    Joining joining;
    if (!PyArg_ParseTuple(args, "UO!O!OpOOp", &paragraph, &PyBytes_Type, &sets_bytes,
                          &PyFrozenSet_Type, &walk.not_plain, &walk.decide, &joining.has_case,
                          &joining.is_label, &joining.opens_with_label, &dots))
        return NULL;
    if (PyBytes_GET_SIZE(sets_bytes) != (Py_ssize_t)sizeof(SentenceSets)) {
        PyErr_SetString(PyExc_ValueError, "sentences: sets must be sentence_sets's");
        return NULL;
    }
    const SentenceSets *sets = (const SentenceSets *)PyBytes_AS_STRING(sets_bytes);
    int kind = PyUnicode_KIND(paragraph);
    const void *data = PyUnicode_DATA(paragraph);
    Py_ssize_t length = PyUnicode_GET_LENGTH(paragraph);
    int found = screen(kind, data, length, sets, dots);
    if (found < 0)
        Py_RETURN_NONE;
    if (length == 0)
        return PyList_New(0);
    if (!found) {
        PyObject *one = PyList_New(1);
        if (one != NULL)
            PyList_SET_ITEM(one, 0, Py_NewRef(paragraph));
        return one;
    }
    walk.text = joining.text = paragraph;
    walk.ends = sets->ends;
    walk.non_word = sets->non_word;
    walk.others = sets->others;
    walk.stop_after = sets->stop_after;
    joining.openers = sets->openers;
    Cuts slices = {NULL, 0, 0}, spans = {NULL, 0, 0};
    PyObject *result = NULL;
    if (walk_slices(&walk, &slices) == 0 &&
        realign(kind, data, &sets->closers, &slices, &spans) == 0)
        result = join_spans(&joining, &spans);
    PyMem_Free(slices.at);
    PyMem_Free(spans.at);
    return result;
}

/* ---------------------------------------------------------------------------------------- */
/* splitting (split4)                                                                       */
/* ---------------------------------------------------------------------------------------- */

/* printable_lines: whether a text holds only printable characters and line breaks
 * (bialign.inputs.decode._printable_lines_python), asked of every input twice (is it binary,
 * has it line ends or controls to clean), in one pass and no copy where Python removed the
 * line breaks (a copy of the text) and then called str.isprintable. */

/* One bit a character of the Basic Multilingual Plane: set when str.isprintable takes it
 * (Py_UNICODE_ISPRINTABLE) or it is the line break, read off once so that a character is a
 * bit test, not a call. */
static uint8_t line_printable[0x10000 / 8];
static int line_printable_ready = 0;

static void
line_printable_init(void)
{
    for (Py_UCS4 ch = 0; ch < 0x10000; ch++)
        if (ch == '\n' || Py_UNICODE_ISPRINTABLE(ch))
            line_printable[ch >> 3] |= (uint8_t)(1u << (ch & 7));
    line_printable_ready = 1;
}

static inline int
is_line_printable(Py_UCS4 ch)
{
    if (ch < 0x10000)
        return (line_printable[ch >> 3] >> (ch & 7)) & 1;
    return Py_UNICODE_ISPRINTABLE(ch);
}

static PyObject *
printable_lines(PyObject *Py_UNUSED(module), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "printable_lines() takes a str");
        return NULL;
    }
    if (!line_printable_ready)
        line_printable_init();
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    /* One loop a width: reading a character of any width costs a switch. */
#define PRINTABLE_LINES(type)                                                                 \
    for (Py_ssize_t k = 0; k < length; k++)                                                  \
        if (!is_line_printable(((const type *)data)[k]))                                     \
            Py_RETURN_FALSE;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        PRINTABLE_LINES(Py_UCS1)
        break;
    case PyUnicode_2BYTE_KIND:
        PRINTABLE_LINES(Py_UCS2)
        break;
    default:
        PRINTABLE_LINES(Py_UCS4)
    }
#undef PRINTABLE_LINES
    Py_RETURN_TRUE;
}

/* short_digit_lines: the screen of numbered pages (bialign.inputs.pages.numbered_pages),
 * looked for in every plain text without form feeds: a line that may be a page number is
 * short and holds a digit, and a text with fewer than three such lines has no numbered
 * pages. A regular expression's search for page numbers after each line break took 200,000
 * instructions of an article of 17 KB. Most lines are long: past its first characters, a
 * line is passed over by a search for its line break alone, eight characters at a time in
 * text of two bytes a character (Arabic), by memchr in text of one. */

/* The first line break at or after k in text of two bytes a character (length in all):
 * eight characters at a time with SSE2 (every x86-64 processor has it), four elsewhere. */
static Py_ssize_t
line_break_ucs2(const Py_UCS2 *chars, Py_ssize_t k, Py_ssize_t length)
{
#if defined(__SSE2__)
    const __m128i breaks = _mm_set1_epi16('\n');
    for (; k + 8 <= length; k += 8) {
        __m128i eight = _mm_loadu_si128((const __m128i *)(chars + k));
        if (_mm_movemask_epi8(_mm_cmpeq_epi16(eight, breaks)))
            break;
    }
#else
    const uint64_t ones = 0x0001000100010001u, highs = 0x8000800080008000u;
    const uint64_t breaks = ones * '\n';
    for (; k + 4 <= length; k += 4) {
        uint64_t four;
        memcpy(&four, chars + k, sizeof four);
        four ^= breaks; /* a lane of 0 where a line break was */
        if ((four - ones) & ~four & highs)
            break;
    }
#endif
    while (k < length && chars[k] != '\n')
        k++;
    return k;
}

/* Whether ch is a decimal digit (Py_UNICODE_ISDECIMAL), without the call for ASCII and the
 * Arabic block, whose digits are Arabic-Indic (U+0660-0669) and Eastern (U+06F0-06F9). */
static inline int
is_decimal(Py_UCS4 ch)
{
    if (ch < 0x80)
        return ch - '0' < 10u;
    if (ch >= 0x600 && ch < 0x700)
        return ch - 0x660 < 10u || ch - 0x6F0 < 10u;
    return Py_UNICODE_ISDECIMAL(ch);
}

static Py_ssize_t
line_break(int kind, const void *data, Py_ssize_t k, Py_ssize_t length)
{
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *chars = (const Py_UCS1 *)data;
        const Py_UCS1 *found = memchr(chars + k, '\n', (size_t)(length - k));
        return found == NULL ? length : found - chars;
    }
    if (kind == PyUnicode_2BYTE_KIND)
        return line_break_ucs2((const Py_UCS2 *)data, k, length);
    const Py_UCS4 *chars = (const Py_UCS4 *)data;
    while (k < length && chars[k] != '\n')
        k++;
    return k;
}

static PyObject *
short_digit_lines(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *text;
    Py_ssize_t longest;
    if (!PyArg_ParseTuple(args, "Un", &text, &longest))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), count = 0, k = 0;
    while (k < length) {
        Py_ssize_t seen = 0;
        int digit = 0;
        for (; k < length; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k);
            if (ch == '\n')
                break;
            if (ch == ' ' || ch == '\t' || ch == '\r')
                continue;
            if (++seen > longest)
                break;
            digit |= is_decimal(ch);
        }
        if (seen > longest)
            k = line_break(kind, data, k, length);
        else
            count += digit;
        k++; /* past the line break */
    }
    return PyLong_FromSsize_t(count);
}

/* text_lines: the non-blank lines of a text with their letter counts, as bialign.detect.Line
 * tuples (bialign.detect._lines_python): Python cut the text at every line break, looked at
 * each piece, stripped the ends of blocks, then counted letters over the spans and made the
 * tuples, a dozen bytecodes and three objects a line. White space is Py_UNICODE_ISSPACE's,
 * str.isspace and str.strip's. */

/* A line found: text[start:end], its number and whether it opens a block. */
static int
append_line(PyObject *lines, PyObject *text, PyTypeObject *line_type, const uint8_t *table,
            Py_ssize_t number, Py_ssize_t start, Py_ssize_t end, PyObject *boundary)
{
    Py_ssize_t found[3];
    count_letters(table, PyUnicode_KIND(text), PyUnicode_DATA(text), start, end, found);
    /* Made as tuple.__new__(line_type, items) makes it (a named tuple's _make): no Python
     * __new__ call. Not allocated and filled here: tuple.__new__ also resets the hash a tuple
     * caches (CPython 3.14 on), which a zeroed allocation would leave at 0. */
    PyObject *items = PyTuple_New(5);
    PyObject *values[5] = {PyLong_FromSsize_t(number), PyUnicode_Substring(text, start, end),
                           PyLong_FromSsize_t(found[1]), PyLong_FromSsize_t(found[2]),
                           Py_NewRef(boundary)};
    int complete = items != NULL;
    for (int i = 0; i < 5; i++) {
        complete = complete && values[i] != NULL;
        if (items != NULL && values[i] != NULL)
            PyTuple_SET_ITEM(items, i, values[i]);
        else
            Py_XDECREF(values[i]);
    }
    PyObject *args = complete ? PyTuple_Pack(1, items) : NULL;
    Py_XDECREF(items);
    PyObject *line = args == NULL ? NULL : PyTuple_Type.tp_new(line_type, args, NULL);
    Py_XDECREF(args);
    if (line == NULL)
        return -1;
    int failed = PyList_Append(lines, line);
    Py_DECREF(line);
    return failed;
}

/* Strip the white space that ends a block from its last line, text[start:*end]. */
static void
strip_end(int kind, const void *data, Py_ssize_t start, Py_ssize_t *end)
{
    while (*end > start && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, *end - 1)))
        (*end)--;
}

static PyObject *
text_lines(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *text, *classes, *first, *after_blank;
    PyTypeObject *line_type;
    if (!PyArg_ParseTuple(args, "UOO!OO", &text, &classes, &PyType_Type, &line_type, &first,
                          &after_blank))
        return NULL;
    if (!PyType_IsSubtype(line_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "text_lines: line must be a tuple type");
        return NULL;
    }
    Py_buffer view;
    if (take_classes(classes, &view, "text_lines") < 0)
        return NULL;
    const uint8_t *table = (const uint8_t *)view.buf;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    PyObject *lines = PyList_New(0);
    /* The line held back: the last line of a block loses its trailing white space, and which
     * line is last is known at the next one. */
    Py_ssize_t held_number = 0, held_start = 0, held_end = 0;
    PyObject *held_boundary = NULL; /* NULL: no line held */
    int failed = lines == NULL;
    for (Py_ssize_t number = 1, start = 0; !failed && start <= length; number++) {
        Py_ssize_t end = start;
        while (end < length && PyUnicode_READ(kind, data, end) != '\n')
            end++;
        Py_ssize_t opening = start; /* the first character that is not white space */
        while (opening < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, opening)))
            opening++;
        int blank = opening == end, in_block = held_boundary != NULL;
        if (in_block && blank) /* the held line ends its block */
            strip_end(kind, data, held_start, &held_end);
        if (in_block) {
            failed = append_line(lines, text, line_type, table, held_number, held_start,
                                 held_end, held_boundary) < 0;
            held_boundary = NULL;
        }
        if (!blank) {
            held_number = number;
            held_start = in_block ? start : opening;
            held_end = end;
            held_boundary = in_block ? Py_None : PyList_GET_SIZE(lines) == 0 ? first : after_blank;
        }
        start = end + 1;
    }
    if (!failed && held_boundary != NULL) {
        strip_end(kind, data, held_start, &held_end);
        failed = append_line(lines, text, line_type, table, held_number, held_start, held_end,
                             held_boundary) < 0;
    }
    PyBuffer_Release(&view); /* after the last line's letters are counted through `table` */
    if (failed) {
        Py_XDECREF(lines);
        return NULL;
    }
    return lines;
}

/* ---------------------------------------------------------------------------------------- */
/* word analysis (vocab5)                                                                    */

/* How many pairs hold each stem, for associate: a table of the document's own stems, where an
 * array by stem id was as long as the whole vocabulary's stems, allocated and zeroed twice a
 * document. A slot is the stem + 1 (0: empty) and its count, at the stem's mixed_hash's low
 * bits (linear probing); the table is at least twice the pairs, so never over half full. */
struct StemCounts {
    Py_ssize_t mask; /* slots - 1 */
    uint64_t slots[]; /* (stem + 1, count) */
};

/* The slot of `stem` (its key 0 when absent). */
static inline uint64_t *
stem_slot(const StemCounts *counts, int64_t stem)
{
    uint64_t key = (uint64_t)stem + 1, *slots = (uint64_t *)counts->slots;
    Py_ssize_t at = (Py_ssize_t)(mixed_hash(key) & counts->mask);
    while (slots[2 * at] != 0 && slots[2 * at] != key)
        at = (at + 1) & counts->mask;
    return &slots[2 * at];
}

/* How many of `pairs` (sentence pair << 32 | stem) hold each stem (PyMem, NULL with an
 * exception set). */
static StemCounts *
stem_counts_of(const int64_t *pairs, Py_ssize_t size)
{
    if (size > PY_SSIZE_T_MAX / 64) {
        PyErr_NoMemory();
        return NULL;
    }
    Py_ssize_t slots = 16;
    while (slots < 2 * size)
        slots *= 2;
    StemCounts *counts = PyMem_Calloc(1, sizeof(StemCounts) + (size_t)slots * 2 * sizeof(uint64_t));
    if (counts == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    counts->mask = slots - 1;
    for (Py_ssize_t k = 0; k < size; k++) {
        uint64_t *slot = stem_slot(counts, pairs[k] & 0xFFFFFFFF);
        slot[0] = (uint64_t)(pairs[k] & 0xFFFFFFFF) + 1;
        slot[1]++;
    }
    return counts;
}

/* How many pairs hold `stem` (0 for one none holds). */
static int64_t
stem_count(const StemCounts *counts, int64_t stem)
{
    return (int64_t)stem_slot(counts, stem)[1];
}

/* ---------------------------------------------------------------------------------------- */
/* paragraphs (para8)                                                                       */
/* ---------------------------------------------------------------------------------------- */

/* words_at_most: whether a unit is a few words (bialign.detect._words_at_most_python), asked
 * of every one-line unit, most of them paragraphs of many words: Python split the head of the
 * line into a list of its first words to count them; this reads up to the word past the
 * limit and makes nothing. White space is Py_UNICODE_ISSPACE's, as str.split's. */
static PyObject *
words_at_most(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "words_at_most(text, limit) takes a str and an int");
        return NULL;
    }
    Py_ssize_t limit = PyLong_AsSsize_t(args[1]);
    if (limit == -1 && PyErr_Occurred())
        return NULL;
    PyObject *text = args[0];
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), words = 0;
    int in_word = 0;
    for (Py_ssize_t k = 0; k < length; k++) {
        int space = is_space(PyUnicode_READ(kind, data, k));
        if (!space && !in_word && ++words > limit)
            Py_RETURN_FALSE;
        in_word = !space;
    }
    Py_RETURN_TRUE;
}
