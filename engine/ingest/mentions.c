/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mentions.c — places, trade-union names and quoted terms in an article,
 * found by the rules of the files in data/mentions/ (contract in mentions.h, formats
 * in docs/mentions.md). Matching walks the text once for all kinds; dictionary
 * words are looked up by their first code point: a bitmap of first code
 * points turns away almost every position at once, and only the rest pay a
 * binary search (bench/README.md, ingest). */
#include "ingest/mentions.h"
#include "util/fold.h"
#include "util/sbuf.h"
#include "util/chars.h"
#include "util/utf8.h"
#include "util/vec.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SET_ERR(...) do { if (errlen) snprintf(err, errlen, __VA_ARGS__); } while (0)

/* One dictionary word: its text, the code point it starts with, and what it
 * stands for (a place's index, an alias's full name). */
typedef struct word {
    char *text;
    size_t len;
    uint32_t first;
    size_t target;      /* places: index into places[]; aliases: index into alias_full[] */
} word;

/* Bits of the first code points of a list's words, by the code point's low
 * 16 bits: a clear bit means no word starts with that character. 8 KB a
 * list, and ingest asks it at nearly every character of every article. */
#define FIRST_BITS_WORDS (65536 / 64)

typedef struct wordlist {
    word *v;
    size_t n, cap;
    uint64_t first_bits[FIRST_BITS_WORDS];
} wordlist;

typedef struct quote_pair { uint32_t open, close; } quote_pair;

struct mentions_rules {
    char **places;          /* canonical names, in file order */
    size_t nplaces, capplaces;
    wordlist place_words;   /* full names and short forms → place index */
    wordlist suffixes, anchors, markers, boundaries, soft_boundaries, stops, stop_prefixes, stop_infixes;
    wordlist aliases;       /* short form → alias_full[target] */
    char **alias_full;
    int *alias_region;      /* per alias_full: the region it holds in, or -1 for everywhere */
    size_t cap_alias_region;
    size_t nalias_full, capalias_full;
    char **regions;         /* region names, in file order */
    int *region_parent;     /* per region: the region whose aliases it inherits, or -1 */
    wordlist *region_words; /* per region: the words that mark a bulletin as its own */
    size_t nregions, cap_regions, cap_region_words, cap_region_parent;
    const fold_map *fold;   /* what the words were folded with (mentions_rules_fold), or NULL */
    size_t org_max_chars;
    wordlist term_ignores;
    quote_pair *quotes;
    size_t nquotes, capquotes;
    size_t term_min_chars, term_max_chars;
    /* First code points of places, organisation suffixes and opening
     * quotes together: most characters start none, and one test says so. */
    uint64_t any_first[FIRST_BITS_WORDS];
};

/* ---- word lists --------------------------------------------------------------- */

static int wordlist_add(wordlist *l, const char *s, size_t len, size_t target)
{
    if (VEC_RESERVE(l->v, l->cap, l->n + 1) != 0) return -1;
    word *w = &l->v[l->n];
    w->text = malloc(len + 1);
    if (!w->text) return -1;
    memcpy(w->text, s, len);
    w->text[len] = '\0';
    w->len = len;
    utf8_decode(s, len, &w->first);
    w->target = target;
    l->n++;
    return 0;
}

static void wordlist_free(wordlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i].text);
    free(l->v);
}

/* Sorted by first code point, longer words first, so the longest match at a
 * position is the first that matches ("开州区" before any "开州"). */
static int cmp_word(const void *a, const void *b)
{
    const word *x = a, *y = b;
    if (x->first != y->first) return x->first < y->first ? -1 : 1;
    if (x->len != y->len) return x->len > y->len ? -1 : 1;
    return strcmp(x->text, y->text);
}

static void wordlist_sort(wordlist *l)
{
    if (l->n) qsort(l->v, l->n, sizeof *l->v, cmp_word);
    memset(l->first_bits, 0, sizeof l->first_bits);
    for (size_t i = 0; i < l->n; i++)
        l->first_bits[(l->v[i].first & 0xFFFF) / 64] |= (uint64_t)1 << (l->v[i].first % 64);
}

