/* dates.c — ISO dates, weeks, ranges and Chinese date formats (see dates.h). */
#include "util/dates.h"

#include <ctype.h>
#include <errno.h>
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
