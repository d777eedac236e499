/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dates.c — ISO dates, weeks, ranges and Chinese date formats (see dates.h). */
#include "util/dates.h"
#include "util/chars.h"
#include "util/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* days_from_civil and civil_from_days, from Howard Hinnant, "chrono-
 * Compatible Low-Level Date Algorithms": eras of 400 years (146097 days)
 * starting on March 1 so the leap day falls at the end of the year. */
long dates_from_civil(int year, int month, int mday)
{
    long y = (long)year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + mday - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void dates_civil(long day, int *year, int *month, int *mday)
{
    long z = day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)(yoe + era * 400 + (m <= 2));
    *month = (int)m;
    *mday = (int)d;
}

int dates_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12) return 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

int dates_valid(int year, int month, int day)
{
    return month >= 1 && month <= 12 && day >= 1 && day <= dates_days_in_month(year, month);
}

/* Reads exactly n decimal digits. */
static int digits(const char *s, int n, int *value)
{
    int v = 0, i;
    for (i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return 0;
}

/* "YYYY-MM-DD" at s (exactly 10 bytes consumed; what follows is the
 * caller's business). */
static int parse_ymd_prefix(const char *s, long *day)
{
    int y, m, d;
    if (strnlen(s, 10) < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) ||
        s[7] != '-' || digits(s + 8, 2, &d))
        return -1;
    if (y < 1000 || !dates_valid(y, m, d)) return -1;
    *day = dates_from_civil(y, m, d);
    return 0;
}

int dates_parse(const char *s, long *day)
{
    if (!s || strlen(s) != 10) return -1;
    return parse_ymd_prefix(s, day);
}

void dates_format(long day, char out[11])
{
    int y, m, d;
    unsigned uy;
    dates_civil(day, &y, &m, &d);
    /* Written by hand: four year digits always (years outside 0..9999 wrap,
     * which dates_parse never produces). */
    uy = (unsigned)(y < 0 ? -y : y) % 10000u;
    out[0] = (char)('0' + uy / 1000); out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10); out[3] = (char)('0' + uy % 10);
    out[4] = '-'; out[5] = (char)('0' + m / 10); out[6] = (char)('0' + m % 10);
    out[7] = '-'; out[8] = (char)('0' + d / 10); out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

int dates_weekday(long day)
{
    /* 1970-01-01 was a Thursday (ISO weekday 4). */
    long w = (day + 3) % 7;
    if (w < 0) w += 7;
    return (int)w + 1;
}

void dates_iso_week(long day, int *iso_year, int *week)
{
    /* ISO 8601: a week belongs to the year that holds its Thursday. */
    long thursday = day - dates_weekday(day) + 4;
    int y, m, d;
    dates_civil(thursday, &y, &m, &d);
    *iso_year = y;
    *week = (int)((thursday - dates_from_civil(y, 1, 1)) / 7) + 1;
}

void dates_format_iso_week(long day, char out[9])
{
    int year, week;
    unsigned uy;
    dates_iso_week(day, &year, &week);
    uy = (unsigned)(year < 0 ? -year : year) % 10000u;   /* as dates_format */
    out[0] = (char)('0' + uy / 1000); out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10); out[3] = (char)('0' + uy % 10);
    out[4] = '-'; out[5] = 'W'; out[6] = (char)('0' + week / 10); out[7] = (char)('0' + week % 10);
    out[8] = '\0';
}

int dates_iso_week_monday(int iso_year, int week, long *monday)
{
    /* Week 1 is the week holding January 4; a year has 53 weeks when
     * December 28 (always in the last week) is in week 53. */
    long jan4 = dates_from_civil(iso_year, 1, 4);
    long week1 = jan4 - (dates_weekday(jan4) - 1);
    int y, last;
    dates_iso_week(dates_from_civil(iso_year, 12, 28), &y, &last);
    if (week < 1 || week > last) return -1;
    *monday = week1 + 7L * (week - 1);
    return 0;
}

int dates_today(long *day)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    time_t now;
    struct tm tm;

    if (epoch && *epoch) {
        char *end;
        long long secs;
        errno = 0;
        secs = strtoll(epoch, &end, 10);
        if (errno || *end || end == epoch) return -1;
        /* Floor division so a negative epoch lands on the right day. */
        *day = (long)(secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400));
        return 0;
    }
    now = time(NULL);
    if (!localtime_r(&now, &tm)) return -1;
    *day = dates_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return 0;
}

