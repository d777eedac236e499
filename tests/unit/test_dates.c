/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_dates.c — calendar arithmetic, ISO weeks, ranges, Chinese formats. */
#include "harness.h"
#include "util/dates.h"

#include <stdlib.h>
#include <string.h>

static long day_of(const char *s)
{
    long d = -999999;
    dates_parse(s, &d);
    return d;
}

static const char *fmt(long day)
{
    static char buf[11];
    dates_format(day, buf);
    return buf;
}

TEST(epoch_and_round_trip)
{
    long d;
    CHECK_INT(dates_from_civil(1970, 1, 1), 0);
    CHECK_INT(day_of("2000-03-01") - day_of("2000-02-28"), 2); /* 2000 is a leap year */
    CHECK_INT(day_of("1900-03-01") - day_of("1900-02-28"), 1); /* 1900 is not */
    for (d = -800000; d < 800000; d += 997) {
        char buf[11];
        long back;
        dates_format(d, buf);
        if (d > dates_from_civil(1000, 1, 1)) {
            CHECK(dates_parse(buf, &back) == 0);
            CHECK_INT(back, d);
        }
    }
}

TEST(parse_rejects_non_dates)
{
    long d = 42;
    CHECK(dates_parse("2023-02-29", &d) == -1);
    CHECK(dates_parse("2023-13-01", &d) == -1);
    CHECK(dates_parse("2023-1-01", &d) == -1);
    CHECK(dates_parse("2023-10-27x", &d) == -1);
    CHECK(dates_parse("", &d) == -1);
    CHECK(dates_parse(NULL, &d) == -1);
    CHECK_INT(d, 42);
    CHECK(dates_parse("2024-02-29", &d) == 0);
}

TEST(leap_years_one_rule)
{
    /* Divisible by 4, not by 100 unless by 400. */
    CHECK_INT(dates_days_in_month(2024, 2), 29);
    CHECK_INT(dates_days_in_month(2023, 2), 28);
    CHECK_INT(dates_days_in_month(1900, 2), 28);
    CHECK_INT(dates_days_in_month(2000, 2), 29);
    CHECK_INT(dates_days_in_month(2100, 2), 28);
    CHECK_INT(dates_days_in_month(2023, 4), 30);
    CHECK_INT(dates_days_in_month(2023, 12), 31);
    CHECK_INT(dates_days_in_month(2023, 13), 0);
    CHECK_INT(dates_days_in_month(2023, 0), 0);
    CHECK(dates_valid(2000, 2, 29));
    CHECK(!dates_valid(1900, 2, 29));
    CHECK(!dates_valid(2023, 4, 31));
    CHECK(!dates_valid(2023, 1, 0));
    CHECK(dates_valid(999, 12, 31));   /* any year: callers bound it */
    /* Every day of four centuries agrees with the day count. */
    {
        long d;
        int y, m, md, ny, nm, nd;
        for (d = dates_from_civil(1900, 1, 1); d < dates_from_civil(2300, 1, 1); d++) {
            dates_civil(d, &y, &m, &md);
            dates_civil(d + 1, &ny, &nm, &nd);
            CHECK(dates_valid(y, m, md));
            CHECK((md == dates_days_in_month(y, m)) == (nd == 1));
        }
    }
}

TEST(weekdays)
{
    CHECK_INT(dates_weekday(day_of("2023-10-27")), 5);  /* a Friday */
    CHECK_INT(dates_weekday(day_of("2023-10-29")), 7);
    CHECK_INT(dates_weekday(day_of("1969-12-29")), 1);  /* before the epoch */
    CHECK_STR(dates_weekday_name(5, DATES_WEEKDAY_LONG), "星期五");
    CHECK_STR(dates_weekday_name(7, DATES_WEEKDAY_SHORT), "周日");
    CHECK(dates_weekday_name(0, DATES_WEEKDAY_LONG) == NULL);
}