/* The longest word of l that starts with code point cp at s[0..len). */
static const word *wordlist_search(const wordlist *l, uint32_t cp, const char *s, size_t len)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {   /* the first word whose first code point is >= cp */
        size_t mid = (lo + hi) / 2;
        if (l->v[mid].first < cp) lo = mid + 1; else hi = mid;
    }
    for (; lo < l->n && l->v[lo].first == cp; lo++)
        if (l->v[lo].len <= len && memcmp(l->v[lo].text, s, l->v[lo].len) == 0) return &l->v[lo];
    return NULL;
}

/* wordlist_match for a caller that has decoded s's first code point, cp. */
static inline const word *wordlist_match_cp(const wordlist *l, uint32_t cp, const char *s, size_t len)
{
    if (!len || !l->n) return NULL;
    if (!(l->first_bits[(cp & 0xFFFF) / 64] & ((uint64_t)1 << (cp % 64)))) return NULL;
    return wordlist_search(l, cp, s, len);
}

/* The longest word of l that s[0..len) starts with, or NULL. Inline: the
 * bitmap answers "none" here for nearly every position of a text. */
static inline const word *wordlist_match(const wordlist *l, const char *s, size_t len)
{
    uint32_t cp;
    if (!len || !l->n) return NULL;
    utf8_decode_fast(s, len, &cp);
    return wordlist_match_cp(l, cp, s, len);
}

static const word *wordlist_exact(const wordlist *l, const char *s, size_t len)
{
    const word *w = wordlist_match(l, s, len);
    if (w && w->len == len) return w;
    /* A longer word with the same start may hide a shorter exact one. */
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].len == len && memcmp(l->v[i].text, s, len) == 0) return &l->v[i];
    return NULL;
}

static int wordlist_contains(const wordlist *l, const char *s, size_t len)
{
    for (size_t pos = 0; pos < len; ) {
        uint32_t cp;
        if (wordlist_match(l, s + pos, len - pos)) return 1;
        pos += utf8_decode_fast(s + pos, len - pos, &cp);
    }
    return 0;
}

static int strs_push(char ***v, size_t *n, size_t *cap, const char *s, size_t len)
{
    if (VEC_RESERVE(*v, *cap, *n + 1) != 0) return -1;
    char *c = malloc(len + 1);
    if (!c) return -1;
    memcpy(c, s, len);
    c[len] = '\0';
    (*v)[(*n)++] = c;
    return 0;
}

/* ---- loading ------------------------------------------------------------------- */

void mentions_rules_destroy(mentions_rules *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nplaces; i++) free(r->places[i]);
    free(r->places);
    for (size_t i = 0; i < r->nalias_full; i++) free(r->alias_full[i]);
    free(r->alias_full);
    free(r->alias_region);
    for (size_t i = 0; i < r->nregions; i++) {
        free(r->regions[i]);
        wordlist_free(&r->region_words[i]);
    }
    free(r->regions);
    free(r->region_words);
    free(r->region_parent);
    wordlist_free(&r->place_words);
    wordlist_free(&r->suffixes);
    wordlist_free(&r->anchors);
    wordlist_free(&r->markers);
    wordlist_free(&r->boundaries);
    wordlist_free(&r->soft_boundaries);
    wordlist_free(&r->stops);
    wordlist_free(&r->stop_prefixes);
    wordlist_free(&r->stop_infixes);
    wordlist_free(&r->aliases);
    wordlist_free(&r->term_ignores);
    free(r->quotes);
    free(r);
}

/* Splits a line into at most max fields at ASCII blanks (and U+3000);
 * returns the field count, or max + 1 when there are more. '#' starts a
 * comment. */
static size_t split_fields(char *s, char **f, size_t max)
{
    size_t n = 0;
    char *hash = strchr(s, '#');
    if (hash) *hash = '\0';
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' ||
               ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)) {
            if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') *s++ = '\0';
            else { s[0] = s[1] = s[2] = '\0'; s += 3; }
        }
        if (!*s) return n;
        if (n == max) return max + 1;
        f[n++] = s;
        while (*s && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n' &&
               !((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80))
            s++;
    }
}

typedef int (*line_fn)(mentions_rules *r, char **f, size_t nf, char *msg, size_t msglen);