int dates_range_parse(const char *spec, long today, dates_range *range, char *err, size_t errlen)
{
    size_t len = spec ? strlen(spec) : 0;
    int y, m, w;
    long a, b;

    if (len == 0) goto bad;
    if (strcmp(spec, "last") == 0 || strcmp(spec, "last-week") == 0) {
        /* The week before the one holding today: the current week is not
         * complete until its Sunday is over. */
        range->from = today - (dates_weekday(today) - 1) - 7;
        range->to = range->from + 6;
        return 0;
    }
    if (strcmp(spec, "this-week") == 0) {
        range->from = today - (dates_weekday(today) - 1);
        range->to = range->from + 6;
        return 0;
    }
    /* 2023-W43 (also 2023W43, lowercase w) */
    if ((len == 8 || len == 7) && digits(spec, 4, &y) == 0) {
        const char *p = spec + 4;
        if (*p == '-') p++;
        if ((*p == 'W' || *p == 'w') && strlen(p + 1) == 2 && digits(p + 1, 2, &w) == 0) {
            if (y < 1000 || dates_iso_week_monday(y, w, &a) != 0) {
                snprintf(err, errlen, "'%s': %d has no ISO week %d", spec, y, w);
                return -1;
            }
            range->from = a;
            range->to = a + 6;
            return 0;
        }
    }
    if (len == 4 && digits(spec, 4, &y) == 0 && y >= 1000) {
        range->from = dates_from_civil(y, 1, 1);
        range->to = dates_from_civil(y, 12, 31);
        return 0;
    }
    if (len == 7 && digits(spec, 4, &y) == 0 && spec[4] == '-' && digits(spec + 5, 2, &m) == 0 &&
        y >= 1000 && m >= 1 && m <= 12) {
        range->from = dates_from_civil(y, m, 1);
        range->to = dates_from_civil(y, m, dates_days_in_month(y, m));
        return 0;
    }
    if (len == 10 && dates_parse(spec, &a) == 0) {
        range->from = range->to = a;
        return 0;
    }
    if (len == 22 && parse_ymd_prefix(spec, &a) == 0 && spec[10] == '.' && spec[11] == '.' &&
        dates_parse(spec + 12, &b) == 0) {
        if (a > b) {
            snprintf(err, errlen, "'%s': the range ends before it starts", spec);
            return -1;
        }
        range->from = a;
        range->to = b;
        return 0;
    }
bad:
    snprintf(err, errlen, "'%s' is not a date range (expected 2023-W43, last, this-week, 2023-10, 2023, "
             "2023-10-01..2023-10-31 or 2023-10-27)", spec ? spec : "");
    return -1;
}

static const char *const cn_digit[10] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

/* 1..31 in Chinese numerals: 十, 十一, 二十, 二十七, 三十一. */
static void cn_number(int n, char *out, size_t outlen)
{
    if (n < 10) snprintf(out, outlen, "%s", cn_digit[n]);
    else if (n == 10) snprintf(out, outlen, "十");
    else if (n < 20) snprintf(out, outlen, "十%s", cn_digit[n % 10]);
    else if (n % 10 == 0) snprintf(out, outlen, "%s十", cn_digit[n / 10]);
    else snprintf(out, outlen, "%s十%s", cn_digit[n / 10], cn_digit[n % 10]);
}

int dates_format_chinese(long day, int style, char *out, size_t outlen)
{
    int y, m, d, n;
    dates_civil(day, &y, &m, &d);
    if (style == DATES_CN_HANZI) {
        char ms[16], ds[16];
        cn_number(m, ms, sizeof ms);
        cn_number(d, ds, sizeof ds);
        /* The year is read digit by digit: 二〇二三, not 两千零二十三. */
        n = snprintf(out, outlen, "%s%s%s%s年%s月%s日", cn_digit[(y / 1000) % 10], cn_digit[(y / 100) % 10],
                     cn_digit[(y / 10) % 10], cn_digit[y % 10], ms, ds);
    } else if (style == DATES_CN_MONTH_DAY) {
        n = snprintf(out, outlen, "%d月%d日", m, d);
    } else {
        n = snprintf(out, outlen, "%d年%d月%d日", y, m, d);
    }
    return (n < 0 || (size_t)n >= outlen) ? -1 : n;
}

const char *dates_weekday_name(int weekday, int style)
{
    static const char *const long_names[7] = {"星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"};
    static const char *const short_names[7] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
    if (weekday < 1 || weekday > 7) return NULL;
    return style == DATES_WEEKDAY_SHORT ? short_names[weekday - 1] : long_names[weekday - 1];
}

