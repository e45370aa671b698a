/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 200809L /* newlocale, uselocale, fileno, fstat */
#include <errno.h>
#include <float.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#if !defined(S_ISREG) && defined(S_IFMT) && defined(S_IFREG)
#define S_ISREG(mode) (((mode) & S_IFMT) == S_IFREG)
#endif

#include "wfm/status.h"

#include "text-private.h"

void
text_excerpt(char *dst, size_t size, const char *s, size_t n)
{
    size_t cut = n > TEXT_EXCERPT_MAX ? TEXT_EXCERPT_MAX : n;
    while (cut > 0 && cut < n && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--; /* do not split a UTF-8 sequence */
    size_t k = 0;
    dst[k++] = '\'';
    for (size_t i = 0; i < cut && k + 8 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            k += (size_t)snprintf(dst + k, size - k, "\\x%02x", c);
        else
            dst[k++] = (char)c;
    }
    if (cut < n && k + 5 < size) {
        memcpy(dst + k, "...", 3);
        k += 3;
    }
    dst[k++] = '\'';
    dst[k] = '\0';
}

bool
text_digits(const char *s, size_t n, int32_t *value)
{
    int32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}

int32_t
text_vfail(char *errmsg, size_t errsize, int32_t status, const char *format, va_list args)
{
    if (errmsg == NULL || errsize == 0)
        return status;
    vsnprintf(errmsg, errsize, format, args);
    for (char *p = errmsg; *p != '\0'; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return status;
}

int32_t
text_fail(char *errmsg, size_t errsize, int32_t status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    text_vfail(errmsg, errsize, status, format, args);
    va_end(args);
    return status;
}

/* Exact powers of ten: 10^22 is the largest that is a double exactly. */
static const double exact_powers[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* The digits, validated, as strtod reads them in the C locale, whatever
 * locale the host (or another thread of it) set. */
static int32_t
c_locale_strtod(const char *s, size_t n, double *value)
{
    char buffer[TEXT_DECIMAL_MAX + 1];
    memcpy(buffer, s, n);
    buffer[n] = '\0';
    char *end;
    double v;
#if defined(_WIN32)
    _locale_t c = _create_locale(LC_NUMERIC, "C");
    if (c == NULL)
        return WFM_ENOMEM;
    v = _strtod_l(buffer, &end, c);
    _free_locale(c);
#else
    /* Thread-local: other threads keep their locale. */
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c == (locale_t)0)
        return WFM_ENOMEM;
    locale_t previous = uselocale(c);
    v = strtod(buffer, &end);
    uselocale(previous);
    freelocale(c);
#endif
    if (end != buffer + n)
        return WFM_EPARSE; /* not reached: the grammar is strtod's, narrowed */
    *value = v;
    return WFM_OK;
}

int32_t
text_decimal(const char *s, size_t n, double *value)
{
    if (n > TEXT_DECIMAL_MAX)
        return WFM_EPARSE;
    size_t i = 0, digits = 0;
    bool negative = false, point = false, exact = true;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        negative = s[i++] == '-';
    /* The first 19 significant digits (they fit in 64 bits), and the power
     * of ten that scales them. */
    uint64_t mantissa = 0;
    int significant = 0;
    int64_t exponent = 0;
    for (; i < n; i++) {
        if (s[i] == '.' && !point) {
            point = true;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            break;
        digits++;
        if (significant == 0 && s[i] == '0') {
            exponent -= point; /* a leading zero */
        } else if (significant < 19) {
            mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
            significant++;
            exponent -= point;
        } else {
            exact = exact && s[i] == '0'; /* a digit the mantissa drops */
            exponent += !point;
        }
    }
    if (digits == 0)
        return WFM_EPARSE;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool below = false;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            below = s[i++] == '-';
        size_t first = i;
        int64_t e = 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            if (e < 100000) /* past any double either way */
                e = e * 10 + (s[i] - '0');
        if (i == first)
            return WFM_EPARSE;
        exponent += below ? -e : e;
    }
    if (i != n)
        return WFM_EPARSE;
    double v;
    if (mantissa == 0) {
        v = 0.0; /* "-0", "0e999": +0 */
    } else if (exact && mantissa <= (UINT64_C(1) << 53) && exponent >= -22 && exponent <= 22 &&
               FLT_EVAL_METHOD == 0) {
        /* Both operands are exact doubles, so the one rounding of the
         * division or product is the correctly rounded value (Clinger's
         * fast path). */
        v = (double)mantissa;
        v = exponent < 0 ? v / exact_powers[-exponent] : v * exact_powers[exponent];
        if (negative)
            v = -v;
    } else {
        int32_t st = c_locale_strtod(s, n, &v);
        if (st != WFM_OK)
            return st;
        if (v == 0.0)
            v = 0.0;
    }
    *value = v;
    return WFM_OK;
}

/* " (N MiB)" for a whole number of MiB, else "". */
static const char *
mib(size_t bytes, char *buffer)
{
    buffer[0] = '\0';
    if (bytes >= ((size_t)1 << 20) && bytes % ((size_t)1 << 20) == 0)
        snprintf(buffer, 32, " (%zu MiB)", bytes >> 20);
    return buffer;
}

int32_t
text_read_file_max(const char *path, size_t max_bytes, bool stop_at_nul, char **text,
                   size_t *length, char *errmsg, size_t errsize)
{
    char in_mib[32];
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return text_fail(errmsg, errsize, WFM_EIO, "cannot open '%s': %s", path, strerror(errno));
    /* A regular file's size is known before reading: over the limit, say
     * so at once; under it, one buffer of that size (+1 to see growth). */
    size_t capacity = 65536;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0) {
        if ((uintmax_t)st.st_size > (uintmax_t)max_bytes) {
            fclose(f);
            return text_fail(errmsg, errsize, WFM_ERANGE,
                             "'%s' is %jd bytes, over the limit of %zu bytes%s", path,
                             (intmax_t)st.st_size, max_bytes, mib(max_bytes, in_mib));
        }
        capacity = (size_t)st.st_size + 1;
    }
    if (capacity > max_bytes)
        capacity = max_bytes + 1;
    char *data = NULL;
    size_t size = 0;
    bool nul = false;
    for (;;) {
        if (size == capacity || data == NULL) {
            if (data != NULL)
                capacity = capacity <= (max_bytes + 1) / 2 ? 2 * capacity : max_bytes + 1;
            char *grown = realloc(data, capacity);
            if (grown == NULL) {
                free(data);
                fclose(f);
                return text_fail(errmsg, errsize, WFM_ENOMEM, "out of memory reading '%s'", path);
            }
            data = grown;
        }
        errno = 0;
        size_t got = fread(data + size, 1, capacity - size, f);
        nul = stop_at_nul && memchr(data + size, '\0', got) != NULL;
        size += got;
        if (got == 0 || size > max_bytes || nul)
            break;
    }
    int failed = ferror(f), error = errno;
    fclose(f);
    if (size > max_bytes && !nul) {
        free(data);
        return text_fail(errmsg, errsize, WFM_ERANGE,
                         "'%s' holds more than %zu bytes%s, the limit for this file", path,
                         max_bytes, mib(max_bytes, in_mib));
    }
    if (failed) {
        free(data);
        return text_fail(errmsg, errsize, WFM_EIO, "cannot read '%s': %s", path,
                         error ? strerror(error) : "read error");
    }
    *text = data;
    *length = size;
    return WFM_OK;
}
