/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fts_trigram.c — FTS5's trigram tokenizer, each character read once
 * (contract in fts_trigram.h).
 *
 * What the built-in does (SQLite 3.40, ext/fts5/fts5_tokenize.c): for each
 * character position, read three characters (READ_UTF8), fold each
 * (sqlite3Fts5UnicodeFold unless case_sensitive), write them to a buffer
 * (WRITE_UTF8) and hand the buffer to FTS5 as one token, starting at the
 * first character's byte offset and ending that many bytes further. A NUL
 * character ends the text. Fewer than three characters give no token.
 *
 * For a character of the fast set below, in its shortest UTF-8 form, reading
 * and writing give back its bytes, and folding changes nothing but ASCII
 * A-Z, which it lowers without changing the length: so each token is three
 * characters' bytes of the text itself (of a lowered copy when it holds
 * capitals), offsets unchanged. */
#include "store/fts_trigram.h"

#include <string.h>

#include "util/utf8.h"

/* The built-in tokenizer, found before ours replaces its name. */
typedef struct tri_module {
    fts5_tokenizer builtin;
    void *builtin_ctx;
} tri_module;

typedef struct tri_tok {
    const tri_module *mod;
    Fts5Tokenizer *builtin;  /* an instance of the built-in, for the slow path */
    int delegate;            /* declared with arguments: the built-in does all */
} tri_tok;

/* A character beyond ASCII that the fast path takes: its two- or three-byte
 * code point has no case folding in SQLite's tables (sqlite3Fts5UnicodeFold
 * covers Latin, Greek, Cyrillic, the letterlike symbols, circled and
 * full-width Latin letters and more, none of which is here). */
static int fast_char(unsigned cp)
{
    if (cp >= 0x3000)   /* CJK punctuation, kana, CJK ideographs; full-width forms but A-Z */
        return cp <= 0x9FFF || (cp >= 0xFF00 && cp <= 0xFFEF && !(cp >= 0xFF21 && cp <= 0xFF3A));
    return (cp >= 0x2000 && cp <= 0x206F)   /* general punctuation: “ ” … — */
           || cp == 0xB7 || cp == 0xD7 || cp == 0xF7;   /* · × ÷ */
}

/* Checks that text[0..n) is all fast-path characters, well formed, and no
 * NUL; *capitals is set when it holds ASCII A-Z. 1 if so, else 0. Invalid
 * and overlong forms decode as U+FFFD (utf8.h), which is not in the set. */
static int fast_text(const char *s, int n, int *capitals)
{
    int i = 0, caps = 0;
    while (i < n) {
        uint32_t cp;
        i += (int)utf8_decode_fast(s + i, (size_t)(n - i), &cp);
        if (cp < 0x80) {
            if (cp == 0) return 0;
            caps |= cp - 'A' < 26u;
        } else if (!fast_char(cp)) {
            return 0;   /* four-byte forms and U+FFFD included */
        }
    }
    *capitals = caps;
    return 1;
}

/* The length of the character a valid lead byte starts (fast text only). */
static int char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : 3;
}

static int tri_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    const tri_module *mod = ctx;
    tri_tok *t = sqlite3_malloc(sizeof *t);
    int rc;

    *out = NULL;
    if (!t) return SQLITE_NOMEM;
    t->mod = mod;
    t->delegate = argc > 0;   /* case_sensitive 1 and the like: as declared, by the built-in */
    rc = mod->builtin.xCreate(mod->builtin_ctx, argv, argc, &t->builtin);
    if (rc != SQLITE_OK) {
        sqlite3_free(t);
        return rc;
    }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tri_delete(Fts5Tokenizer *p)
{
    tri_tok *t = (tri_tok *)p;
    if (!t) return;
    t->mod->builtin.xDelete(t->builtin);
    sqlite3_free(t);
}

static int tri_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                        int (*token)(void *, int, const char *, int, int, int))
{
    tri_tok *t = (tri_tok *)p;
    const unsigned char *s = (const unsigned char *)text;
    const char *src = text;
    char *lowered = NULL;
    int capitals = 0, rc = SQLITE_OK, o0, o1, o2, o3;

    if (t->delegate || n < 0 || !fast_text(text, n, &capitals))
        return t->mod->builtin.xTokenize(t->builtin, ctx, flags, text, n, token);
    if (n == 0) return SQLITE_OK;
    if (capitals) {
        int i;
        lowered = sqlite3_malloc(n);
        if (!lowered) return SQLITE_NOMEM;
        for (i = 0; i < n; i++) lowered[i] = (char)((unsigned)(s[i] - 'A') < 26u ? s[i] + ('a' - 'A') : s[i]);
        src = lowered;
    }
    /* o0, o1, o2: where the token's three characters start; o3: its end. */
    o0 = 0;
    o1 = o0 + char_len(s[o0]);
    if (o1 < n) {
        o2 = o1 + char_len(s[o1]);
        while (o2 < n) {
            o3 = o2 + char_len(s[o2]);
            rc = token(ctx, 0, src + o0, o3 - o0, o0, o3);
            if (rc != SQLITE_OK) break;
            o0 = o1;
            o1 = o2;
            o2 = o3;
        }
    }
    sqlite3_free(lowered);
    return rc;
}

static void tri_module_free(void *p)
{
    sqlite3_free(p);
}

/* The documented way: "SELECT fts5(?1)" with a pointer to fill. */
fts5_api *fts_trigram_fts5_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *stmt = NULL;

    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return api;
}

int fts_trigram_register(sqlite3 *db)
{
    fts5_api *api = fts_trigram_fts5_api(db);
    fts5_tokenizer ours = {tri_create, tri_delete, tri_tokenize};
    tri_module *mod;
    int rc;

    if (!api) return SQLITE_ERROR;
    mod = sqlite3_malloc(sizeof *mod);
    if (!mod) return SQLITE_NOMEM;
    memset(mod, 0, sizeof *mod);
    rc = api->xFindTokenizer(api, "trigram", &mod->builtin_ctx, &mod->builtin);
    if (rc != SQLITE_OK) {
        sqlite3_free(mod);
        return rc;
    }
    /* FTS5 looks a name up newest first: tables opened on db from now on
     * get ours; it frees mod (tri_module_free) with the connection. */
    rc = api->xCreateTokenizer(api, "trigram", mod, &ours, tri_module_free);
    if (rc != SQLITE_OK) sqlite3_free(mod);
    return rc;
}
