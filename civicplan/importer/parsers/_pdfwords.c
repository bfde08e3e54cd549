/* A text page's words as pieces, measured through PDFium: the compiled form of
 * civicplan.importer.parsers.pdf._PdfiumPage.pieces, which stays the reference (and the
 * fallback where this module is not built) and must give the same list.
 *
 * Per word, the Python spends more on ctypes calls and tuples than PDFium spends measuring.
 * This module is not linked against PDFium: it is handed the addresses of the functions of the
 * PDFium that pypdfium2 has loaded (the one the rest of the reader uses) and of the text page,
 * and which font names are bold is asked of a Python callable, once per change of font name.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { float left, top, right, bottom; } RectF; /* PDFium's FS_RECTF */

typedef int (*CountCharsF)(void *);
typedef int (*GetTextF)(void *, int, int, unsigned short *);
typedef unsigned int (*GetUnicodeF)(void *, int);
typedef void *(*GetTextObjectF)(void *, int);
typedef int (*GetLooseCharBoxF)(void *, int, RectF *);
typedef int (*GetCharBoxF)(void *, int, double *, double *, double *, double *);
typedef unsigned long (*GetFontInfoF)(void *, int, void *, unsigned long, int *);
typedef double (*GetFontSizeF)(void *, int);

/* The PDFium functions Reader() takes the addresses of, in this order. */
static const char *const CALLS[] = {
    "FPDFText_CountChars", "FPDFText_GetText", "FPDFText_GetUnicode", "FPDFText_GetTextObject",
    "FPDFText_GetLooseCharBox", "FPDFText_GetCharBox", "FPDFText_GetFontInfo", "FPDFText_GetFontSize",
};
#define N_CALLS 8
#define NAME_SIZE 256 /* the font name buffer, as the Python's */

typedef struct {
    PyObject_HEAD
    CountCharsF count_chars;
    GetTextF get_text;
    GetUnicodeF get_unicode;
    GetTextObjectF text_object;
    GetLooseCharBoxF loose_box;
    GetCharBoxF char_box;
    GetFontInfoF font_info;
    GetFontSizeF font_size;
    PyObject *bold_of;  /* callable(name: bytes) -> bold */
    /* Kept from call to call as the Python keeps its ctypes buffers: PDFium leaves them as they
     * were when a call fails or a name does not fit. */
    char name[NAME_SIZE];
    int flags;
    double left, right, bottom, top;
    /* The last font name and its answer, and the last size and its rounding. */
    char last_name[NAME_SIZE];
    Py_ssize_t last_length;
    PyObject *last_bold;
    double last_raw_size;
    PyObject *last_size;
} Reader;

/* round(x): Python's float.__round__ without digits (halves to even), as CPython computes it. */
static PyObject *
round_half_even(double x)
{
    double rounded = round(x);
    if (fabs(x - rounded) == 0.5)
        rounded = 2.0 * round(x / 2.0);
    return PyLong_FromDouble(rounded);
}

/* (bottom, left, right, top) of a character: its loose box, or its tight one. */
static void
box(Reader *self, void *page, int index, double *bottom, double *left, double *right, double *top)
{
    RectF loose;
    if (self->loose_box(page, index, &loose)) {
        *bottom = loose.bottom;
        *left = loose.left;
        *right = loose.right;
        *top = loose.top;
        return;
    }
    self->char_box(page, index, &self->left, &self->right, &self->bottom, &self->top);
    *bottom = self->bottom;
    *left = self->left;
    *right = self->right;
    *top = self->top;
}