static int load_file(mentions_rules *r, const char *dir, const char *name, line_fn fn, int required,
                     char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (!required && errno == ENOENT) return 0;
        SET_ERR("%s: %s", path, strerror(errno));
        return -1;
    }
    char buf[4096];
    size_t lineno = 0;
    while (fgets(buf, sizeof buf, fp)) {
        lineno++;
        size_t blen = strlen(buf);
        if (blen == sizeof buf - 1 && buf[blen - 1] != '\n') {
            SET_ERR("%s:%zu: line too long", path, lineno);
            fclose(fp);
            return -1;
        }
        if (!utf8_valid(buf, blen)) {
            SET_ERR("%s:%zu: not valid UTF-8", path, lineno);
            fclose(fp);
            return -1;
        }
        char *f[8], *line = buf;
        if (lineno == 1 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
            (unsigned char)buf[2] == 0xBF)
            line += 3;   /* the BOM an editor on Windows writes */
        size_t nf = split_fields(line, f, 7);
        if (nf == 0) continue;
        char msg[200] = "";
        int rc = nf > 7 ? (snprintf(msg, sizeof msg, "too many fields"), -1) : fn(r, f, nf, msg, sizeof msg);
        if (rc < 0) {
            SET_ERR("%s:%zu: %s", path, lineno, msg[0] ? msg : "out of memory");
            fclose(fp);
            return -1;
        }
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) { SET_ERR("%s: read error", path); return -1; }
    return 0;
}

static int places_line(mentions_rules *r, char **f, size_t nf, char *msg, size_t msglen)
{
    (void)msg; (void)msglen;
    size_t idx = r->nplaces;
    if (strs_push(&r->places, &r->nplaces, &r->capplaces, f[0], strlen(f[0])) < 0) return -1;
    for (size_t i = 0; i < nf; i++)
        if (wordlist_add(&r->place_words, f[i], strlen(f[i]), idx) < 0) return -1;
    return 0;
}

static int parse_count(const char *s, size_t *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 1 || v > 1000) return -1;
    *out = (size_t)v;
    return 0;
}

/* An alias SHORT → FULL, in region (or -1: everywhere). */
static int alias_add(mentions_rules *r, const char *shortname, const char *full, int region)
{
    size_t idx = r->nalias_full;
    if (strs_push(&r->alias_full, &r->nalias_full, &r->capalias_full, full, strlen(full)) < 0) return -1;
    if (VEC_RESERVE(r->alias_region, r->cap_alias_region, idx + 1) != 0) return -1;
    r->alias_region[idx] = region;
    return wordlist_add(&r->aliases, shortname, strlen(shortname), idx);
}

int mentions_rules_add_region(mentions_rules *r, const char *name, int parent)
{
    int idx = mentions_region_named(r, name);
    if (idx >= 0) return idx;
    if (parent >= (int)r->nregions) return -1;
    if (VEC_RESERVE(r->regions, r->cap_regions, r->nregions + 1) != 0 ||
        VEC_RESERVE(r->region_words, r->cap_region_words, r->nregions + 1) != 0 ||
        VEC_RESERVE(r->region_parent, r->cap_region_parent, r->nregions + 1) != 0)
        return -1;
    memset(&r->region_words[r->nregions], 0, sizeof r->region_words[0]);
    r->region_parent[r->nregions] = parent < 0 ? -1 : parent;
    r->regions[r->nregions] = strdup(name);
    if (!r->regions[r->nregions]) return -1;
    return (int)r->nregions++;
}

int mentions_rules_add_alias(mentions_rules *r, const char *shortname, const char *full, int region)
{
    if (!r || !shortname || !full || !*shortname || !*full || region >= (int)r->nregions) return -1;
    size_t first_new = r->nalias_full;
    if (alias_add(r, shortname, full, region) < 0) return -1;
    if (r->fold) {
        /* rules folded already: the new words too */
        fold_text(r->fold, r->alias_full[first_new], strlen(r->alias_full[first_new]), r->alias_full[first_new]);
        word *w = &r->aliases.v[r->aliases.n - 1];
        fold_text(r->fold, w->text, w->len, w->text);
        utf8_decode(w->text, w->len, &w->first);
    }
    wordlist_sort(&r->aliases);
    return 0;
}

