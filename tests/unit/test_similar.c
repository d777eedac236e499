/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_similar.c — trigram sets, Jaccard, containment and sketches
 * (engine/util/similar.c): the cases of issue 19 on an article of the shape
 * of samples/ (original text), with the thresholds docs/ingest.md states. */
#include "harness.h"
#include "util/similar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The measures and thresholds of the store (engine/store/story.c), repeated
 * here so that a change of measure that moves a case across them fails. */
#define RESEND_CHARS 3
#define RESEND_MIN 0.80
#define REPRINT_CHARS 8
#define REPRINT_MIN 0.50

static const char *const lead =
    "近日,江北区总工会在观音桥街道举办职工法律知识讲座,邀请两名执业律师为八十余名一线职工讲解劳动合同签订、"
    "加班工资计算和工伤认定等常见问题。";
static const char *const body =
    "讲座采用案例教学的方式,律师结合近年来办理的劳动争议案件,逐条解读劳动合同法的重要条款,提醒职工在入职时"
    "注意核对合同期限、工作内容和劳动报酬等关键信息,发生纠纷时及时保留证据。\n"
    "讲座结束后,律师还在现场为职工提供一对一咨询,解答了社会保险转移接续、经济补偿金计算等二十多个问题。"
    "一名外卖骑手说,以前遇到问题不知道找谁,现在知道工会能帮忙,心里踏实多了。\n"
    "江北区总工会有关负责人介绍,今年以来区总工会已在全区十二个街道开展法律服务进基层活动三十余场,"
    "下一步将建立职工法律服务站点,让职工在家门口就能得到专业的法律帮助。";

static similar_set set_n(const char *a, const char *b, unsigned n)
{
    similar_set s = SIMILAR_SET_INIT;
    char *text = malloc(strlen(a) + strlen(b) + 2);
    if (!text) return s;
    sprintf(text, "%s\n%s", a, b);
    if (similar_set_of(&s, text, strlen(text), n) != 0) s.count = 0;
    free(text);
    return s;
}

static similar_set set_of(const char *a, const char *b)
{
    return set_n(a, b, RESEND_CHARS);
}

static similar_set reprint_set(const char *a, const char *b)
{
    return set_n(a, b, REPRINT_CHARS);
}

TEST(trigrams_skip_punctuation_and_space)
{
    similar_set a = SIMILAR_SET_INIT, b = SIMILAR_SET_INIT;
    CHECK(similar_set_of(&a, "工会服务,职工", strlen("工会服务,职工"), 3) == 0);
    CHECK(similar_set_of(&b, "工会 服务。\n职工", strlen("工会 服务。\n职工"), 3) == 0);
    CHECK_INT(a.count, 4);                           /* 工会服 会服务 服务职 务职工 */
    CHECK_NEAR(similar_jaccard(&a, &b), 1.0, 1e-9);
    CHECK(similar_set_of(&a, "工会", 6, 3) == 0);
    CHECK_INT(a.count, 0);                           /* too short for a trigram */
    CHECK_NEAR(similar_jaccard(&a, &a), 0.0, 1e-9);   /* empty sets are not alike */
    CHECK(similar_set_of(&a, "ABC abc", 7, 3) == 0);
    CHECK_INT(a.count, 3);                           /* abc bca cab abc: ASCII case folded, repeats once */
    CHECK(similar_set_of(&a, "工会服务职工之家", strlen("工会服务职工之家"), 8) == 0);
    CHECK_INT(a.count, 1);                           /* one run of eight */
    CHECK(similar_set_of(&b, "工会服务,职工之家。", strlen("工会服务,职工之家。"), 8) == 0);
    CHECK_NEAR(similar_jaccard(&a, &b), 1.0, 1e-9);
    CHECK(similar_set_of(&b, "工会服务职工之屋", strlen("工会服务职工之屋"), 8) == 0);
    CHECK_NEAR(similar_jaccard(&a, &b), 0.0, 1e-9);
    similar_set_free(&a);
    similar_set_free(&b);
    similar_set_free(NULL);
}