/* A character's font size (rounded to 0.1) and weight, as new references; -1 on an error. */
static int
font(Reader *self, void *page, int index, PyObject **size, PyObject **bold)
{
    self->font_info(page, index, self->name, NAME_SIZE, &self->flags);
    Py_ssize_t length = (Py_ssize_t)strnlen(self->name, NAME_SIZE);
    if (self->last_bold == NULL || length != self->last_length
            || memcmp(self->name, self->last_name, (size_t)length) != 0) {
        PyObject *name = PyBytes_FromStringAndSize(self->name, length);
        if (name == NULL)
            return -1;
        PyObject *answer = PyObject_CallOneArg(self->bold_of, name);
        Py_DECREF(name);
        if (answer == NULL)
            return -1;
        Py_XSETREF(self->last_bold, answer);
        memcpy(self->last_name, self->name, (size_t)length);
        self->last_length = length;
    }
    double raw = self->font_size(page, index);
    if (self->last_size == NULL || memcmp(&raw, &self->last_raw_size, sizeof raw) != 0) {
        /* round(raw, 1) by Python itself: its correctly rounded decimal rounding. */
        PyObject *value = PyFloat_FromDouble(raw);
        if (value == NULL)
            return -1;
        PyObject *rounded = PyObject_CallMethod(value, "__round__", "i", 1);
        Py_DECREF(value);
        if (rounded == NULL)
            return -1;
        if (!PyFloat_Check(rounded)) {
            Py_DECREF(rounded);
            PyErr_SetString(PyExc_TypeError, "round() of a float gave no float");
            return -1;
        }
        Py_XSETREF(self->last_size, rounded);
        self->last_raw_size = raw;
    }
    *size = Py_NewRef(self->last_size);
    *bold = Py_NewRef(self->last_bold);
    return 0;
}