static int orgs_line(mentions_rules *r, char **f, size_t nf, char *msg, size_t msglen)
{
    static const struct { const char *name; size_t off; } lists[] = {
        {"suffix", offsetof(mentions_rules, suffixes)},
        {"anchor", offsetof(mentions_rules, anchors)},
        {"marker", offsetof(mentions_rules, markers)},
        {"boundary", offsetof(mentions_rules, boundaries)},
        {"soft_boundary", offsetof(mentions_rules, soft_boundaries)},
        {"stop", offsetof(mentions_rules, stops)},
        {"stop_prefix", offsetof(mentions_rules, stop_prefixes)},
        {"stop_infix", offsetof(mentions_rules, stop_infixes)},
    };
    if (strcmp(f[0], "max_chars") == 0) {
        if (nf != 2 || parse_count(f[1], &r->org_max_chars) < 0) {
            snprintf(msg, msglen, "max_chars wants a number from 1 to 1000");
            return -1;
        }
        return 0;
    }
    if (strcmp(f[0], "region") == 0) {
        /* region NAME WORD...: a bulletin whose text holds a WORD is of the
         * region; @places stands for every place of places.txt. */
        if (nf < 3) { snprintf(msg, msglen, "region wants a name and the words that mark it"); return -1; }
        if (mentions_region_named(r, f[1]) >= 0) {
            snprintf(msg, msglen, "region \"%s\" is defined twice", f[1]);
            return -1;
        }
        int idx = mentions_rules_add_region(r, f[1], -1);
        if (idx < 0) return -1;
        wordlist *w = &r->region_words[idx];
        for (size_t i = 2; i < nf; i++) {
            if (strcmp(f[i], "@places") == 0) {
                for (size_t k = 0; k < r->place_words.n; k++)
                    if (wordlist_add(w, r->place_words.v[k].text, r->place_words.v[k].len, 0) < 0) return -1;
            } else if (wordlist_add(w, f[i], strlen(f[i]), 0) < 0) {
                return -1;
            }
        }
        return 0;
    }
    if (strcmp(f[0], "alias") == 0) {
        if (nf != 3 && nf != 4) {
            snprintf(msg, msglen, "alias wants a short form, a full name and optionally a region");
            return -1;
        }
        int region = -1;
        if (nf == 4) {
            for (size_t i = 0; i < r->nregions; i++)
                if (strcmp(r->regions[i], f[3]) == 0) region = (int)i;
            if (region < 0) {
                snprintf(msg, msglen, "alias: no region \"%s\" (define it with a region line first)", f[3]);
                return -1;
            }
        }
        return alias_add(r, f[1], f[2], region);
    }
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        if (strcmp(f[0], lists[i].name) != 0) continue;
        if (nf != 2) { snprintf(msg, msglen, "%s wants one word", lists[i].name); return -1; }
        return wordlist_add((wordlist *)((char *)r + lists[i].off), f[1], strlen(f[1]), 0);
    }
    snprintf(msg, msglen, "unknown directive \"%s\"", f[0]);
    return -1;
}

static int terms_line(mentions_rules *r, char **f, size_t nf, char *msg, size_t msglen)
{
    if (strcmp(f[0], "min_chars") == 0 || strcmp(f[0], "max_chars") == 0) {
        size_t *dst = f[0][1] == 'i' ? &r->term_min_chars : &r->term_max_chars;
        if (nf != 2 || parse_count(f[1], dst) < 0) {
            snprintf(msg, msglen, "%s wants a number from 1 to 1000", f[0]);
            return -1;
        }
        return 0;
    }
    if (strcmp(f[0], "quote") == 0) {
        uint32_t open, close;
        if (nf != 3 || utf8_decode_fast(f[1], strlen(f[1]), &open) != strlen(f[1]) ||
            utf8_decode_fast(f[2], strlen(f[2]), &close) != strlen(f[2])) {
            snprintf(msg, msglen, "quote wants an opening and a closing mark, one character each");
            return -1;
        }
        if (VEC_RESERVE(r->quotes, r->capquotes, r->nquotes + 1) != 0) return -1;
        r->quotes[r->nquotes].open = open;
        r->quotes[r->nquotes].close = close;
        r->nquotes++;
        return 0;
    }
    if (strcmp(f[0], "ignore") == 0) {
        if (nf != 2) { snprintf(msg, msglen, "ignore wants one word"); return -1; }
        return wordlist_add(&r->term_ignores, f[1], strlen(f[1]), 0);
    }
    snprintf(msg, msglen, "unknown directive \"%s\"", f[0]);
    return -1;
}

