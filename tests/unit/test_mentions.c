/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_mentions.c — places, trade unions and quoted terms, with the rules of
 * data/mentions/ (run from the repository root) and with rules written here. */
#include "harness.h"
#include "ingest/ingest.h"
#include "ingest/mentions.h"
#include "util/fold.h"
#include "util/sbuf.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEED "../shared/seeds/000_2f3945eb508711e7.txt"

static mentions_rules *load_repo_rules(void)
{
    char err[512];
    mentions_rules *r = mentions_rules_load("data/mentions", err, sizeof err);
    if (!r) printf("  %s\n", err);
    return r;
}

static const mention *find(const mention *m, size_t n, const char *kind, const char *value)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(m[i].kind, kind) == 0 && strcmp(m[i].value, value) == 0) return &m[i];
    return NULL;
}

static size_t count_kind(const mention *m, size_t n, const char *kind)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += strcmp(m[i].kind, kind) == 0;
    return c;
}

TEST(all_38_districts_and_counties)
{
    static const char *all =
        "万州区、黔江区、涪陵区、渝中区、大渡口区、江北区、沙坪坝区、九龙坡区、南岸区、北碚区、綦江区、"
        "大足区、渝北区、巴南区、长寿区、江津区、合川区、永川区、南川区、璧山区、铜梁区、潼南区、荣昌区、"
        "开州区、梁平区、武隆区、城口县、丰都县、垫江县、忠县、云阳县、奉节县、巫山县、巫溪县、"
        "石柱土家族自治县、秀山土家族苗族自治县、酉阳土家族苗族自治县、彭水苗族土家族自治县";
    mentions_rules *r = load_repo_rules();
    CHECK(r != NULL);
    mention *m;
    size_t n;
    CHECK_INT(mentions_extract(r, NULL, all, &m, &n), 0);
    CHECK_INT(n, 38);
    CHECK_INT(count_kind(m, n, "place"), 38);
    CHECK_STR(m[0].value, "万州区");
    CHECK_STR(m[37].value, "彭水苗族土家族自治县");
    for (size_t i = 0; i < n; i++) CHECK_INT(m[i].count, 1);
    mentions_free(m, n);
    mentions_rules_destroy(r);
}

TEST(places_count_once_per_mention)
{
    mentions_rules *r = load_repo_rules();
    CHECK(r != NULL);
    mention *m;
    size_t n;
    /* 开州区 is one mention, never also 开州; 黔江区总工会 holds a place;
     * 石柱县 is the short form of 石柱土家族自治县; 南川 alone is no place. */
    CHECK_INT(mentions_extract(r, "开州区总工会召开会议",
                               "开州区、黔江区总工会和黔江区职工代表,石柱县与石柱土家族自治县,国网重庆南川供电公司。",
                               &m, &n), 0);
    const mention *p = find(m, n, "place", "开州区");
    CHECK(p && p->count == 2);
    CHECK(find(m, n, "place", "开州") == NULL);
    p = find(m, n, "place", "黔江区");
    CHECK(p && p->count == 2);
    p = find(m, n, "place", "石柱土家族自治县");
    CHECK(p && p->count == 2);
    CHECK(find(m, n, "place", "石柱县") == NULL);
    CHECK(find(m, n, "place", "南川区") == NULL);
    CHECK_INT(count_kind(m, n, "place"), 3);
    /* First appearance order: the title comes first, a place before the union it names. */
    CHECK_STR(m[0].kind, "place");
    CHECK_STR(m[0].value, "开州区");
    CHECK_STR(m[1].kind, "org");
    CHECK_STR(m[1].value, "开州区总工会");
    CHECK_STR(m[1].district, "开州区");
    mentions_free(m, n);
    mentions_rules_destroy(r);
}