/* ---- dates in text ------------------------------------------------------- */

/* A window of decoded text: code points and the byte offset of each (one
 * more offset for the end). */
#define SCAN_WINDOW 512
#define SCAN_OVERLAP 64   /* longer than any date with its time */

typedef struct scan {
    uint32_t cp[SCAN_WINDOW];
    size_t off[SCAN_WINDOW + 1];
    size_t n;
} scan;

/* 〇零一二三四五六七八九 → 0-9 (and the look-alikes of 〇: ○, O, Ο), else -1. */
static int cn_digit_of(uint32_t c)
{
    int v = chars_cn_numeral_value(c);
    if (v >= 0 && v <= 9) return v;
    return c == 0x25CB || c == 0x039F || c == 'O' ? 0 : -1;
}

/* Blanks inside a date: ASCII space, U+3000, no-break space. */
static size_t skip_blanks(const scan *w, size_t i)
{
    while (i < w->n && (w->cp[i] == ' ' || w->cp[i] == 0x3000 || w->cp[i] == 0xA0)) i++;
    return i;
}

/* A run of at most max digits at i: its value in *v and the index after
 * it, or i when there is none or the run is longer than max. */
static size_t digits_at(const scan *w, size_t i, size_t max, int *v)
{
    size_t k = i;
    int x = 0;
    while (k < w->n && chars_digit_value(w->cp[k]) >= 0) {
        if (k - i == max) return i;
        x = x * 10 + chars_digit_value(w->cp[k++]);
    }
    *v = x;
    return k;
}

/* A number written in Chinese numerals, 1..199: 九, 十, 十二, 二十七, 廿一,
 * 卅, 一百一十二, 七十八; 元 is 1 when month is set (元月). Returns the index
 * after it with the value in *v, or i. */
static size_t cn_number_at(const scan *w, size_t i, int month, int *v)
{
    size_t k = i;
    int hundreds = 0, tens = 0, units = 0;
    if (month && k < w->n && w->cp[k] == 0x5143) { *v = 1; return k + 1; }   /* 元 */
    if (k + 1 < w->n && cn_digit_of(w->cp[k]) == 1 && w->cp[k + 1] == 0x767E) { hundreds = 1; k += 2; }   /* 一百 */
    else if (k < w->n && w->cp[k] == 0x767E) { hundreds = 1; k++; }                                          /* 百 */
    if (hundreds && k < w->n && (w->cp[k] == 0x96F6 || w->cp[k] == 0x3007)) k++;                           /* 一百零五 */
    if (k < w->n && w->cp[k] == 0x5EFF) { tens = 2; k++; }                                                   /* 廿 */
    else if (k < w->n && w->cp[k] == 0x5345) { tens = 3; k++; }                                              /* 卅 */
    else if (k + 1 < w->n && cn_digit_of(w->cp[k]) > 0 && w->cp[k + 1] == 0x5341) { tens = cn_digit_of(w->cp[k]); k += 2; }
    else if (k < w->n && w->cp[k] == 0x5341) { tens = 1; k++; }                                              /* 十 */
    if (k < w->n && cn_digit_of(w->cp[k]) > 0) units = cn_digit_of(w->cp[k++]);
    if (k == i) return i;
    *v = hundreds * 100 + tens * 10 + units;
    return k;
}

static int ymd_valid(int y, int m, int d)
{
    if (y < 1900 || y > 2099 || m < 1 || m > 12) return 0;
    return d == 0 || (d >= 1 && d <= dates_days_in_month(y, m));
}

/* A clock time at i (after optional blanks): H:MM, HH:MM:SS, HH:MM:SS.0,
 * with an ASCII or full-width colon. Returns the index after it (hour and
 * minute set), or i. */
static size_t time_at(const scan *w, size_t i, int *hour, int *minute)
{
    size_t k = skip_blanks(w, i), e;
    int h = 0, m = 0, sec = 0;
    if (k - i > 3) return i;
    e = digits_at(w, k, 2, &h);
    if (e == k || e >= w->n || (w->cp[e] != ':' && w->cp[e] != 0xFF1A)) return i;
    k = digits_at(w, e + 1, 2, &m);
    if (k != e + 3 || h > 23 || m > 59) return i;
    if (k + 1 < w->n && (w->cp[k] == ':' || w->cp[k] == 0xFF1A)) {
        e = digits_at(w, k + 1, 2, &sec);
        if (e == k + 3 && sec <= 60) {
            k = e;
            if (k + 1 < w->n && w->cp[k] == '.' && chars_digit_value(w->cp[k + 1]) >= 0)
                while (k < w->n && (w->cp[k] == '.' || chars_digit_value(w->cp[k]) >= 0)) k++;
        }
    }
    *hour = h;
    *minute = m;
    return k;
}