mentions_rules *mentions_rules_load(const char *dir, char *err, size_t errlen)
{
    mentions_rules *r = calloc(1, sizeof *r);
    if (!r) { SET_ERR("out of memory"); return NULL; }
    r->org_max_chars = 30;
    r->term_min_chars = 2;
    r->term_max_chars = 20;
    if (load_file(r, dir, "places.txt", places_line, 1, err, errlen) < 0 ||
        load_file(r, dir, "orgs.txt", orgs_line, 1, err, errlen) < 0 ||
        load_file(r, dir, "terms.txt", terms_line, 0, err, errlen) < 0) {
        mentions_rules_destroy(r);
        return NULL;
    }
    if (r->nplaces == 0) {
        SET_ERR("%s/places.txt: no place listed", dir);
        mentions_rules_destroy(r);
        return NULL;
    }
    if (r->suffixes.n == 0) {
        SET_ERR("%s/orgs.txt: no suffix listed", dir);
        mentions_rules_destroy(r);
        return NULL;
    }
    if (r->nquotes == 0) {   /* terms.txt absent or silent: Chinese quotation marks */
        r->quotes = malloc(sizeof *r->quotes);
        if (!r->quotes) { SET_ERR("out of memory"); mentions_rules_destroy(r); return NULL; }
        r->quotes[0].open = 0x201C;
        r->quotes[0].close = 0x201D;
        r->nquotes = r->capquotes = 1;
    }
    if (r->term_min_chars > r->term_max_chars) {
        SET_ERR("%s/terms.txt: min_chars is above max_chars", dir);
        mentions_rules_destroy(r);
        return NULL;
    }
    wordlist_sort(&r->place_words);
    wordlist_sort(&r->suffixes);
    wordlist_sort(&r->anchors);
    wordlist_sort(&r->markers);
    wordlist_sort(&r->boundaries);
    wordlist_sort(&r->soft_boundaries);
    wordlist_sort(&r->stops);
    wordlist_sort(&r->stop_prefixes);
    wordlist_sort(&r->stop_infixes);
    wordlist_sort(&r->aliases);
    wordlist_sort(&r->term_ignores);
    for (size_t i = 0; i < r->nregions; i++) wordlist_sort(&r->region_words[i]);
    for (size_t i = 0; i < FIRST_BITS_WORDS; i++)
        r->any_first[i] = r->place_words.first_bits[i] | r->suffixes.first_bits[i];
    for (size_t q = 0; q < r->nquotes; q++)
        r->any_first[(r->quotes[q].open & 0xFFFF) / 64] |= (uint64_t)1 << (r->quotes[q].open % 64);
    return r;
}

/* ---- extraction ------------------------------------------------------------------ */

typedef struct hit {
    const char *kind;
    char *value;
    char *district;
    size_t pos;          /* offset in title, then body, for the order of first appearance */
} hit;

typedef struct hits {
    hit *v;
    size_t n, cap;
} hits;

static int hits_add(hits *h, const char *kind, const char *value, size_t len, const char *district,
                    size_t pos)
{
    if (VEC_RESERVE(h->v, h->cap, h->n + 1) != 0) return -1;
    hit *x = &h->v[h->n];
    x->kind = kind;
    x->pos = pos;
    x->value = malloc(len + 1);
    x->district = district ? strdup(district) : NULL;
    if (!x->value || (district && !x->district)) { free(x->value); free(x->district); return -1; }
    memcpy(x->value, value, len);
    x->value[len] = '\0';
    h->n++;
    return 0;
}

/* A quoted term ends at a pause, a sentence end or an ellipsis (util/chars.h). */
static int is_sentence_punct(uint32_t cp)
{
    return chars_is(cp, CHARS_PAUSE | CHARS_STOP | CHARS_ELLIPSIS);
}

/* Characters an organisation's name is made of: ideographs, letters, digits. */
static int is_name_char(uint32_t cp)
{
    return chars_is(cp, CHARS_IDEOGRAPH | CHARS_LATIN | CHARS_DIGIT);
}