TEST(iso_weeks_around_new_year)
{
    int y, w;
    long monday;
    dates_iso_week(day_of("2023-10-27"), &y, &w);
    CHECK_INT(y, 2023); CHECK_INT(w, 43);
    dates_iso_week(day_of("2021-01-03"), &y, &w);   /* belongs to 2020-W53 */
    CHECK_INT(y, 2020); CHECK_INT(w, 53);
    dates_iso_week(day_of("2024-12-30"), &y, &w);   /* belongs to 2025-W01 */
    CHECK_INT(y, 2025); CHECK_INT(w, 1);
    CHECK(dates_iso_week_monday(2023, 43, &monday) == 0);
    CHECK_STR(fmt(monday), "2023-10-23");
    CHECK(dates_iso_week_monday(2020, 53, &monday) == 0);
    CHECK_STR(fmt(monday), "2020-12-28");
    CHECK(dates_iso_week_monday(2023, 53, &monday) == -1);  /* 2023 has 52 weeks */
    CHECK(dates_iso_week_monday(2023, 0, &monday) == -1);
    {
        char iso[9];
        dates_format_iso_week(day_of("2021-01-03"), iso);
        CHECK_STR(iso, "2020-W53");
        dates_format_iso_week(day_of("2024-12-30"), iso);
        CHECK_STR(iso, "2025-W01");
        dates_format_iso_week(day_of("2023-01-02"), iso);
        CHECK_STR(iso, "2023-W01");
    }
}

TEST(ranges)
{
    dates_range r;
    char err[200];
    long today = day_of("2023-10-29");  /* a Sunday: its week is not over */
    CHECK(dates_range_parse("2023-W43", today, &r, err, sizeof err) == 0);
    CHECK_STR(fmt(r.from), "2023-10-23"); CHECK_STR(fmt(r.to), "2023-10-29");
    CHECK(dates_range_parse("last", today, &r, err, sizeof err) == 0);
    CHECK_STR(fmt(r.from), "2023-10-16"); CHECK_STR(fmt(r.to), "2023-10-22");
    CHECK(dates_range_parse("last", day_of("2023-10-30"), &r, err, sizeof err) == 0);
    CHECK_STR(fmt(r.from), "2023-10-23");
    CHECK(dates_range_parse("this-week", today, &r, err, sizeof err) == 0);
    CHECK_STR(fmt(r.from), "2023-10-23");
    CHECK(dates_range_parse("2024-02", today, &r, err, sizeof err) == 0);
    CHECK_STR(fmt(r.from), "2024-02-01"); CHECK_STR(fmt(r.to), "2024-02-29");
    CHECK(dates_range_parse("2023", today, &r, err, sizeof err) == 0);
    CHECK_STR(fmt(r.to), "2023-12-31");
    CHECK(dates_range_parse("2023-10-01..2023-10-31", today, &r, err, sizeof err) == 0);
    CHECK_STR(fmt(r.from), "2023-10-01"); CHECK_STR(fmt(r.to), "2023-10-31");
    CHECK(dates_range_parse("2023-10-27", today, &r, err, sizeof err) == 0);
    CHECK_INT(r.from, r.to);
    CHECK(dates_range_parse("2023-10-31..2023-10-01", today, &r, err, sizeof err) == -1);
    CHECK(strstr(err, "ends before") != NULL);
    CHECK(dates_range_parse("2023-W54", today, &r, err, sizeof err) == -1);
    CHECK(dates_range_parse("next week", today, &r, err, sizeof err) == -1);
    CHECK(strstr(err, "'next week' is not a date range") != NULL);
}

TEST(today_follows_source_date_epoch)
{
    long d;
    setenv("SOURCE_DATE_EPOCH", "1698364800", 1);  /* 2023-10-27T00:00:00Z */
    CHECK(dates_today(&d) == 0);
    CHECK_STR(fmt(d), "2023-10-27");
    setenv("SOURCE_DATE_EPOCH", "soon", 1);
    CHECK(dates_today(&d) == -1);
    unsetenv("SOURCE_DATE_EPOCH");
    CHECK(dates_today(&d) == 0);
    CHECK(d > day_of("2020-01-01"));
}

