/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dates.h — calendar arithmetic for report scripts: ISO 8601 dates and
 * weeks, date ranges written as the user types them, Chinese date formats,
 * and the one grammar of the dates that bulletin text and file names carry
 * (dates_find: every form ingest reads, from 2023-10-27 to 民國112年3月5日).
 *
 * A day is a count of days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before it); dates are written 'YYYY-MM-DD' like the
 * store's bulletins.issued_on. Contract: no allocation, no globals; the only
 * outside input is dates_today's clock and $SOURCE_DATE_EPOCH. */
#ifndef BRIEF_DATES_H
#define BRIEF_DATES_H

#include <stddef.h>

/* Howard Hinnant's days_from_civil: the day of y-m-d (month 1..12, day
 * 1..31, not validated; use dates_parse for user input). */
long dates_from_civil(int year, int month, int day);
void dates_civil(long day, int *year, int *month, int *mday);

/* Days in month (1..12) of year: 28 to 31. February has 29 in a leap year
 * of the proleptic Gregorian calendar: divisible by 4, and not by 100
 * unless by 400 (2000 was one, 1900 and 2100 are not). The one leap-year
 * rule of brief: everything else asks dates_valid or dates_parse. */
int dates_days_in_month(int year, int month);

/* 1 when year-month-day is a real calendar date (month 1..12, day 1..the
 * month's days), else 0. Any year: callers bound it as their input needs. */
int dates_valid(int year, int month, int day);

/* Parses exactly "YYYY-MM-DD" (a real calendar date, years 1000..9999)
 * into *day. Returns 0, or -1 (nothing written) when s is not one. */
int dates_parse(const char *s, long *day);

/* Writes "YYYY-MM-DD" and a NUL into out (11 bytes). */
void dates_format(long day, char out[11]);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int dates_weekday(long day);

/* The ISO 8601 week holding day: its year (which differs from the
 * calendar year around New Year) and number 1..53. */
void dates_iso_week(long day, int *iso_year, int *week);

/* Writes the ISO week holding day as "YYYY-Www" ("2023-W43") and a NUL
 * into out (9 bytes): the ISO year, which around New Year is not the
 * calendar year ("2021-01-03" is in "2020-W53"). */
void dates_format_iso_week(long day, char out[9]);

/* The Monday of ISO week `week` of `iso_year` into *monday. Returns 0, or
 * -1 when the year has no such week (week 53 exists only in long years). */
int dates_iso_week_monday(int iso_year, int week, long *monday);

/* Today: the UTC date of $SOURCE_DATE_EPOCH when it is set (reproducible
 * runs), else the local date of the clock. Returns 0, or -1 when
 * $SOURCE_DATE_EPOCH is set but not a number of seconds. */
int dates_today(long *day);

typedef struct dates_range {
    long from;   /* first day, inclusive */
    long to;     /* last day, inclusive */
} dates_range;

/* Parses a range as a user writes it on the command line:
 *   "2023-W43"               ISO week, Monday..Sunday
 *   "last" / "last-week"     the last complete ISO week before today
 *   "this-week"              the ISO week holding today
 *   "2023-10"                a calendar month
 *   "2023"                   a calendar year
 *   "2023-10-01..2023-10-31" two dates, inclusive (from <= to)
 *   "2023-10-27"             a single day
 * today is used only by the relative forms. Returns 0, or -1 with a message
 * naming the spec in err. */
int dates_range_parse(const char *spec, long today, dates_range *range, char *err, size_t errlen);

#define DATES_CN_DIGITS 0   /* 2023年10月27日 */
#define DATES_CN_HANZI  1   /* 二〇二三年十月二十七日 (the style of document dates, GB/T 9704-2012 7.3.5.3 before 2012) */
#define DATES_CN_MONTH_DAY 2  /* 10月27日: the year is on the page already */

/* Writes the Chinese form of day into out (outlen bytes; 40 always
 * suffice). Returns the byte length, or -1 when out is too small. */
int dates_format_chinese(long day, int style, char *out, size_t outlen);

#define DATES_WEEKDAY_LONG  0   /* 星期一 */
#define DATES_WEEKDAY_SHORT 1   /* 周一 */

/* ---- dates in text -------------------------------------------------------
 * The forms of a date in bulletin text, all with ASCII or full-width digits
 * and optional blanks between the parts ("2023 年 10 月 27 日"):
 *   2023年10月27日  2023年10月27号  2023-10-27  2023/10/27  2023.10.27
 *   2023_10_27  2023-1-5  二〇二三年十月二十七日  二〇二三年十月廿七日
 *   民國112年3月5日  中華民國 112 年 3 月 5 日  112年3月5日 (a 民國/民国 year,
 *   1911 added: 3 digits, or 2 after 民國)  民國七十八年二月二十七日
 *   11月 18, 2020 (a blog's English order, "星期三, 11月 18, 2020")
 * each optionally followed by a clock time (2023年07月24日09:02, 2023-05-16
 * 11:18:30, 2023-10-27 09:30:00.0), which is part of the match. With flags:
 *   DATES_FIND_COMPACT  20231027 (file names)
 *   DATES_FIND_MONTH    a month without a day: 2023年1月, 二〇二三年一月,
 *                       112年3月, 2023-01 / 2023.01 / 2023/01 followed by no
 *                       day (1988.12)
 *   DATES_FIND_ROC_DOT  a 民國 year and month, dot-separated: 86.01 (1997-01)
 * Years 1900..2099 after conversion; months and days checked against the
 * calendar. Never a date without a year (10月27日, 27日, 昨日): that is
 * the caller's to ignore. A digit run longer than the form (120231027) is no
 * date. */
#define DATES_FIND_COMPACT 1u
#define DATES_FIND_MONTH   2u
#define DATES_FIND_ROC_DOT 4u

typedef struct dates_match {
    int year, month, day;      /* day 0: a month-only date (DATES_FIND_MONTH) */
    int hour, minute;          /* the clock time after it, or -1 */
    size_t start, end;         /* the bytes of s it spans, time included */
    int roc;                   /* the year was a 民國 year (1911 added) */
} dates_match;

/* Finds the first date in s[0..len) that starts at byte from or later
 * (a full date before a month-only one at the same place). Returns 1 and
 * fills *m, or 0. No allocation. */
int dates_find(const char *s, size_t len, size_t from, unsigned flags, dates_match *m);

/* Writes a match as "YYYY-MM-DD", or "YYYY-MM" when it has no day, into
 * out (11 bytes). */
void dates_match_format(const dates_match *m, char out[11]);

/* The Chinese name of an ISO weekday (1..7), or NULL when out of range.
 * (transfer none): a static string. */
const char *dates_weekday_name(int weekday, int style);

#endif