/* Start of the code point that ends s[0..pos). */
static size_t prev_char(const char *s, size_t pos)
{
    size_t i = pos - 1;
    while (i > 0 && pos - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    return i;
}

/* A place at s[pos] (whose first code point is cp): added, and *next set
 * past it ("开州区" is one mention, whatever else it starts with). */
static int place_at(const mentions_rules *r, const char *s, size_t len, size_t pos, uint32_t cp, size_t base,
                    hits *h, size_t *next)
{
    const word *w = wordlist_match_cp(&r->place_words, cp, s + pos, len - pos);
    if (!w) return 0;
    const char *name = r->places[w->target];
    if (hits_add(h, "place", name, strlen(name), NULL, base + pos) < 0) return -1;
    *next = pos + w->len;
    return 0;
}

/* The district an organisation belongs to: the first place in its name. */
static const char *district_of(const mentions_rules *r, const char *name, size_t len)
{
    for (size_t pos = 0; pos < len; ) {
        const word *w = wordlist_match(&r->place_words, name + pos, len - pos);
        if (w) return r->places[w->target];
        uint32_t cp;
        pos += utf8_decode_fast(name + pos, len - pos, &cp);
    }
    return NULL;
}

/* How near region the alias of region in is: 0 for region itself, 1 for
 * its parent..., -1 when it does not hold there. */
static int region_distance(const mentions_rules *r, int region, int in)
{
    for (int d = 0; region >= 0 && d < (int)r->nregions; d++, region = r->region_parent[region])
        if (region == in) return d;
    return -1;
}

/* The alias spelt s[0..len) that holds in region: one of that region
 * first, else of its parent (a profile's region inherits its city's), else
 * one that holds everywhere. An alias of a region holds in that region's
 * bulletins only ("市总工会" is 重庆市总工会 in Chongqing, another city's
 * elsewhere). */
static const word *alias_for(const mentions_rules *r, int region, const char *s, size_t len)
{
    const wordlist *l = &r->aliases;
    const word *everywhere = NULL, *nearest = NULL;
    int nearest_d = -1;
    uint32_t cp;
    if (!len || !l->n) return NULL;
    utf8_decode_fast(s, len, &cp);
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->v[mid].first < cp) lo = mid + 1; else hi = mid;
    }
    for (; lo < l->n && l->v[lo].first == cp; lo++) {
        const word *w = &l->v[lo];
        if (w->len != len || memcmp(w->text, s, len) != 0) continue;
        int in = r->alias_region[w->target], d;
        if (region == MENTIONS_ANY_REGION || (in >= 0 && in == region)) return w;
        if (in < 0 && !everywhere) everywhere = w;
        else if (in >= 0 && (d = region_distance(r, region, in)) > 0 && (nearest_d < 0 || d < nearest_d)) {
            nearest = w;
            nearest_d = d;
        }
    }
    return nearest ? nearest : everywhere;
}

/* An organisation whose name ends in a suffix (工会…) at s[pos] (first code
 * point: first): added when the rules accept it, and *next set past the
 * suffix whether or not they do. */
static int org_at(const mentions_rules *r, int region, const char *s, size_t len, size_t pos, uint32_t first,
                  size_t base, hits *h, size_t *next)
{
    const word *suf = wordlist_match_cp(&r->suffixes, first, s + pos, len - pos);
    if (!suf) return 0;
    size_t suffix_at = pos, end = pos + suf->len, start = pos, chars = utf8_length(suf->text, suf->len);
    /* Grow leftwards over the characters a name is made of. */
    while (start > 0 && chars < r->org_max_chars) {
        size_t p = prev_char(s, start);
        uint32_t cp;
        utf8_decode_fast(s + p, start - p, &cp);
        if (!is_name_char(cp)) break;
        start = p;
        chars++;
    }
    /* Cut after the last boundary word before the suffix. */
    size_t cut = start;
    for (size_t q = start; q < suffix_at; ) {
        const word *b = wordlist_match(&r->boundaries, s + q, suffix_at - q);
        if (b) {
            cut = q + b->len;
        } else if ((b = wordlist_match(&r->soft_boundaries, s + q, suffix_at - q)) != NULL) {
            /* A soft boundary (和, 同…) also occurs inside names: "重庆和平药房".
             * It does not cut right after a lone anchor or place unless
             * another one follows it ("黔江区和涪陵区总工会"). */
            size_t after = q + b->len;
            const word *lone = wordlist_match(&r->anchors, s + cut, q - cut);
            const word *lone_place = wordlist_match(&r->place_words, s + cut, q - cut);
            int after_lone = (lone && lone->len == q - cut) || (lone_place && lone_place->len == q - cut);
            int named_next = wordlist_match(&r->anchors, s + after, end - after) ||
                             wordlist_match(&r->place_words, s + after, end - after);
            if (!after_lone || named_next) cut = after;
        }
        uint32_t cp;
        q += utf8_decode_fast(s + q, suffix_at - q, &cp);
    }
    /* A name that does not start with an anchor or a place but holds
     * one starts there: "切实增强做好重庆邮政工会" → "重庆邮政工会". */
    if (!wordlist_match(&r->anchors, s + cut, end - cut) && !wordlist_match(&r->place_words, s + cut, end - cut)) {
        for (size_t q = cut; q < suffix_at; ) {
            if (wordlist_match(&r->anchors, s + q, end - q) || wordlist_match(&r->place_words, s + q, end - q)) {
                cut = q;
                break;
            }
            uint32_t cp;
            q += utf8_decode_fast(s + q, suffix_at - q, &cp);
        }
    }
    const char *name = s + cut;
    size_t nlen = end - cut;
    *next = end;
    if (cut == suffix_at) return 0;   /* "工会" alone, or "加入工会" */
    const word *alias = alias_for(r, region, name, nlen);
    if (alias) {
        const char *full = r->alias_full[alias->target];
        size_t flen = strlen(full);
        return hits_add(h, "org", full, flen, district_of(r, full, flen), base + cut) < 0 ? -1 : 0;
    }
    if (wordlist_exact(&r->stops, name, nlen) || wordlist_match(&r->stop_prefixes, name, nlen) ||
        wordlist_contains(&r->stop_infixes, name, nlen))
        return 0;
    if (!wordlist_match(&r->anchors, name, nlen) && !wordlist_match(&r->place_words, name, nlen) &&
        !wordlist_contains(&r->markers, name, nlen - suf->len))
        return 0;
    return hits_add(h, "org", name, nlen, district_of(r, name, nlen), base + cut) < 0 ? -1 : 0;
}