TEST(chinese_formats)
{
    char buf[40];
    CHECK(dates_format_chinese(day_of("2023-10-27"), DATES_CN_DIGITS, buf, sizeof buf) > 0);
    CHECK_STR(buf, "2023年10月27日");
    CHECK(dates_format_chinese(day_of("2023-10-27"), DATES_CN_HANZI, buf, sizeof buf) > 0);
    CHECK_STR(buf, "二〇二三年十月二十七日");
    dates_format_chinese(day_of("2000-01-10"), DATES_CN_HANZI, buf, sizeof buf);
    CHECK_STR(buf, "二〇〇〇年一月十日");
    dates_format_chinese(day_of("2019-12-31"), DATES_CN_HANZI, buf, sizeof buf);
    CHECK_STR(buf, "二〇一九年十二月三十一日");
    dates_format_chinese(day_of("2023-11-20"), DATES_CN_HANZI, buf, sizeof buf);
    CHECK_STR(buf, "二〇二三年十一月二十日");
    CHECK(dates_format_chinese(day_of("2023-10-27"), DATES_CN_DIGITS, buf, 5) == -1);
}


/* The date dates_find finds in s with flags, as "YYYY-MM-DD" / "YYYY-MM",
 * or "none". */
static const char *found(const char *s, unsigned flags)
{
    static char buf[11];
    dates_match m;
    if (!dates_find(s, strlen(s), 0, flags, &m)) return "none";
    dates_match_format(&m, buf);
    return buf;
}

TEST(find_forms_in_text)
{
    CHECK_STR(found("发布时间:2023-10-27 09:30 来源:重庆市总工会", 0), "2023-10-27");
    CHECK_STR(found("重庆市总工会办公室      2023年10月27日", 0), "2023-10-27");
    CHECK_STR(found("2023 年 10 月 27 日", 0), "2023-10-27");
    CHECK_STR(found("二〇二三年十月二十七日", 0), "2023-10-27");
    CHECK_STR(found("二〇二三年十月廿七日", 0), "2023-10-27");
    CHECK_STR(found("发布时间：２０２３年１０月１８日", 0), "2023-10-18");
    CHECK_STR(found("2023/4/10", 0), "2023-04-10");
    CHECK_STR(found("[ 2023/04/10 ] 112年3月大事紀要", 0), "2023-04-10");
    CHECK_STR(found("2023.10.27", 0), "2023-10-27");
    CHECK_STR(found("jb_2023_10_27.txt", 0), "2023-10-27");
    CHECK_STR(found("2013-4-22 9:05:00", 0), "2013-04-22");
    CHECK_STR(found("//www.workercn.cn2014-09-16 07:46:34来源: 重庆日报", 0), "2014-09-16");
    CHECK_STR(found("發布日期:中華民國112年3月5日", 0), "2023-03-05");
    CHECK_STR(found("(民國 111 年 11 月 30 日修正)", 0), "2022-11-30");
    CHECK_STR(found("發佈日期:111年5月18日", 0), "2022-05-18");
    CHECK_STR(found("民國七十八年二月二十七日", 0), "1989-02-27");
    CHECK_STR(found("民国一百一十二年三月五日", 0), "2023-03-05");
    CHECK_STR(found("星期三, 11月 18, 2020 Views", 0), "2020-11-18");
    CHECK_STR(found("《工人日报》(2023年12月21日 02版)", 0), "2023-12-21");
    CHECK_STR(found("20231027-weekly.txt", DATES_FIND_COMPACT), "2023-10-27");
    /* no year, no calendar date, or part of a longer number */
    CHECK_STR(found("今日(9月4日)", 0), "none");
    CHECK_STR(found("16日起", 0), "none");
    CHECK_STR(found("2023年10月32日", 0), "none");
    CHECK_STR(found("2023-02-29", 0), "none");
    CHECK_STR(found("120231027", DATES_FIND_COMPACT), "none");
    CHECK_STR(found("20231027", 0), "none");
    CHECK_STR(found("共12023-10-27", 0), "none");
    CHECK_STR(found("1850年1月1日", 0), "none");
    CHECK_STR(found("建党100年3月", DATES_FIND_MONTH), "2011-03");   /* read as a 民國 year: the caller decides where to look */
}