TEST(orgs_with_their_districts_and_no_generic_groups)
{
    mentions_rules *r = load_repo_rules();
    CHECK(r != NULL);
    mention *m;
    size_t n;
    CHECK_INT(mentions_extract(r, NULL,
        "重庆市总工会、黔江区总工会、重庆市黔江区总工会和重庆正阳新材料有限公司工会参加。市总工会要求全市各级工会、"
        "各级工会、基层工会、各市级产业工会、重庆市各级工会和中国工会十八大代表,结合重庆邮政工会实际,"
        "处处感受到工会“娘家人”的温暖,积极加入工会。按照全国总工会要求,奉节县永安街道工会副主席发言,"
        "新时代工会工作,城口县等地总工会,彭水县某某镇工会委员会。重庆和平药房连锁有限责任公司工会"
        "和涪陵区总工会,黔江区和涪陵区总工会。",
        &m, &n), 0);
    const mention *o = find(m, n, "org", "重庆市总工会");
    CHECK(o && o->count == 2);   /* once by name, once as 市总工会 */
    CHECK(o->district == NULL);
    o = find(m, n, "org", "黔江区总工会");
    CHECK(o && o->count == 1);
    CHECK_STR(o->district, "黔江区");
    o = find(m, n, "org", "重庆市黔江区总工会");
    CHECK(o && o->district && strcmp(o->district, "黔江区") == 0);
    o = find(m, n, "org", "重庆正阳新材料有限公司工会");
    CHECK(o && o->district == NULL);
    CHECK(find(m, n, "org", "重庆邮政工会") != NULL);
    CHECK(find(m, n, "org", "中华全国总工会") != NULL);
    o = find(m, n, "org", "奉节县永安街道工会");
    CHECK(o && o->district && strcmp(o->district, "奉节县") == 0);
    o = find(m, n, "org", "彭水县某某镇工会委员会");
    CHECK(o && o->district && strcmp(o->district, "彭水苗族土家族自治县") == 0);
    /* 和 inside a name ("和平") is no boundary; between two places it is. */
    CHECK(find(m, n, "org", "重庆和平药房连锁有限责任公司工会") != NULL);
    o = find(m, n, "org", "涪陵区总工会");
    CHECK(o && o->count == 2);
    CHECK_INT(count_kind(m, n, "org"), 10);
    for (size_t i = 0; i < n; i++)
        if (strcmp(m[i].kind, "org") == 0)
            CHECK(!strstr(m[i].value, "各级") && !strstr(m[i].value, "基层") && strcmp(m[i].value, "中国工会") &&
                  !strstr(m[i].value, "等地") && !strstr(m[i].value, "新时代") && strcmp(m[i].value, "工会"));
    mentions_free(m, n);
    mentions_rules_destroy(r);
}

TEST(terms_are_short_quoted_names)
{
    mentions_rules *r = load_repo_rules();
    CHECK(r != NULL);
    mention *m;
    size_t n;
    CHECK_INT(mentions_extract(r, "实施“五大行动”",
        "办好“十件实事”,建设“五型工会”,打造“33618”集群,再说“五大行动”。"
        "“习近平总书记指出,工会作为职工利益的代表者和维护者。”"
        "“这一段引语虽然没有标点但是远远超过了二十个字的长度限制”。"
        "“好”字太短。“没有收尾的引号",
        &m, &n), 0);
    CHECK_INT(count_kind(m, n, "term"), 4);
    const mention *t = find(m, n, "term", "五大行动");
    CHECK(t && t->count == 2);
    CHECK(t == &m[0]);
    CHECK(find(m, n, "term", "十件实事") != NULL);
    CHECK(find(m, n, "term", "五型工会") != NULL);
    CHECK(find(m, n, "term", "33618") != NULL);
    CHECK(t->district == NULL);
    mentions_free(m, n);
    /* Nothing to find, and NULL parts. */
    CHECK_INT(mentions_extract(r, NULL, NULL, &m, &n), 0);
    CHECK_INT(n, 0);
    mentions_free(m, n);
    CHECK_INT(mentions_extract(r, "", "工会", &m, &n), 0);
    CHECK_INT(n, 0);
    mentions_free(m, n);
    mentions_free(NULL, 0);
    mentions_rules_destroy(r);
}