static int is_sep(uint32_t c)
{
    return c == '-' || c == '/' || c == '.' || c == '_' || c == 0xFF0D || c == 0xFF0F || c == 0xFF0E;
}

/* After a year at i (the index after it): 年 M 月 [D 日|号], or SEP M SEP D,
 * or (month flag) SEP MM. Fills m's month and day; returns the end index, or
 * 0 when no date follows. cn: the month and day may be Chinese numerals;
 * sep_ok: the separator forms are allowed. */
static size_t month_day_at(const scan *w, size_t i, int cn, int sep_ok, unsigned flags, dates_match *m)
{
    size_t k = skip_blanks(w, i), e;
    int mo = 0, d = 0;
    if (k < w->n && w->cp[k] == 0x5E74) {   /* 年 */
        k = skip_blanks(w, k + 1);
        e = digits_at(w, k, 2, &mo);
        if (e == k && cn) e = cn_number_at(w, k, 1, &mo);
        if (e == k) return 0;
        k = skip_blanks(w, e);
        if (k >= w->n || w->cp[k] != 0x6708) return 0;   /* 月 */
        size_t month_end = k + 1;
        k = skip_blanks(w, k + 1);
        e = digits_at(w, k, 2, &d);
        if (e == k && cn) e = cn_number_at(w, k, 0, &d);
        if (e != k) {
            size_t t = skip_blanks(w, e);
            if (t < w->n && (w->cp[t] == 0x65E5 || w->cp[t] == 0x53F7)) {   /* 日 号 */
                m->month = mo;
                m->day = d;
                return t + 1;
            }
        }
        if (!(flags & DATES_FIND_MONTH)) return 0;
        m->month = mo;
        m->day = 0;
        return month_end;
    }
    if (!sep_ok || k != i || k >= w->n || !is_sep(w->cp[k])) return 0;
    uint32_t sep = w->cp[k];
    e = digits_at(w, k + 1, 2, &mo);
    if (e == k + 1) return 0;
    if (e < w->n && w->cp[e] == sep) {
        size_t f = digits_at(w, e + 1, 2, &d);
        if (f != e + 1 && !(f < w->n && chars_digit_value(w->cp[f]) >= 0)) {
            m->month = mo;
            m->day = d;
            return f;
        }
        return 0;
    }
    /* 2023-01 / 1988.12: a month alone, two digits, nothing numeric after. */
    if (!(flags & DATES_FIND_MONTH) || e != k + 3 || (e < w->n && (chars_digit_value(w->cp[e]) >= 0 || is_sep(w->cp[e]))))
        return 0;
    m->month = mo;
    m->day = 0;
    return e;
}

/* 民國, 民国, 中華民國, 中华民国 at i: the index after it, or i. */
static size_t roc_prefix_at(const scan *w, size_t i)
{
    size_t k = i;
    if (k + 1 < w->n && w->cp[k] == 0x4E2D && (w->cp[k + 1] == 0x83EF || w->cp[k + 1] == 0x534E)) k += 2;   /* 中華 中华 */
    if (k + 1 < w->n && w->cp[k] == 0x6C11 && (w->cp[k + 1] == 0x570B || w->cp[k + 1] == 0x56FD)) return k + 2;
    return i;
}