TEST(corrected_resend_is_alike)
{
    similar_set orig = set_of(lead, body);
    /* a word changed */
    similar_set word = set_of("近日,江北区总工会在观音桥街道开展职工法律知识讲座,邀请两名执业律师为八十余名一线职工讲解劳动合同签订、"
                              "加班工资计算和工伤认定等常见问题。", body);
    /* three characters added in one sentence, as in the issue */
    similar_set added = set_of(lead, body);
    char *more = malloc(strlen(body) + 64);
    CHECK(more != NULL);
    sprintf(more, "%s\n%s", body, "活动还向职工发放了法律知识手册三百余册。");
    similar_set para = set_of(lead, more);
    printf("# resend: word %.3f, paragraph %.3f\n", similar_jaccard(&orig, &word), similar_jaccard(&orig, &para));
    CHECK(similar_jaccard(&orig, &word) >= 0.95);
    CHECK(similar_jaccard(&orig, &para) >= RESEND_MIN);
    CHECK(similar_jaccard(&orig, &para) < 1.0);
    CHECK_NEAR(similar_jaccard(&orig, &added), 1.0, 1e-9);
    free(more);
    similar_set_free(&orig);
    similar_set_free(&word);
    similar_set_free(&added);
    similar_set_free(&para);
}

TEST(reprints_are_contained)
{
    similar_set orig = reprint_set(lead, body);
    /* shortened: the last paragraph dropped */
    const char *cut = strrchr(body, '\n');
    char *shortened = strndup(body, (size_t)(cut - body));
    CHECK(shortened != NULL);
    similar_set shorter = reprint_set(lead, shortened);
    /* a lead of the reprinting union's own */
    similar_set newlead = reprint_set("本报讯 为提升职工依法维权意识,江北区总工会近期把法律服务送到了职工身边。", body);
    printf("# reprint: shortened %.3f (jaccard %.3f), new lead %.3f\n", similar_containment(&orig, &shorter),
           similar_jaccard(&orig, &shorter), similar_containment(&orig, &newlead));
    CHECK(similar_containment(&orig, &shorter) >= 0.99);
    CHECK(similar_jaccard(&orig, &shorter) < 0.9);   /* not the same text */
    CHECK(similar_containment(&orig, &newlead) >= REPRINT_MIN);
    free(shortened);
    similar_set_free(&orig);
    similar_set_free(&shorter);
    similar_set_free(&newlead);
}

TEST(same_title_other_body_differs)
{
    /* Two unions' reports under one generic title share its phrases only. */
    static const char *const t = "学习贯彻中国工会十八大精神";
    static const char *const b1 =
        "10月20日,大渡口区总工会召开党组理论学习中心组会议,传达学习中国工会十八大精神,"
        "研究部署全区工会贯彻落实工作。会议要求,各级工会要把学习宣传贯彻大会精神作为当前和今后一个时期的"
        "重要政治任务,组织宣讲团深入企业车间宣讲,推动大会精神在基层落地生根。";
    static const char *const b2 =
        "城口县总工会近日组织机关干部和基层工会主席开展集中学习,逐章研读大会报告和修改后的工会章程。"
        "大家表示,要结合山区县实际,抓好农民工入会和困难职工帮扶,把大会确定的目标任务转化为"
        "服务职工的具体行动。";
    similar_set a = set_of(t, b1), b = set_of(t, b2), ra = reprint_set(t, b1), rb = reprint_set(t, b2);
    printf("# same title: trigram containment %.3f, jaccard %.3f; runs of 8: %.3f\n", similar_containment(&a, &b),
           similar_jaccard(&a, &b), similar_containment(&ra, &rb));
    CHECK(similar_containment(&ra, &rb) < REPRINT_MIN);
    CHECK(similar_jaccard(&a, &b) < RESEND_MIN);
    similar_set_free(&a);
    similar_set_free(&b);
    similar_set_free(&ra);
    similar_set_free(&rb);
}