TEST(seed_places_orgs_and_terms)
{
    FILE *f = fopen(SEED, "rb");
    if (!f) f = fopen("/work/shared/seeds/000_2f3945eb508711e7.txt", "rb");   /* a checkout not beside ../shared */
    if (!f) { harness_skip("seed bulletin " SEED " not found"); return; }
    sbuf raw = SBUF_INIT;
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) sbuf_append(&raw, chunk, got);
    fclose(f);
    ingest_bulletin *b;
    char err[256];
    int rc = ingest_parse((const unsigned char *)raw.data, raw.len, NULL, &b, err, sizeof err);
    sbuf_free(&raw);
    CHECK_INT(rc, INGEST_OK);
    mentions_rules *r = load_repo_rules();
    CHECK(r != NULL);

    sbuf places = SBUF_INIT, terms = SBUF_INIT, orgs = SBUF_INIT;
    for (size_t i = 0; i < b->article_count; i++) {
        sbuf body = SBUF_INIT;
        for (size_t k = 0; k < b->articles[i].paragraph_count; k++) {
            if (k) sbuf_putc(&body, '\n');
            sbuf_puts(&body, b->articles[i].paragraphs[k]);
        }
        mention *m;
        size_t n;
        CHECK_INT(mentions_extract(r, b->articles[i].title, body.data, &m, &n), 0);
        sbuf_free(&body);
        for (size_t k = 0; k < n; k++) {
            sbuf *dst = m[k].kind[0] == 'p' ? &places : m[k].kind[0] == 't' ? &terms : &orgs;
            sbuf_printf(dst, "|%s", m[k].value);
        }
        mentions_free(m, n);
    }
    /* Every place named in the seed, across its three articles, in order. */
    CHECK_STR(places.data, "|黔江区|涪陵区|九龙坡区|南岸区|永川区|开州区|城口县|奉节县|荣昌区|开州区|巴南区");
    CHECK(strstr(terms.data, "|五大行动") && strstr(terms.data, "|十件实事") && strstr(terms.data, "|五型工会") &&
          strstr(terms.data, "|一号工程") && strstr(terms.data, "|33618"));
    CHECK(!strstr(terms.data, "习近平总书记指出"));
    CHECK_STR(orgs.data, "|中华全国总工会|重庆市总工会|黔江区总工会|重庆正阳新材料有限公司工会|奉节县永安街道工会"
                         "|重庆市总工会|中华全国总工会"
                         "|开州区总工会|巴南区总工会|重庆市总工会|重庆市邮政工会|重庆邮政工会");
    sbuf_free(&places);
    sbuf_free(&terms);
    sbuf_free(&orgs);
    mentions_rules_destroy(r);
    ingest_bulletin_destroy(b);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) { fputs(text, f); fclose(f); }
}

TEST(rules_are_data_and_errors_name_file_and_line)
{
    char dir[] = "/tmp/brief-mentions-XXXXXX", path[256], err[512];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/places.txt", dir);
    write_text(path, "\xEF\xBB\xBF# two places, saved by an editor that adds a BOM and CRLF\r\n黔江区 黔江\r\n开州区\r\n");
    snprintf(path, sizeof path, "%s/orgs.txt", dir);
    write_text(path, "\xEF\xBB\xBFsuffix 工会\nanchor 重庆\nboundary 的\nalias 正阳工会 重庆正阳新材料有限公司工会\n");
    mentions_rules *r = mentions_rules_load(dir, err, sizeof err);   /* terms.txt may be absent */
    CHECK(r != NULL);
    mention *m;
    size_t n;
    CHECK_INT(mentions_extract(r, NULL, "黔江的正阳工会说“新词”。", &m, &n), 0);
    CHECK_INT(n, 3);
    CHECK_STR(m[0].value, "黔江区");
    CHECK_STR(m[1].value, "重庆正阳新材料有限公司工会");
    CHECK_STR(m[2].value, "新词");
    mentions_free(m, n);
    mentions_rules_destroy(r);

    write_text(path, "suffix 工会\n\nanchors 重庆\n");
    r = mentions_rules_load(dir, err, sizeof err);
    CHECK(r == NULL);
    CHECK(strstr(err, "/orgs.txt:3: unknown directive \"anchors\"") != NULL);
    write_text(path, "max_chars lots\n");
    r = mentions_rules_load(dir, err, sizeof err);
    CHECK(r == NULL);
    CHECK(strstr(err, "/orgs.txt:1: max_chars") != NULL);
    write_text(path, "anchor 重庆\n");
    r = mentions_rules_load(dir, err, sizeof err);
    CHECK(r == NULL);
    CHECK(strstr(err, "orgs.txt: no suffix") != NULL);
    unlink(path);
    r = mentions_rules_load(dir, err, sizeof err);
    CHECK(r == NULL);
    CHECK(strstr(err, "/orgs.txt: No such file") != NULL);
    snprintf(path, sizeof path, "%s/places.txt", dir);
    unlink(path);
    rmdir(dir);
    r = mentions_rules_load(dir, err, sizeof err);
    CHECK(r == NULL);
    CHECK(strstr(err, "places.txt") != NULL);
    mentions_rules_destroy(NULL);
}


