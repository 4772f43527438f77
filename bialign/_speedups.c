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
#define INTERFACE 1

#include <Python.h>
#include <math.h>
#include <stdint.h>

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
#define MAX_ARRAYS 10

/* The arrays a function takes: their names, item sizes, and whether it writes to them. */
typedef struct {
    int count;
    const char *names[MAX_ARRAYS];
    Py_ssize_t itemsizes[MAX_ARRAYS];
    int writable[MAX_ARRAYS];
} Arrays;

/* The C-contiguous buffers of `objects`, as `arrays` describes them; on failure none is held
 * and an exception is set. */
static int
take_buffers(const Arrays *arrays, PyObject **objects, Py_buffer *views)
{
    for (int k = 0; k < arrays->count; k++) {
        int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (arrays->writable[k] ? PyBUF_WRITABLE : 0);
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
} TermsCall;

/* The two sides' lengths of bead (k, c): prefix sums, spans cut at 0. */
static inline void
bead_lengths(const TermsCall *call, Py_ssize_t k, Py_ssize_t c, double *ar_len, double *en_len)
{
    int64_t i = call->i[c], j = call->j[c];
    int64_t i0 = i - call->a[k] > 0 ? i - call->a[k] : 0;
    int64_t j0 = j - call->b[k] > 0 ? j - call->b[k] : 0;
    *ar_len = call->ar_prefix[i] - call->ar_prefix[i0];
    *en_len = call->en_prefix[j] - call->en_prefix[j0];
}

/* The terms of bead (k, c), one at a time. */
static inline void
terms_one(const TermsCall *call, Py_ssize_t k, Py_ssize_t c)
{
    /* As LengthScorer.delta and _erfc_terms, operation for operation. */
    double ar_len, en_len;
    bead_lengths(call, k, c, &ar_len, &en_len);
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

static void
terms_plain(const TermsCall *call)
{
    for (Py_ssize_t k = 0; k < call->kinds; k++)
        for (Py_ssize_t c = 0; c < call->cells; c++)
            terms_one(call, k, c);
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>

/* terms_plain four beads at a time, where the processor has AVX2: the same operations in the
 * same order, each correctly rounded as in scalar code (and no fused multiply-add), so the
 * same bits. Horner's rule is a chain of twenty dependent operations a bead; four chains at
 * once keep the processor busy. */
__attribute__((target("avx2"))) static void
terms_avx2(const TermsCall *call)
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
                bead_lengths(call, k, c + l, &ar[l], &en[l]);
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
            terms_one(call, k, c);
    }
}

/* `portable`: the loop any processor runs, whatever this one has (tests compare the two). */
static void
terms_run(const TermsCall *call, int portable)
{
    if (!portable && __builtin_cpu_supports("avx2"))
        terms_avx2(call);
    else
        terms_plain(call);
}
#else
static void
terms_run(const TermsCall *call, int portable)
{
    (void)portable;
    terms_plain(call);
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

/* Reading sides, defined at the end of the file. */
static PyObject *number(PyObject *module, PyObject *args);
PyDoc_STRVAR(number_doc,
"number(sentences, table, words, unseen)\n"
"\n"
"(word_ids, counts) of a side's sentences, as bytearrays: the id of each word of each\n"
"sentence (int32, words as str.split() cuts them), and how many words each sentence has\n"
"(int64). A word's id is its place in words, found through table (see index); a word not\n"
"there gets -1 - k, k its number in unseen, which numbers such words in the order they are\n"
"first met. See bialign.lexicon.vocabulary.Vocabulary._numbered_python.");

static PyObject *index_words(PyObject *module, PyObject *args);
PyDoc_STRVAR(index_doc,
"index(table, words, first)\n"
"\n"
"Add words[first:] to table (uint64, a power of two long, at most half full once they are\n"
"in), the hash table through which number finds a word's place in words.");

static PyObject *sign(PyObject *module, PyObject *args);
PyDoc_STRVAR(sign_doc,
"sign(word_ids, starts, rows, spans, signatures, lengths)\n"
"\n"
"Each sentence's signature and length from its words': sentence k holds the words\n"
"word_ids[starts[k]:starts[k + 1]] (int32, rows of rows); its signature, written to\n"
"signatures[k] (uint64), is the OR of their rows (uint64, of shape (words, row words)), its\n"
"length, written to lengths[k] (float64), the sum of their spans (int64) less one, or 0.\n"
"See bialign.lexicon.vocabulary._signed_numpy.");

/* Word analysis, defined at the end of the file. */
static void crc_init(void);
static PyObject *learn(PyObject *module, PyObject *args);
PyDoc_STRVAR(learn_doc,
"learn(words, arabic, known, index, names, english_stop, arabic_stop, calendar_get,\n"
"      lexicon_get, pieces, analyse, outside, letters, shapes)\n"
"\n"
"(rows, counts, stem_ids) of normalised words met for the first time, as bytes: each word's\n"
"signature row (uint64), its number of stem ids (int64), and all their stem ids (int64).\n"
"known, index and names are the vocabulary's tables, added to; see\n"
"bialign.lexicon.vocabulary.Vocabulary._learnt_compiled for the rest.");

static PyMethodDef methods[] = {
    {"rows", rows, METH_VARARGS, rows_doc},
    {"dice", dice, METH_VARARGS, dice_doc},
    {"length_terms", length_terms, METH_VARARGS, length_terms_doc},
    {"number", number, METH_VARARGS, number_doc},
    {"index", index_words, METH_VARARGS, index_doc},
    {"sign", sign, METH_VARARGS, sign_doc},
    {"learn", learn, METH_VARARGS, learn_doc},
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

/* Whether `ch` is white space as str.split() takes it (Py_UNICODE_ISSPACE), without a call for
 * the letters from U+00A1 to U+167F, Arabic among them, none of which is. */
static inline int
is_space(Py_UCS4 ch)
{
    if (ch > 0xA0 && ch < 0x1680)
        return 0;
    return Py_UNICODE_ISSPACE(ch);
}

/* The words of a sentence as str.split() cuts it: the next one from `*k` on, as [*start, *k);
 * 0 when there is none left. */
static int
next_word(PyObject *sentence, Py_ssize_t *start, Py_ssize_t *k)
{
    Py_ssize_t size = PyUnicode_GET_LENGTH(sentence);
    int kind = PyUnicode_KIND(sentence);
    const void *data = PyUnicode_DATA(sentence);
    while (*k < size && is_space(PyUnicode_READ(kind, data, *k)))
        ++*k;
    *start = *k;
    while (*k < size && !is_space(PyUnicode_READ(kind, data, *k)))
        ++*k;
    return *k > *start;
}

/* The vocabulary's words are found through a table of its own, not through its dict of ids:
 * a dict lookup of a word is a new string, hashed, then a cache miss on each of the dict's
 * index, its entry, the key and the value (a dict of 10^5 words is megabytes, spread over the
 * heap); that was most of number's time. A slot of the table is 8 bytes, `tag << 32 | (id +
 * 1)` (0: empty), `tag` the hash's high half, at the hash's low bits (linear probing): one
 * miss, then one on the word itself to check it. */

/* A hash of the code points of text[start:start + size] (FNV-1a, then mixed: the table takes
 * its low bits), the same whatever the strings' kinds. */
static uint64_t
span_hash(PyObject *text, Py_ssize_t start, Py_ssize_t size)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    uint64_t hash = 14695981039346656037ULL;
    for (Py_ssize_t k = start; k < start + size; k++)
        hash = (hash ^ PyUnicode_READ(kind, data, k)) * 1099511628211ULL;
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    hash ^= hash >> 33;
    return hash;
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
    uint64_t tag = hash >> 32;
    for (Py_ssize_t at = (Py_ssize_t)(hash & table->mask);; at = (at + 1) & table->mask) {
        uint64_t slot = table->slots[at];
        if (slot == 0)
            return -1;
        if (slot >> 32 != tag)
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

/* The number of sentence[start:end] (whose span_hash is `hash`): its id in `table`, else -1 -
 * its number in `unseen` (numbered if new). */
static int
word_number(const WordTable *table, PyObject *unseen, PyObject *sentence, Py_ssize_t start,
            Py_ssize_t end, uint64_t hash, int32_t *number)
{
    Py_ssize_t id = find_word(table, sentence, start, end - start, hash);
    if (id == -2)
        return -1;
    if (id >= 0) {
        if (id > INT32_MAX) {
            PyErr_SetString(PyExc_OverflowError, "number: word ids must fit in 32 bits");
            return -1;
        }
        *number = (int32_t)id;
        return 0;
    }
    PyObject *word = PyUnicode_Substring(sentence, start, end);
    if (word == NULL)
        return -1;
    PyObject *seen = PyDict_GetItemWithError(unseen, word);
    long long value;
    if (seen != NULL)
        value = PyLong_AsLongLong(seen);
    else if (PyErr_Occurred())
        value = -1;
    else {
        value = PyDict_GET_SIZE(unseen);
        PyObject *k = PyLong_FromLongLong(value);
        if (k == NULL || PyDict_SetItem(unseen, word, k) < 0)
            value = -1; /* `unseen` holds the words it numbered */
        Py_XDECREF(k);
    }
    Py_DECREF(word);
    if (value < 0 || PyErr_Occurred()) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "number: unseen must number words from 0");
        return -1;
    }
    if (value > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "number: word ids must fit in 32 bits");
        return -1;
    }
    *number = (int32_t)(-1 - value);
    return 0;
}

#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif
#define LOOKAHEAD 32

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
 * for a batch of words ahead, so that the cache misses overlap instead of adding up. Returns
 * how many words the sentence has, or -1 with an exception set. */
static Py_ssize_t
number_sentence(const WordTable *table, PyObject *unseen, PyObject *sentence, int32_t *numbers)
{
    Py_ssize_t starts[LOOKAHEAD], ends[LOOKAHEAD], k = 0, words = 0;
    uint64_t hashes[LOOKAHEAD];
    for (;;) {
        int count = 0;
        while (count < LOOKAHEAD && next_word(sentence, &starts[count], &k)) {
            ends[count] = k;
            hashes[count] = span_hash(sentence, starts[count], k - starts[count]);
            PREFETCH(&table->slots[hashes[count] & table->mask]);
            count++;
        }
        for (int w = 0; w < count; w++) {
            Py_ssize_t id = (Py_ssize_t)(table->slots[hashes[w] & table->mask] & 0xFFFFFFFFu) - 1;
            if (id >= 0 && id < PyList_GET_SIZE(table->words))
                PREFETCH(&PyList_GET_ITEM(table->words, id));
        }
        for (int w = 0; w < count; w++) {
            PyObject *word = slot_word(table, table->slots[hashes[w] & table->mask]);
            if (word != NULL) {
                PREFETCH(word);
                PREFETCH((const char *)word + 64); /* a compact string's characters */
            }
        }
        for (int w = 0; w < count; w++)
            if (word_number(table, unseen, sentence, starts[w], ends[w], hashes[w], numbers++) < 0)
                return -1;
        words += count;
        if (count < LOOKAHEAD)
            return words;
    }
}

/* The table's slots, from a writable uint64 buffer a power of two long; on failure an
 * exception is set. */
static int
take_table(PyObject *object, Py_buffer *view, WordTable *table)
{
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0)
        return -1;
    Py_ssize_t size = view->len / 8;
    if (view->itemsize != 8 || size == 0 || (size & (size - 1)) != 0) {
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
    PyObject *sentences, *table_object, *unseen;
    WordTable table;
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "OOO!O!", &sentences, &table_object, &PyList_Type, &table.words,
                          &PyDict_Type, &unseen) ||
        take_table(table_object, &view, &table) < 0)
        return NULL;
    /* A tuple of its own: the sentences read twice are the same whatever happens to the list. */
    PyObject *held = PySequence_Tuple(sentences);
    if (held == NULL) {
        PyBuffer_Release(&view);
        return NULL;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(held), bound = 0, total = 0;
    for (Py_ssize_t s = 0; s < count; s++) {
        PyObject *sentence = PyTuple_GET_ITEM(held, s);
        if (!PyUnicode_Check(sentence)) {
            PyErr_SetString(PyExc_TypeError, "number: sentences must be str");
            Py_DECREF(held);
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
        Py_ssize_t words = number_sentence(&table, unseen, PyTuple_GET_ITEM(held, s), numbers);
        ((int64_t *)PyByteArray_AS_STRING(counts))[s] = words;
        total += words;
        failed = words < 0;
    }
    failed = failed || PyByteArray_Resize(word_ids, total * 4) < 0;
    Py_DECREF(held);
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
    PyObject *table_object;
    Py_ssize_t first;
    WordTable table;
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "OO!n", &table_object, &PyList_Type, &table.words, &first) ||
        take_table(table_object, &view, &table) < 0)
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(table.words);
    int failed = 0;
    if (first < 0 || count > UINT32_MAX - 1 || 2 * count > table.mask + 1) {
        PyErr_SetString(PyExc_ValueError, "index: the words do not fit in the table");
        failed = 1;
    }
    for (Py_ssize_t id = first; id < count && !failed; id++) {
        PyObject *word = PyList_GET_ITEM(table.words, id);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "index: words must be str");
            failed = 1;
            break;
        }
        uint64_t hash = span_hash(word, 0, PyUnicode_GET_LENGTH(word));
        Py_ssize_t at = (Py_ssize_t)(hash & table.mask);
        while (table.slots[at] != 0)
            at = (at + 1) & table.mask;
        table.slots[at] = (hash >> 32) << 32 | (uint64_t)(id + 1);
    }
    PyBuffer_Release(&view);
    if (failed)
        return NULL;
    Py_RETURN_NONE;
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
    for (Py_ssize_t k = 0; k < count; k++)
        if (starts[k] > starts[k + 1]) {
            PyErr_SetString(PyExc_ValueError, "sign: starts must not decrease");
            return 0;
        }
    if (starts[0] != 0 || starts[count] != words) {
        PyErr_SetString(PyExc_ValueError, "sign: starts must run from 0 to the words");
        return 0;
    }
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
    Py_ssize_t count = views[1].len / 8 - 1, width = views[2].shape[1];
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < count; k++) {
        uint64_t *signature = signatures + k * width;
        int64_t length = 0;
        memset(signature, 0, width * 8);
        for (int64_t w = starts[k]; w < starts[k + 1]; w++) {
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

/* word analysis
 *
 * learn: the stem ids and signature rows of words met for the first time, as
 * bialign.lexicon.vocabulary's Python twin (Vocabulary._learnt_python) gives them: each word cut
 * into pieces, each piece analysed once (bialign.lexicon.tokens.analyse) and remembered. The
 * pieces nearly every word is, one run of ASCII letters or of Arabic letters, are analysed here;
 * any other (numbers, apostrophes, mixed scripts) by the Python functions passed in, so that the
 * rules live in one place for everything but those two common shapes.
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

/* Set the bit of the token whose UTF-8 is `bytes` in the signature row. */
static void
set_bit(uint64_t *row, const char *bytes, Py_ssize_t size)
{
    uint32_t bit = crc32_of(bytes, size) % SIGNATURE_BITS;
    row[bit >> 6] |= (uint64_t)1 << (bit & 63);
}

static int
set_token_bit(uint64_t *row, PyObject *token)
{
    Py_ssize_t size;
    const char *bytes = PyUnicode_AsUTF8AndSize(token, &size);
    if (bytes == NULL)
        return -1;
    set_bit(row, bytes, size);
    return 0;
}

/* "sk:" and a skeleton as a token, when the skeleton is long enough (ASCII, `size` bytes). */
static void
set_skeleton_bit(uint64_t *row, char *buffer, Py_ssize_t size)
{
    if (size < MIN_SKELETON)
        return;
    memmove(buffer + 3, buffer, size);
    memcpy(buffer, "sk:", 3);
    set_bit(row, buffer, size + 3);
}

typedef struct {
    int64_t *data;
    Py_ssize_t size, capacity;
} Ids;

static int
push_id(Ids *ids, int64_t id)
{
    if (ids->size == ids->capacity) {
        Py_ssize_t capacity = ids->capacity ? 2 * ids->capacity : 1024;
        int64_t *data = PyMem_Realloc(ids->data, capacity * sizeof(int64_t));
        if (data == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        ids->data = data;
        ids->capacity = capacity;
    }
    ids->data[ids->size++] = id;
    return 0;
}

/* What learn is given: the vocabulary's tables, the language's word lists, the letter tables
 * and the Python functions for the pieces it leaves to them. */
typedef struct {
    int arabic;          /* the side is Arabic */
    PyObject *known;     /* dict: piece -> bytes, its signature row then its stem ids */
    PyObject *index;     /* dict: stem -> id */
    PyObject *names;     /* list: stems by id */
    PyObject *english_stop, *arabic_stop; /* frozensets */
    PyObject *calendar_get; /* the month or weekday an Arabic stem names, or None */
    PyObject *lexicon_get;  /* the English stems of an Arabic stem, or None */
    PyObject *pieces;    /* a word's pieces (str -> list of str) */
    PyObject *analyse;   /* a piece's (stems, tokens) */
    PyObject *outside;   /* punctuation stripped from around a word (tokens.OUTSIDE_PIECES) */
    PyObject *letters;   /* by code point: an Arabic letter as folded, or NUL */
    PyObject *shapes;    /* by code point: the letter of its skeleton, or NUL */
} Learning;

/* The id of a stem, given one when new, added to `ids` (as Vocabulary._piece numbers them). */
static int
add_stem(const Learning *learning, PyObject *stem, Ids *ids)
{
    PyObject *id = PyDict_GetItemWithError(learning->index, stem);
    int64_t value;
    if (id != NULL) {
        value = PyLong_AsLongLong(id);
        if (value == -1 && PyErr_Occurred())
            return -1;
    }
    else {
        if (PyErr_Occurred())
            return -1;
        value = PyList_GET_SIZE(learning->names);
        PyObject *number = PyLong_FromLongLong(value);
        if (number == NULL)
            return -1;
        int failed = PyDict_SetItem(learning->index, stem, number) < 0 ||
                     PyList_Append(learning->names, stem) < 0;
        Py_DECREF(number);
        if (failed)
            return -1;
    }
    return push_id(ids, value);
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

/* tokens._latin_entry of a piece of ASCII letters; `buffer` holds size + 3 bytes. */
static int
latin_entry(const Learning *learning, PyObject *piece, char *buffer, uint64_t *row, Ids *ids)
{
    Py_ssize_t size = PyUnicode_GET_LENGTH(piece);
    const char *word = (const char *)PyUnicode_DATA(piece);
    /* tokens.english_stem */
    for (Py_ssize_t k = 0; k < size; k++)
        buffer[k] = (char)Py_TOLOWER(word[k]);
    Py_ssize_t stem_size = size;
    if (size > 4 && ends_with(buffer, size, "ies")) {
        buffer[size - 3] = 'y';
        stem_size = size - 2;
    }
    else if (size > 3 && ends_with(buffer, size, "s") && !ends_with(buffer, size, "ss") &&
             !ends_with(buffer, size, "us"))
        stem_size = size - 1;
    if (stem_size >= 2) {
        PyObject *stem = PyUnicode_FromStringAndSize(buffer, stem_size);
        if (stem == NULL)
            return -1;
        int stop = PySet_Contains(learning->english_stop, stem);
        int failed = stop < 0 || (!stop && !learning->arabic && add_stem(learning, stem, ids) < 0);
        Py_DECREF(stem);
        if (failed)
            return -1;
        if (!stop)
            set_bit(row, buffer, stem_size);
    }
    /* tokens.skeleton, of a capitalised word or one inside Arabic text */
    if (!learning->arabic && !Py_ISUPPER(word[0]))
        return 0;
    for (Py_ssize_t k = 0; k < size; k++)
        buffer[k] = (char)Py_TOLOWER(word[k]);
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
    set_skeleton_bit(row, buffer, shape);
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

/* tokens._arabic_entry of a piece of Arabic letters, already folded into `folded`;
 * `buffer` holds size + 3 bytes. */
static int
arabic_entry(const Learning *learning, const Py_UCS4 *folded, Py_ssize_t size, char *buffer,
             uint64_t *row, Ids *ids)
{
    PyObject *normal = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, folded, size);
    if (normal == NULL)
        return -1;
    int stop = PySet_Contains(learning->arabic_stop, normal);
    Py_DECREF(normal);
    if (stop != 0)
        return stop < 0 ? -1 : 0;

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
    for (int s = 0; s < 8; s++)
        if (ucs4_ends_with(stem, stem_size, suffixes[s], suffix_sizes[s]) &&
            stem_size - suffix_sizes[s] >= 2)
            stem_size -= suffix_sizes[s];

    /* tokens._arabic_skeleton */
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
    Py_ssize_t shapes = PyUnicode_GET_LENGTH(learning->shapes);
    for (Py_ssize_t k = 0; k < word_size; k++) {
        /* a letter past the table is not ASCII: a skeleton drops it */
        Py_UCS4 c = word[k] < (Py_UCS4)shapes ? PyUnicode_READ_CHAR(learning->shapes, word[k]) : 0;
        if (c != 0)
            buffer[shape++] = (char)c;
    }
    set_skeleton_bit(row, buffer, shape);

    PyObject *stem_text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, stem, stem_size);
    if (stem_text == NULL)
        return -1;
    PyObject *month = PyObject_CallOneArg(learning->calendar_get, stem_text), *english = NULL;
    int failed = month == NULL || (month != Py_None && set_token_bit(row, month) < 0) ||
                 add_stem(learning, stem_text, ids) < 0 ||
                 (english = PyObject_CallOneArg(learning->lexicon_get, stem_text)) == NULL;
    Py_DECREF(stem_text);
    Py_XDECREF(month);
    if (failed)
        return -1;
    if (english != Py_None) {
        PyObject *iterator = PyObject_GetIter(english), *token;
        if (iterator == NULL)
            failed = 1;
        else {
            while (!failed && (token = PyIter_Next(iterator)) != NULL) {
                failed = set_token_bit(row, token) < 0;
                Py_DECREF(token);
            }
            Py_DECREF(iterator);
            failed = failed || PyErr_Occurred();
        }
    }
    Py_DECREF(english);
    return failed ? -1 : 0;
}

/* A piece's row and stem ids through the Python analysis (tokens.analyse). */
static int
python_entry(const Learning *learning, PyObject *piece, uint64_t *row, Ids *ids)
{
    PyObject *entry = PyObject_CallOneArg(learning->analyse, piece);
    if (entry == NULL)
        return -1;
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
            failed = (part ? set_token_bit(row, item) : add_stem(learning, item, ids)) < 0;
        }
        Py_DECREF(items);
    }
    Py_DECREF(entry);
    return failed ? -1 : 0;
}

/* The remembered analysis of a piece (borrowed), analysing it when new. */
static PyObject *
piece_entry(const Learning *learning, PyObject *piece, Ids *scratch)
{
    PyObject *known = PyDict_GetItemWithError(learning->known, piece);
    if (known != NULL || PyErr_Occurred())
        return known;
    Py_ssize_t size = PyUnicode_GET_LENGTH(piece);
    int kind = PyUnicode_KIND(piece);
    const void *data = PyUnicode_DATA(piece);
    int ascii = PyUnicode_IS_ASCII(piece), arabic = learning->arabic && size > 0;
    Py_ssize_t table = PyUnicode_GET_LENGTH(learning->letters);
    for (Py_ssize_t k = 0; k < size && (ascii || arabic); k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        ascii = ascii && Py_ISALPHA(c);
        arabic = arabic && c < (Py_UCS4)table && PyUnicode_READ_CHAR(learning->letters, c) != 0;
    }
    uint64_t row[ROW_WORDS] = {0};
    scratch->size = 0;
    char *buffer = PyMem_Malloc(size + 4);
    Py_UCS4 *folded = arabic && !ascii ? PyMem_Malloc((size + 1) * sizeof(Py_UCS4)) : NULL;
    int failed = buffer == NULL || (arabic && !ascii && folded == NULL);
    if (failed)
        PyErr_NoMemory();
    else if (ascii && size > 0)
        failed = latin_entry(learning, piece, buffer, row, scratch) < 0;
    else if (arabic) {
        for (Py_ssize_t k = 0; k < size; k++)
            folded[k] = PyUnicode_READ_CHAR(learning->letters, PyUnicode_READ(kind, data, k));
        failed = arabic_entry(learning, folded, size, buffer, row, scratch) < 0;
    }
    else
        failed = python_entry(learning, piece, row, scratch) < 0;
    PyMem_Free(buffer);
    PyMem_Free(folded);
    if (failed)
        return NULL;
    PyObject *entry = PyBytes_FromStringAndSize(NULL, ROW_BYTES + scratch->size * 8);
    if (entry == NULL)
        return NULL;
    memcpy(PyBytes_AS_STRING(entry), row, ROW_BYTES);
    if (scratch->size > 0) /* memcpy from NULL is undefined, even of no bytes */
        memcpy(PyBytes_AS_STRING(entry) + ROW_BYTES, scratch->data, scratch->size * 8);
    int stored = PyDict_SetItem(learning->known, piece, entry);
    Py_DECREF(entry); /* the dictionary holds it */
    return stored < 0 ? NULL : entry;
}

/* Add a piece's row and stem ids to a word's. */
static int
add_entry(PyObject *entry, uint64_t *row, Ids *ids)
{
    /* `known` is the caller's: anything but what piece_entry stores would be read past. */
    Py_ssize_t stem_bytes = PyBytes_Check(entry) ? PyBytes_GET_SIZE(entry) - ROW_BYTES : -1;
    if (stem_bytes < 0 || stem_bytes % 8 != 0) {
        PyErr_SetString(PyExc_TypeError, "learn: known holds bytes, a signature row then stem ids");
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

/* The pieces of a word (tokens.pieces): the word without the punctuation around it when that
 * is all letters, else what the Python function finds. A new reference. */
static PyObject *
word_pieces(const Learning *learning, PyObject *word)
{
    Py_ssize_t size = PyUnicode_GET_LENGTH(word), start = 0, end = size;
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    while (start < end && PyUnicode_FindChar(learning->outside, PyUnicode_READ(kind, data, start),
                                             0, PY_SSIZE_T_MAX, 1) >= 0)
        start++;
    while (end > start && PyUnicode_FindChar(learning->outside, PyUnicode_READ(kind, data, end - 1),
                                             0, PY_SSIZE_T_MAX, 1) >= 0)
        end--;
    int letters = end > start;
    for (Py_ssize_t k = start; k < end && letters; k++)
        letters = Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, k));
    if (!letters)
        return PyObject_CallOneArg(learning->pieces, word);
    PyObject *piece = PyUnicode_Substring(word, start, end);
    if (piece == NULL)
        return NULL;
    PyObject *list = PyList_New(1);
    if (list == NULL) {
        Py_DECREF(piece);
        return NULL;
    }
    PyList_SET_ITEM(list, 0, piece);
    return list;
}

static PyObject *
learn(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *words;
    Learning learning;
    if (!PyArg_ParseTuple(args, "O!pO!O!O!O!O!OOOOUUU", &PyList_Type, &words, &learning.arabic,
                          &PyDict_Type, &learning.known, &PyDict_Type, &learning.index,
                          &PyList_Type, &learning.names, &PyFrozenSet_Type, &learning.english_stop,
                          &PyFrozenSet_Type, &learning.arabic_stop, &learning.calendar_get,
                          &learning.lexicon_get, &learning.pieces, &learning.analyse,
                          &learning.outside, &learning.letters, &learning.shapes))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(words);
    PyObject *rows = PyBytes_FromStringAndSize(NULL, count * ROW_BYTES);
    PyObject *counts = PyBytes_FromStringAndSize(NULL, count * 8);
    Ids ids = {NULL, 0, 0}, scratch = {NULL, 0, 0};
    int failed = rows == NULL || counts == NULL;
    for (Py_ssize_t w = 0; w < count && !failed; w++) {
        PyObject *word = PyList_GET_ITEM(words, w);
        uint64_t *row = (uint64_t *)(PyBytes_AS_STRING(rows) + w * ROW_BYTES);
        Py_ssize_t first = ids.size;
        memset(row, 0, ROW_BYTES);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "learn: words must be str");
            failed = 1;
            break;
        }
        /* A piece met before, whole: a piece is all the pieces it holds. */
        PyObject *entry = PyDict_GetItemWithError(learning.known, word);
        if (entry != NULL)
            failed = add_entry(entry, row, &ids) < 0;
        else if (PyErr_Occurred())
            failed = 1;
        else {
            PyObject *pieces = word_pieces(&learning, word);
            PyObject *list = pieces ? PySequence_Fast(pieces, "pieces must be a sequence") : NULL;
            failed = list == NULL;
            for (Py_ssize_t k = 0; !failed && k < PySequence_Fast_GET_SIZE(list); k++) {
                PyObject *piece = PySequence_Fast_GET_ITEM(list, k);
                if (!PyUnicode_Check(piece)) {
                    PyErr_SetString(PyExc_TypeError, "learn: pieces must be str");
                    failed = 1;
                    break;
                }
                entry = piece_entry(&learning, piece, &scratch);
                failed = entry == NULL || add_entry(entry, row, &ids) < 0;
            }
            Py_XDECREF(list);
            Py_XDECREF(pieces);
        }
        ((int64_t *)PyBytes_AS_STRING(counts))[w] = ids.size - first;
    }
    PyObject *stem_ids = failed ? NULL : PyBytes_FromStringAndSize((const char *)ids.data, ids.size * 8);
    PyMem_Free(ids.data);
    PyMem_Free(scratch.data);
    if (stem_ids == NULL) {
        Py_XDECREF(rows);
        Py_XDECREF(counts);
        return NULL;
    }
    return Py_BuildValue("NNN", rows, counts, stem_ids);
}