/* (baseline, x0, x1, top, size, bold, text, row): steals size, bold and text. */
static PyObject *
piece(double height, double bottom, double left, double right, double top,
      PyObject *size, PyObject *bold, PyObject *text)
{
    PyObject *out = PyTuple_New(8);
    if (out == NULL) {
        Py_DECREF(size);
        Py_DECREF(bold);
        Py_DECREF(text);
        return NULL;
    }
    double baseline = height - bottom;
    PyTuple_SET_ITEM(out, 4, size);
    PyTuple_SET_ITEM(out, 5, bold);
    PyTuple_SET_ITEM(out, 6, text);
    PyObject *items[5] = {
        PyFloat_FromDouble(baseline), PyFloat_FromDouble(left), PyFloat_FromDouble(right),
        PyFloat_FromDouble(height - top), round_half_even(baseline),
    };
    static const int at[5] = {0, 1, 2, 3, 7};
    int failed = 0;
    for (int i = 0; i < 5; i++) {
        if (items[i] == NULL)
            failed = 1;
        PyTuple_SET_ITEM(out, at[i], items[i]);
    }
    if (failed) {
        /* A tuple with empty slots is still freed safely. */
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

/* One character, measured on its own, appended to out; -1 on an error. */
static int
one(Reader *self, void *page, PyObject *text, Py_ssize_t index, double height, PyObject *out)
{
    double bottom, left, right, top;
    PyObject *size, *bold;
    box(self, page, (int)index, &bottom, &left, &right, &top);
    if (font(self, page, (int)index, &size, &bold) < 0)
        return -1;
    PyObject *character = PyUnicode_Substring(text, index, index + 1);
    if (character == NULL) {
        Py_DECREF(size);
        Py_DECREF(bold);
        return -1;
    }
    PyObject *made = piece(height, bottom, left, right, top, size, bold, character);
    if (made == NULL)
        return -1;
    int status = PyList_Append(out, made);
    Py_DECREF(made);
    return status;
}

/* The character at an odd code (a control code, PDFium's line-end hyphen, half of a character
 * beyond 16 bits, 0xFFFE/0xFFFF), or ' ' for none: _PdfiumPage.char (`after_high`: the
 * character before is a first half). -1 on an error. */
static long
odd_character(Reader *self, void *page, Py_ssize_t index, unsigned long code, int after_high)
{
    if (code < 32 || code >= 0xFFFE)
        code = self->get_unicode(page, (int)index);
    if (code == 2)
        code = 45;
    if (code == 0 || code == 10 || code == 13 || code == 32 || code == 0xA0 || code == 0xFFFE
            || code < 32 || (code >= 0xD800 && code <= 0xDFFF)) {
        if (code >= 0xD800 && code <= 0xDBFF)
            code = self->get_unicode(page, (int)index);
        else if (!(after_high && code >= 0xDC00 && code <= 0xDFFF))
            return ' ';
    }
    /* Measured as the Python measures it (only its text is kept): the same calls, in order. */
    double bottom, left, right, top;
    PyObject *size, *bold;
    box(self, page, (int)index, &bottom, &left, &right, &top);
    if (font(self, page, (int)index, &size, &bold) < 0)
        return -1;
    Py_DECREF(size);
    Py_DECREF(bold);
    if (code > 0x10FFFF) {
        PyErr_SetString(PyExc_ValueError, "chr() arg not in range(0x110000)");
        return -1;
    }
    return (long)code;
}

static inline int
is_odd(Py_UCS4 c)
{
    return c <= 0x09 || c == 0x0B || c == 0x0C || (c >= 0x0E && c <= 0x1F) || c == 0xFFFE
        || c == 0xFFFF || (c >= 0xD800 && c <= 0xDFFF);
}

static inline int
in_word(Py_UCS4 c)
{
    return c > 0x20 && c != 0xA0 && c != 0xFFFE && c != 0xFFFF;
}

/* A page's styles by run (text object): (size, bold, the size but at least 4). */
typedef struct {
    void *run;
    PyObject *size, *bold; /* NULL: an empty slot */
    double floor;
} Style;

typedef struct {
    Style *slots;
    size_t mask;
} Styles;

static Style *
style_slot(Styles *styles, void *run)
{
    uint64_t hash = ((uint64_t)(uintptr_t)run >> 3) * UINT64_C(0x9E3779B97F4A7C15);
    size_t at = (size_t)(hash >> 32) & styles->mask;
    while (styles->slots[at].size != NULL && styles->slots[at].run != run)
        at = (at + 1) & styles->mask;
    return &styles->slots[at];
}

static PyObject *
Reader_pieces(Reader *self, PyObject *args)
{
    PyObject *address_object;
    double height;
    if (!PyArg_ParseTuple(args, "Od:pieces", &address_object, &height))
        return NULL;
    void *page = PyLong_AsVoidPtr(address_object);
    if (page == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "no text page");
        return NULL;
    }
    int count = self->count_chars(page);
    if (count <= 0)
        return PyList_New(0);

    PyObject *out = NULL, *text = NULL;
    unsigned short *units = NULL;
    Py_UCS4 *chars = NULL;
    Py_ssize_t *starts = NULL, *ends = NULL;
    void **runs = NULL;
    Styles styles = {NULL, 0};

    /* The page's characters in one call: UTF-16, one unit per character index, room for
     * count + 1 units (the terminating zero). */
    size_t room = (size_t)count + 1;
    units = PyMem_Calloc(room, sizeof *units);
    if (units == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int got = self->get_text(page, 0, count, units);
    Py_ssize_t read = got - 1 > 0 ? (Py_ssize_t)got - 1 : 0;
    if ((size_t)read > room)
        read = (Py_ssize_t)room;
    /* Fewer units than characters: the rest are asked for one at a time, as odd codes. */
    Py_ssize_t length = read > count ? read : count;
    chars = PyMem_Calloc((size_t)length, sizeof *chars);
    if (chars == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < read; i++)
        chars[i] = units[i];
    for (Py_ssize_t i = 0; i < length; i++) {
        if (is_odd(chars[i])) {
            int after_high = i > 0 && chars[i - 1] >= 0xD800 && chars[i - 1] <= 0xDBFF;
            long code = odd_character(self, page, i, chars[i], after_high);
            if (code < 0)
                goto done;
            chars[i] = (Py_UCS4)code;
        }
    }
    text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, length);
    if (text == NULL)
        goto done;

    /* The words: what lies between spaces and line ends. */
    Py_ssize_t most = length / 2 + 1, words = 0;
    starts = PyMem_Malloc((size_t)most * sizeof *starts);
    ends = PyMem_Malloc((size_t)most * sizeof *ends);
    if (starts == NULL || ends == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < length;) {
        if (!in_word(chars[i])) {
            i++;
            continue;
        }
        Py_ssize_t first = i;
        while (i < length && in_word(chars[i]))
            i++;
        if (words >= most) { /* cannot happen: words are at least a character apart */
            PyErr_SetString(PyExc_RuntimeError, "more words than room for them");
            goto done;
        }
        starts[words] = first;
        ends[words] = i;
        words++;
    }
    out = PyList_New(0);
    if (out == NULL || words == 0)
        goto done;

    /* A run's characters follow one another, so a word whose next word starts in the same run
     * lies wholly in it; only the last word of each run is asked about its last character. */
    runs = PyMem_Malloc((size_t)words * sizeof *runs);
    size_t capacity = 8;
    while (capacity < (size_t)words * 2)
        capacity *= 2;
    styles.slots = PyMem_Calloc(capacity, sizeof *styles.slots);
    styles.mask = capacity - 1;
    if (runs == NULL || styles.slots == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t w = 0; w < words; w++)
        runs[w] = self->text_object(page, (int)starts[w]);

    for (Py_ssize_t w = 0; w < words; w++) {
        Py_ssize_t first = starts[w], end = ends[w], last = end - 1;
        void *run = runs[w];
        void *next_run = w + 1 < words ? runs[w + 1] : NULL;
        /* A word drawn in two runs, or whose ends disagree, is read a character at a time. */
        int separately = last > first && next_run != run && self->text_object(page, (int)last) != run;
        double left = 0.0, top = 0.0, right = 0.0, bottom = 0.0;
        Style *style = NULL;
        if (!separately) {
            style = style_slot(&styles, run);
            if (style->size == NULL) {
                if (font(self, page, (int)first, &style->size, &style->bold) < 0)
                    goto fail;
                double size = PyFloat_AS_DOUBLE(style->size);
                style->run = run;
                style->floor = size > 4.0 ? size : 4.0;
            }
            box(self, page, (int)first, &bottom, &left, &right, &top);
            if (last > first) {
                double end_left, end_top, end_bottom;
                box(self, page, (int)last, &end_bottom, &end_left, &right, &end_top);
                separately = fabs(end_bottom - bottom) > 0.5 || fabs(end_top - top) > 0.5
                    || end_left < left || right - left > style->floor * (double)(end - first);
            }
        }
        if (separately) {
            for (Py_ssize_t index = first; index <= last; index++)
                if (one(self, page, text, index, height, out) < 0)
                    goto fail;
            continue;
        }
        PyObject *word = PyUnicode_Substring(text, first, end);
        if (word == NULL)
            goto fail;
        PyObject *made = piece(height, bottom, left, right, top, Py_NewRef(style->size),
                               Py_NewRef(style->bold), word);
        if (made == NULL)
            goto fail;
        int status = PyList_Append(out, made);
        Py_DECREF(made);
        if (status < 0)
            goto fail;
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    if (styles.slots != NULL) {
        for (size_t i = 0; i <= styles.mask; i++) {
            Py_XDECREF(styles.slots[i].size);
            Py_XDECREF(styles.slots[i].bold);
        }
        PyMem_Free(styles.slots);
    }
    PyMem_Free(runs);
    PyMem_Free(starts);
    PyMem_Free(ends);
    PyMem_Free(chars);
    PyMem_Free(units);
    Py_XDECREF(text);
    return out;
}

static int
Reader_init(Reader *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"calls", "bold_of", NULL};
    PyObject *calls, *bold_of;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O:Reader", keywords, &PyTuple_Type, &calls, &bold_of))
        return -1;
    if (PyTuple_GET_SIZE(calls) != N_CALLS) {
        PyErr_Format(PyExc_ValueError, "Reader needs the addresses of the %d functions in CALLS", N_CALLS);
        return -1;
    }
    if (!PyCallable_Check(bold_of)) {
        PyErr_SetString(PyExc_TypeError, "bold_of must be callable");
        return -1;
    }
    uintptr_t address[N_CALLS];
    for (int i = 0; i < N_CALLS; i++) {
        address[i] = (uintptr_t)PyLong_AsVoidPtr(PyTuple_GET_ITEM(calls, i));
        if (address[i] == 0) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_ValueError, "no address for %s", CALLS[i]);
            return -1;
        }
    }
    self->count_chars = (CountCharsF)address[0];
    self->get_text = (GetTextF)address[1];
    self->get_unicode = (GetUnicodeF)address[2];
    self->text_object = (GetTextObjectF)address[3];
    self->loose_box = (GetLooseCharBoxF)address[4];
    self->char_box = (GetCharBoxF)address[5];
    self->font_info = (GetFontInfoF)address[6];
    self->font_size = (GetFontSizeF)address[7];
    Py_XSETREF(self->bold_of, Py_NewRef(bold_of));
    Py_CLEAR(self->last_bold);
    Py_CLEAR(self->last_size);
    memset(self->name, 0, sizeof self->name);
    self->left = self->right = self->bottom = self->top = 0.0;
    return 0;
}