TEST(regions_and_folded_rules)
{
    mentions_rules *r = load_repo_rules();
    char err[128];
    fold_map *fm = fold_map_load(err, sizeof err);
    CHECK(r != NULL && fm != NULL);
    mentions_rules_fold(r, fm);
    mention *m;
    size_t n;
    /* the region of a text: the first whose words it holds */
    const char *cq = "九龙坡区总工会召开会议", *hz = "杭州市总工会召开会议";
    int chongqing = mentions_region_named(r, "重庆");
    CHECK(chongqing >= 0);
    CHECK_INT(mentions_region_find(r, cq, strlen(cq)), chongqing);
    CHECK_INT(mentions_region_find(r, hz, strlen(hz)), MENTIONS_NO_REGION);
    /* 市总工会 is 重庆市总工会 in Chongqing only */
    const char *body = "市总工会主要负责人出席。";
    CHECK_INT(mentions_extract_in(r, chongqing, NULL, body, &m, &n), 0);
    CHECK(find(m, n, "org", "重庆市总工会") != NULL);
    mentions_free(m, n);
    CHECK_INT(mentions_extract_in(r, MENTIONS_NO_REGION, NULL, body, &m, &n), 0);
    CHECK_INT(count_kind(m, n, "org"), 0);
    mentions_free(m, n);
    /* folded text: traditional names are found, in simplified script */
    char trad[] = "重慶市總工會在渝中區召開「五型工會」推進會。";
    fold_text(fm, trad, strlen(trad), trad);
    CHECK_INT(mentions_extract_in(r, chongqing, NULL, trad, &m, &n), 0);
    CHECK(find(m, n, "org", "重庆市总工会") != NULL);
    CHECK(find(m, n, "place", "渝中区") != NULL);
    CHECK(find(m, n, "term", "五型工会") != NULL);
    mentions_free(m, n);
    /* a profile's region and aliases, added after loading (and folded) */
    int mine = mentions_rules_add_region(r, "profile:test", -1);
    CHECK(mine >= 0);
    CHECK_INT(mentions_rules_add_region(r, "profile:test", -1), mine);
    CHECK_INT(mentions_rules_add_region(r, "profile:bad", 1000), -1);
    CHECK_INT(mentions_rules_add_alias(r, "市總工會", "杭州市总工会", mine), 0);
    CHECK_INT(mentions_rules_add_alias(r, "", "x", mine), -1);
    CHECK_INT(mentions_extract_in(r, mine, NULL, body, &m, &n), 0);
    CHECK(find(m, n, "org", "杭州市总工会") != NULL);
    CHECK(find(m, n, "org", "重庆市总工会") == NULL);
    mentions_free(m, n);
    /* a profile's region under 重庆: its own aliases first, then 重庆's */
    int sub = mentions_rules_add_region(r, "profile:sub", chongqing);
    CHECK(sub >= 0);
    CHECK_INT(mentions_rules_add_alias(r, "区总工会", "渝中区总工会", sub), 0);
    const char *both = "区总工会与市总工会联合开展送清凉活动。";
    CHECK_INT(mentions_extract_in(r, sub, NULL, both, &m, &n), 0);
    CHECK(find(m, n, "org", "渝中区总工会") != NULL);
    CHECK(find(m, n, "org", "重庆市总工会") != NULL);
    mentions_free(m, n);
    CHECK_INT(mentions_extract_in(r, chongqing, NULL, both, &m, &n), 0);
    CHECK(find(m, n, "org", "渝中区总工会") == NULL);
    CHECK(find(m, n, "org", "重庆市总工会") != NULL);
    mentions_free(m, n);
    mentions_rules_destroy(r);
    fold_map_destroy(fm);
}

int main(void)
{
    RUN(regions_and_folded_rules);
    RUN(all_38_districts_and_counties);
    RUN(places_count_once_per_mention);
    RUN(orgs_with_their_districts_and_no_generic_groups);
    RUN(terms_are_short_quoted_names);
    RUN(seed_places_orgs_and_terms);
    RUN(rules_are_data_and_errors_name_file_and_line);
    return harness_done();
}