TEST(shared_phrases_are_no_reprint)
{
    /* Two texts built of the same formulas in another order: their trigrams
     * overlap (the bench's synthetic bulletins do this), their runs of eight
     * characters hardly. */
    static const char *const x =
        "重庆市总工会深入学习十件实事,扎实推进职工书屋,认真贯彻职工书屋,精心组织五型工会建设。"
        "劳模工匠统筹推进十件实事,不断深化工会驿站建设,着力解决职工技能大赛。";
    static const char *const y =
        "劳模工匠精心组织职工书屋,深入学习五型工会建设,扎实推进十件实事。"
        "重庆市总工会着力解决工会驿站建设,统筹推进职工技能大赛,认真贯彻十件实事。";
    similar_set a = set_n(x, "", 3), b = set_n(y, "", 3), ra = set_n(x, "", 8), rb = set_n(y, "", 8);
    printf("# shared phrases: trigram containment %.3f, runs of 8 %.3f\n", similar_containment(&a, &b),
           similar_containment(&ra, &rb));
    CHECK(similar_containment(&a, &b) >= REPRINT_MIN);   /* trigrams alone would link them */
    CHECK(similar_containment(&ra, &rb) < REPRINT_MIN);
    similar_set_free(&a);
    similar_set_free(&b);
    similar_set_free(&ra);
    similar_set_free(&rb);
}

TEST(sketch_is_bottom_k_and_shared)
{
    similar_set orig = set_of(lead, body), copy = set_of(lead, body);
    int64_t s1[4], s2[4], s3[8];
    CHECK_INT(similar_sketch(&orig, s1, 4), 4);
    CHECK_INT(similar_sketch(&copy, s2, 4), 4);
    CHECK(memcmp(s1, s2, sizeof s1) == 0);           /* the same text, the same sketch */
    CHECK(s1[0] >= 0 && s1[0] < s1[1] && s1[1] < s1[2] && s1[2] < s1[3]);
    CHECK_INT(similar_sketch(&orig, s3, 8), 8);
    CHECK(memcmp(s1, s3, sizeof s1) == 0);           /* bottom 4 are the first 4 of bottom 8 */
    int64_t s4[8];
    CHECK_INT(similar_sketch_text(body, strlen(body), 3, s4, 8), 8);   /* one pass: the same values */
    similar_set only_body = SIMILAR_SET_INIT;
    CHECK(similar_set_of(&only_body, body, strlen(body), 3) == 0);
    CHECK_INT(similar_sketch_text(body, strlen(body), 8, s4, 8), 8);   /* runs of eight: other values */
    CHECK(memcmp(s3, s4, sizeof s4) != 0);
    CHECK_INT(similar_sketch_text(body, strlen(body), 3, s4, 8), 8);
    CHECK_INT(similar_sketch(&only_body, s3, 8), 8);
    CHECK(memcmp(s3, s4, sizeof s4) == 0);
    similar_set_free(&only_body);
    CHECK(similar_title_key("学习贯彻中国工会十八大精神", strlen("学习贯彻中国工会十八大精神")) ==
          similar_title_key("学习贯彻 中国工会十八大精神。", strlen("学习贯彻 中国工会十八大精神。")));
    CHECK(similar_title_key("学习贯彻中国工会十八大精神", strlen("学习贯彻中国工会十八大精神")) !=
          similar_title_key("学习贯彻中国工会十九大精神", strlen("学习贯彻中国工会十九大精神")));
    CHECK_INT(similar_title_key("—— 。", strlen("—— 。")), 0);
    similar_set tiny = SIMILAR_SET_INIT;
    CHECK(similar_set_of(&tiny, "工会服务", strlen("工会服务"), 3) == 0);
    CHECK_INT(similar_sketch(&tiny, s3, 8), 2);
    CHECK_INT(similar_sketch(&tiny, s3, 0), 0);
    similar_set_free(&orig);
    similar_set_free(&copy);
    similar_set_free(&tiny);
}

int main(void)
{
    RUN(trigrams_skip_punctuation_and_space);
    RUN(corrected_resend_is_alike);
    RUN(reprints_are_contained);
    RUN(same_title_other_body_differs);
    RUN(shared_phrases_are_no_reprint);
    RUN(sketch_is_bottom_k_and_shared);
    return harness_done();
}