static int
Reader_traverse(Reader *self, visitproc visit, void *arg)
{
    Py_VISIT(self->bold_of);
    Py_VISIT(self->last_bold);
    return 0;
}

static int
Reader_clear(Reader *self)
{
    Py_CLEAR(self->bold_of);
    Py_CLEAR(self->last_bold);
    Py_CLEAR(self->last_size);
    return 0;
}

static void
Reader_dealloc(Reader *self)
{
    PyObject_GC_UnTrack(self);
    Reader_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Reader_call_pieces_unready(Reader *self, PyObject *args)
{
    if (self->count_chars == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Reader was not initialised");
        return NULL;
    }
    return Reader_pieces(self, args);
}

static PyMethodDef Reader_methods[] = {
    {"pieces", (PyCFunction)Reader_call_pieces_unready, METH_VARARGS,
     "pieces(textpage_address, height) -> [(baseline, x0, x1, top, size, bold, text, row)]"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ReaderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "civicplan.importer.parsers._pdfwords.Reader",
    .tp_doc = "Reader(calls, bold_of): a text page's words through the PDFium whose functions are at these addresses.",
    .tp_basicsize = sizeof(Reader),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Reader_init,
    .tp_dealloc = (destructor)Reader_dealloc,
    .tp_traverse = (traverseproc)Reader_traverse,
    .tp_clear = (inquiry)Reader_clear,
    .tp_methods = Reader_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfwords",
    "A text page's words, with their boxes and fonts, measured through PDFium in C.", -1, NULL,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__pdfwords(void)
{
    if (PyType_Ready(&ReaderType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    PyObject *calls = PyTuple_New(N_CALLS);
    if (calls == NULL)
        goto fail;
    for (int i = 0; i < N_CALLS; i++) {
        PyObject *name = PyUnicode_FromString(CALLS[i]);
        if (name == NULL) {
            Py_DECREF(calls);
            goto fail;
        }
        PyTuple_SET_ITEM(calls, i, name);
    }
    if (PyModule_AddObject(m, "CALLS", calls) < 0) {
        Py_DECREF(calls);
        goto fail;
    }
    Py_INCREF(&ReaderType);
    if (PyModule_AddObject(m, "Reader", (PyObject *)&ReaderType) < 0) {
        Py_DECREF(&ReaderType);
        goto fail;
    }
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