/* A term opening at s[pos] (code point cp, n bytes): added when it closes
 * within the rules, and *next set to its closing mark. */
static int term_at(const mentions_rules *r, const char *s, size_t len, size_t pos, uint32_t cp, size_t n,
                   size_t base, hits *h, size_t *next)
{
    size_t q;
    for (q = 0; q < r->nquotes && r->quotes[q].open != cp; q++) {}
    if (q == r->nquotes) return 0;
    /* Up to the closing mark: a term has no sentence punctuation and no
     * other opening mark, and is at most max_chars long. */
    size_t start = pos + n, k = start, chars = 0;
    int ok = 0;
    while (k < len && chars <= r->term_max_chars) {
        uint32_t c;
        size_t m = utf8_decode_fast(s + k, len - k, &c);
        if (c == r->quotes[q].close) { ok = 1; break; }
        if (c == r->quotes[q].open || is_sentence_punct(c) || c == '\n') break;
        k += m;
        chars++;
    }
    if (!ok || chars < r->term_min_chars || chars > r->term_max_chars) return 0;
    if (wordlist_exact(&r->term_ignores, s + start, k - start)) return 0;
    if (hits_add(h, "term", s + start, k - start, NULL, base + start) < 0) return -1;
    *next = k;   /* the walk goes on from the closing mark */
    return 0;
}

/* One walk over s, each character decoded once, looking for the three kinds
 * at once. Each kind has its own resume position, as if it walked alone: a
 * place resumes after the place, an organisation after its suffix, a term
 * at its closing mark. */
static int scan(const mentions_rules *r, int region, const char *s, size_t len, size_t base, hits *h)
{
    size_t pos = 0, place_next = 0, org_next = 0, term_next = 0;
    while (pos < len) {
        uint32_t cp;
        size_t n = utf8_decode_fast(s + pos, len - pos, &cp);
        if (!(r->any_first[(cp & 0xFFFF) / 64] & ((uint64_t)1 << (cp % 64)))) {
            pos += n;
            continue;
        }
        if ((pos >= place_next && place_at(r, s, len, pos, cp, base, h, &place_next) < 0) ||
            (pos >= org_next && org_at(r, region, s, len, pos, cp, base, h, &org_next) < 0) ||
            (pos >= term_next && term_at(r, s, len, pos, cp, n, base, h, &term_next) < 0))
            return -1;
        pos += n;
    }
    return 0;
}

static int kind_rank(const char *kind)
{
    return kind[0] == 'p' ? 0 : kind[0] == 'o' ? 1 : 2;
}

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return kind_rank(x->kind) - kind_rank(y->kind);   /* "黔江区" before "黔江区总工会" */
}

void mentions_free(mention *list, size_t count)
{
    if (!list) return;
    for (size_t i = 0; i < count; i++) {
        free(list[i].value);
        free(list[i].district);
    }
    free(list);
}