/* A date starting at index i of the window, or 0. */
static size_t date_at(const scan *w, size_t i, unsigned flags, dates_match *m)
{
    size_t k, e;
    int y = 0;
    int prev_digit = i > 0 && chars_digit_value(w->cp[i - 1]) >= 0;
    m->roc = 0;
    m->day = 0;
    /* 民國 + a year in digits or numerals */
    k = roc_prefix_at(w, i);
    if (k != i) {
        k = skip_blanks(w, k);
        e = digits_at(w, k, 3, &y);
        if (e == k) e = cn_number_at(w, k, 0, &y);
        if (e == k || y < 1) return 0;
        m->year = y + 1911;
        m->roc = 1;
        return month_day_at(w, e, 1, 0, flags, m);
    }
    if (prev_digit) return 0;
    e = digits_at(w, i, 8, &y);
    if (e != i) {
        size_t nd = e - i;
        if (nd == 8 && (flags & DATES_FIND_COMPACT)) {
            m->year = y / 10000;
            m->month = y / 100 % 100;
            m->day = y % 100;
            return e;
        }
        if (nd == 4) {
            m->year = y;
            return month_day_at(w, e, 0, 1, flags, m);
        }
        if (nd == 3 && y >= 1) {   /* 112年3月5日: a 民國 year, with 年 only */
            m->year = y + 1911;
            m->roc = 1;
            return month_day_at(w, e, 0, 0, flags, m);
        }
        if ((nd == 2 || nd == 3) && (flags & DATES_FIND_ROC_DOT) && e < w->n && w->cp[e] == '.') {   /* 86.01 */
            int mo;
            size_t f = digits_at(w, e + 1, 2, &mo);
            if (f != e + 3 || (f < w->n && (chars_digit_value(w->cp[f]) >= 0 || w->cp[f] == '.'))) return 0;
            m->year = y + 1911;
            m->month = mo;
            m->roc = 1;
            return f;
        }
        if (nd <= 2) {   /* 11月 18, 2020: month, day, year */
            int mo = y, d;
            k = skip_blanks(w, e);
            if (k >= w->n || w->cp[k] != 0x6708) return 0;
            k = skip_blanks(w, k + 1);
            size_t f = digits_at(w, k, 2, &d);
            if (f == k) return 0;
            f = skip_blanks(w, f);
            if (f >= w->n || (w->cp[f] != ',' && w->cp[f] != 0xFF0C)) return 0;
            f = skip_blanks(w, f + 1);
            size_t g = digits_at(w, f, 4, &y);
            if (g != f + 4 || (g < w->n && chars_digit_value(w->cp[g]) >= 0)) return 0;
            m->year = y;
            m->month = mo;
            m->day = d;
            return g;
        }
        return 0;
    }
    /* 二〇二三年…: four digits in numerals */
    if (i > 0 && cn_digit_of(w->cp[i - 1]) >= 0) return 0;
    for (k = i, y = 0; k < w->n && k - i < 4 && cn_digit_of(w->cp[k]) >= 0; k++) y = y * 10 + cn_digit_of(w->cp[k]);
    if (k - i != 4) return 0;
    m->year = y;
    return month_day_at(w, k, 1, 0, flags, m);
}

/* Whether s[from..len) may hold a date at all: every form has an ASCII or
 * full-width digit, or 年 (二〇二三年). Most lines of a bulletin have none,
 * and this byte scan spares them the decoding. */
static int may_hold_date(const char *s, size_t len, size_t from)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = from; i < len; i++) {
        if (u[i] >= '0' && u[i] <= '9') return 1;
        if (u[i] == 0xEF && i + 2 < len && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99) return 1;
        if (u[i] == 0xE5 && i + 2 < len && u[i + 1] == 0xB9 && u[i + 2] == 0xB4) return 1;   /* 年 */
    }
    return 0;
}

int dates_find(const char *s, size_t len, size_t from, unsigned flags, dates_match *m)
{
    scan w;
    size_t pos = from;
    if (!s || !may_hold_date(s, len, from)) return 0;
    while (pos < len) {
        /* Decode a window. */
        size_t p = pos;
        w.n = 0;
        while (p < len && w.n < SCAN_WINDOW) {
            w.off[w.n] = p;
            p += utf8_decode(s + p, len - p, &w.cp[w.n]);
            w.n++;
        }
        w.off[w.n] = p;
        for (size_t i = 0; i < w.n; i++) {
            dates_match cand;
            /* Near the end of a window that is not the end of the text, the
             * next window (which overlaps) decides. */
            if (p < len && i + SCAN_OVERLAP > w.n) break;
            /* A date starts with a digit, a numeral or 民国 / 中华民国. */
            uint32_t c = w.cp[i];
            if (chars_digit_value(c) < 0 && cn_digit_of(c) < 0 && c != 0x6C11 && c != 0x4E2D) continue;
            size_t e = date_at(&w, i, flags, &cand);
            if (!e || !ymd_valid(cand.year, cand.month, cand.day)) continue;
            cand.hour = cand.minute = -1;
            if (cand.day) e = time_at(&w, e, &cand.hour, &cand.minute);
            cand.start = w.off[i];
            cand.end = w.off[e];
            *m = cand;
            return 1;
        }
        if (p >= len) break;
        pos = w.off[w.n - SCAN_OVERLAP];
    }
    return 0;
}

void dates_match_format(const dates_match *m, char out[11])
{
    if (m->day) {
        dates_format(dates_from_civil(m->year, m->month, m->day), out);
        return;
    }
    snprintf(out, 11, "%04d-%02d", m->year, m->month);
}