TEST(find_month_only_and_roc_dot)
{
    CHECK_STR(found("渝北区总工会二〇二三年一月大事记", 0), "none");
    CHECK_STR(found("渝北区总工会二〇二三年一月大事记", DATES_FIND_MONTH), "2023-01");
    CHECK_STR(found("112年3月大事紀要", DATES_FIND_MONTH), "2023-03");
    CHECK_STR(found("工人之家  1988.12", DATES_FIND_MONTH), "1988-12");
    CHECK_STR(found("2023年7月", DATES_FIND_MONTH), "2023-07");
    CHECK_STR(found("2023年7月5日", DATES_FIND_MONTH), "2023-07-05");   /* the day when there is one */
    CHECK_STR(found("【本刊訊 86.01】本會於元月十二日", 0), "none");
    CHECK_STR(found("【本刊訊 86.01】本會於元月十二日", DATES_FIND_ROC_DOT), "1997-01");
    CHECK_STR(found("投资2023.10万元", DATES_FIND_MONTH), "2023-10");   /* why the flag is only for date lines */
    CHECK_STR(found("1.25亿元", DATES_FIND_MONTH | DATES_FIND_ROC_DOT), "none");
}

TEST(find_spans_and_times)
{
    dates_match m;
    const char *s = "勞團赴勞動部陳情 要求落實輪班間隔 2018-06-21";
    CHECK(dates_find(s, strlen(s), 0, 0, &m));
    CHECK_INT(m.end, strlen(s));
    CHECK_INT(m.start, strlen("勞團赴勞動部陳情 要求落實輪班間隔 "));
    CHECK_INT(m.hour, -1);
    s = "2023年07月24日09:02  来源:工人日报";
    CHECK(dates_find(s, strlen(s), 0, 0, &m));
    CHECK_INT(m.hour, 9);
    CHECK_INT(m.minute, 2);
    CHECK_INT(m.end, strlen("2023年07月24日09:02"));
    s = "录入时间:2023-08-02 16:20  录入:管理员  更新时间:2023-08-03 10:05";
    CHECK(dates_find(s, strlen(s), 0, 0, &m));
    CHECK_INT(m.day, 2);
    CHECK(dates_find(s, strlen(s), m.end, 0, &m));   /* the next one */
    CHECK_INT(m.day, 3);
    CHECK(!dates_find(s, strlen(s), m.end, 0, &m));
    /* a date far into a long line is found (windows overlap) */
    char long_line[4000];
    size_t n = 0;
    while (n < 3000) { memcpy(long_line + n, "一二", 6); n += 6; }
    memcpy(long_line + n, "2023年10月27日", strlen("2023年10月27日"));
    n += strlen("2023年10月27日");
    CHECK(dates_find(long_line, n, 0, 0, &m));
    CHECK_INT(m.start, 3000);
    for (size_t cut = 2990; cut < n; cut++) {   /* and never one cut short */
        if (dates_find(long_line, cut, 0, 0, &m)) CHECK(cut == n);
    }
}

int main(void)
{
    RUN(epoch_and_round_trip);
    RUN(parse_rejects_non_dates);
    RUN(leap_years_one_rule);
    RUN(weekdays);
    RUN(iso_weeks_around_new_year);
    RUN(ranges);
    RUN(today_follows_source_date_epoch);
    RUN(chinese_formats);
    RUN(find_forms_in_text);
    RUN(find_month_only_and_roc_dot);
    RUN(find_spans_and_times);
    return harness_done();
}