int mentions_extract(const mentions_rules *rules, const char *title, const char *body,
                     mention **out, size_t *count)
{
    return mentions_extract_in(rules, MENTIONS_ANY_REGION, title, body, out, count);
}

int mentions_region_find(const mentions_rules *rules, const char *text, size_t len)
{
    for (size_t i = 0; rules && text && i < rules->nregions; i++)
        if (wordlist_contains(&rules->region_words[i], text, len)) return (int)i;
    return MENTIONS_NO_REGION;
}

const char *mentions_region_name(const mentions_rules *rules, int region)
{
    return rules && region >= 0 && (size_t)region < rules->nregions ? rules->regions[region] : "";
}

int mentions_region_named(const mentions_rules *rules, const char *name)
{
    for (size_t i = 0; rules && name && i < rules->nregions; i++)
        if (strcmp(rules->regions[i], name) == 0) return (int)i;
    return MENTIONS_NO_REGION;
}

/* Folds every word of a list (same lengths) and sorts it again. */
static void wordlist_fold(wordlist *l, const fold_map *map)
{
    for (size_t i = 0; i < l->n; i++) {
        fold_text(map, l->v[i].text, l->v[i].len, l->v[i].text);
        utf8_decode(l->v[i].text, l->v[i].len, &l->v[i].first);
    }
    wordlist_sort(l);
}

void mentions_rules_fold(mentions_rules *r, const fold_map *map)
{
    if (!r || !map || r->fold) return;
    r->fold = map;
    wordlist *lists[] = {&r->place_words, &r->suffixes, &r->anchors, &r->markers, &r->boundaries,
                         &r->soft_boundaries, &r->stops, &r->stop_prefixes, &r->stop_infixes, &r->aliases,
                         &r->term_ignores};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) wordlist_fold(lists[i], map);
    for (size_t i = 0; i < r->nregions; i++) wordlist_fold(&r->region_words[i], map);
    for (size_t i = 0; i < r->nplaces; i++) fold_text(map, r->places[i], strlen(r->places[i]), r->places[i]);
    for (size_t i = 0; i < r->nalias_full; i++)
        fold_text(map, r->alias_full[i], strlen(r->alias_full[i]), r->alias_full[i]);
    for (size_t i = 0; i < FIRST_BITS_WORDS; i++)
        r->any_first[i] = r->place_words.first_bits[i] | r->suffixes.first_bits[i];
    for (size_t q = 0; q < r->nquotes; q++) {
        r->quotes[q].open = fold_cp(map, r->quotes[q].open);
        r->quotes[q].close = fold_cp(map, r->quotes[q].close);
        r->any_first[(r->quotes[q].open & 0xFFFF) / 64] |= (uint64_t)1 << (r->quotes[q].open % 64);
    }
}

int mentions_extract_in(const mentions_rules *rules, int region, const char *title, const char *body,
                        mention **out, size_t *count)
{
    hits h = {NULL, 0, 0};
    const char *parts[2] = {title, body};
    size_t base = 0, i, k;
    *out = NULL;
    *count = 0;
    if (!rules) return -1;
    for (i = 0; i < 2; i++) {
        if (!parts[i]) continue;
        size_t len = strlen(parts[i]);
        if (scan(rules, region, parts[i], len, base, &h) < 0) goto nomem;
        base += len + 1;
    }
    if (h.n) qsort(h.v, h.n, sizeof *h.v, cmp_hit);
    /* One entry per kind + value, in order of first appearance. Distinct
     * values are few; a linear look-up keeps this simple. */
    mention *list = malloc((h.n ? h.n : 1) * sizeof *list);
    if (!list) goto nomem;
    size_t n = 0;
    for (i = 0; i < h.n; i++) {
        for (k = 0; k < n; k++)
            if (strcmp(list[k].kind, h.v[i].kind) == 0 && strcmp(list[k].value, h.v[i].value) == 0) break;
        if (k < n) {
            list[k].count++;
            free(h.v[i].value);
            free(h.v[i].district);
            continue;
        }
        list[n].kind = h.v[i].kind;
        list[n].value = h.v[i].value;
        list[n].district = h.v[i].district;
        list[n].count = 1;
        n++;
    }
    free(h.v);
    *out = list;
    *count = n;
    return 0;
nomem:
    for (i = 0; i < h.n; i++) { free(h.v[i].value); free(h.v[i].district); }
    free(h.v);
    return -1;
}
