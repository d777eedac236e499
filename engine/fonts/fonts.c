/* fonts.c — font roles from fonts/roles.conf, found through fontconfig,
 * loaded and measured with HarfBuzz.
 *
 * Each distinct (file, face index) is loaded once, however many roles name
 * it. Only TrueType-outline faces (a `glyf` table) are accepted, because
 * libharu 2.3 cannot embed CFF-flavoured OpenType. */
#include "fonts/fonts.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>

#include "util/paths.h"

#define FONTS_MAX_ROLES 32
#define FONTS_MAX_CHAIN 16
#define FONTS_MAX_FACES 64
#define FONTS_NAME_MAX  64

typedef struct fonts_face {
    char *path;          /* file the face comes from */
    unsigned ttc_index;  /* face index inside a collection, 0 for .ttf */
    char *family;        /* the family name as configured (or the file's) */
    hb_blob_t *blob;     /* whole file, kept for the pdf module's subsetting */
    hb_face_t *face;
    hb_font_t *font;     /* scale = upem: advances come out in font units */
    unsigned upem;
} fonts_face;

typedef struct role_chain {
    char name[FONTS_NAME_MAX];
    int chain[FONTS_MAX_CHAIN]; /* face numbers, fallback order */
    int chain_len;
} role_chain;

struct fonts {
    fonts_face faces[FONTS_MAX_FACES];
    int face_count;
    role_chain roles[FONTS_MAX_ROLES];
    int role_count;
};

static char *str_trim(char *s)
{
    char *e;
    while (*s && isspace((unsigned char)*s)) s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

static void face_free(fonts_face *fc)
{
    hb_font_destroy(fc->font);
    hb_face_destroy(fc->face);
    hb_blob_destroy(fc->blob);
    free(fc->path);
    free(fc->family);
}

void fonts_destroy(fonts *f)
{
    int i;
    if (!f) return;
    for (i = 0; i < f->face_count; i++) face_free(&f->faces[i]);
    free(f);
}

/* An integer property of a listed font, or fallback when it has none (or a
 * range: a variable font covers the value asked for). */
static int pattern_int(FcPattern *p, const char *object, int fallback)
{
    int v;
    return FcPatternGetInteger(p, object, 0, &v) == FcResultMatch ? v : fallback;
}

/* Whether one of the font's family names is family (case-insensitive). */
static int has_family(FcPattern *p, const char *family)
{
    FcChar8 *name;
    int n;
    for (n = 0; FcPatternGetString(p, FC_FAMILY, n, &name) == FcResultMatch; n++)
        if (strcasecmp((const char *)name, family) == 0) return 1;
    return 0;
}

/* Finds family through fontconfig: the fonts that carry the family name
 * asked for (case-insensitive), of which the upright one closest to regular
 * weight and normal width, in that order (fontconfig's own match order of
 * slant, weight, width); file and face index break ties, so the choice is
 * the same on every run. The fonts are listed rather than matched with
 * FcFontMatch, which first applies the configuration's substitutions
 * (aliases, language defaults: half the time of loading the fonts) and
 * always answers with some font, so a misspelt or missing family would have
 * to be caught afterwards anyway. Returns 0 with path/index filled. */
static int family_find(FcConfig *cfg, const char *family, char *path, size_t pathlen,
                       unsigned *ttc_index)
{
    FcPattern *pat = FcPatternCreate(), *best = NULL;
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX, FC_SLANT, FC_WEIGHT, FC_WIDTH,
                                       (char *)0);
    FcFontSet *set = NULL;
    long best_key[3] = {0, 0, 0};
    FcChar8 *best_file = NULL;
    int i, k, found = -1;

    if (pat && os && FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family))
        set = FcFontList(cfg, pat, os);
    for (i = 0; set && i < set->nfont; i++) {
        FcPattern *p = set->fonts[i];
        FcChar8 *file;
        long key[3];
        int cmp = 0;
        /* FcFontList also ignores blanks in family names; the name must be
         * the one asked for. */
        if (!has_family(p, family) || FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch) continue;
        key[0] = pattern_int(p, FC_SLANT, FC_SLANT_ROMAN) != FC_SLANT_ROMAN;
        key[1] = labs((long)pattern_int(p, FC_WEIGHT, FC_WEIGHT_REGULAR) - FC_WEIGHT_REGULAR);
        key[2] = labs((long)pattern_int(p, FC_WIDTH, FC_WIDTH_NORMAL) - FC_WIDTH_NORMAL);
        for (k = 0; k < 3 && cmp == 0; k++) cmp = (key[k] > best_key[k]) - (key[k] < best_key[k]);
        if (best && cmp == 0) cmp = strcmp((const char *)file, (const char *)best_file);
        if (best && cmp == 0) cmp = pattern_int(p, FC_INDEX, 0) - pattern_int(best, FC_INDEX, 0);
        if (!best || cmp < 0) {
            best = p;
            best_file = file;
            memcpy(best_key, key, sizeof key);
        }
    }
    if (best && (size_t)snprintf(path, pathlen, "%s", (const char *)best_file) < pathlen) {
        *ttc_index = (unsigned)pattern_int(best, FC_INDEX, 0);
        found = 0;
    }
    if (set) FcFontSetDestroy(set);
    if (os) FcObjectSetDestroy(os);
    if (pat) FcPatternDestroy(pat);
    return found;
}

/* Loads (path, index) unless already loaded; returns the face number or -1
 * with a message in err. */
static int face_load(fonts *f, const char *path, unsigned ttc_index, const char *family,
                     char *err, size_t errlen)
{
    fonts_face *fc;
    hb_blob_t *glyf;
    int i;

    for (i = 0; i < f->face_count; i++)
        if (strcmp(f->faces[i].path, path) == 0 && f->faces[i].ttc_index == ttc_index) return i;
    if (f->face_count == FONTS_MAX_FACES) {
        snprintf(err, errlen, "more than %d font faces", FONTS_MAX_FACES);
        return -1;
    }
    fc = &f->faces[f->face_count];
    memset(fc, 0, sizeof *fc);
    fc->blob = hb_blob_create_from_file_or_fail(path);
    if (!fc->blob) {
        snprintf(err, errlen, "%s: cannot read font file", path);
        return -1;
    }
    if (ttc_index >= hb_face_count(fc->blob)) {
        snprintf(err, errlen, "%s: no face %u in this font file", path, ttc_index);
        hb_blob_destroy(fc->blob);
        fc->blob = NULL;
        return -1;
    }
    fc->face = hb_face_create(fc->blob, ttc_index);
    glyf = hb_face_reference_table(fc->face, HB_TAG('g', 'l', 'y', 'f'));
    unsigned glyf_len = hb_blob_get_length(glyf);
    hb_blob_destroy(glyf);
    if (glyf_len == 0) {
        snprintf(err, errlen, "%s (%s): not a TrueType-outline font (no glyf table; "
                 "libharu cannot embed CFF/OpenType outlines)", path, family);
        face_free(fc);
        memset(fc, 0, sizeof *fc);
        return -1;
    }
    fc->upem = hb_face_get_upem(fc->face);
    fc->font = hb_font_create(fc->face);
    hb_font_set_scale(fc->font, (int)fc->upem, (int)fc->upem);
    fc->path = strdup(path);
    fc->family = strdup(family);
    fc->ttc_index = ttc_index;
    if (!fc->path || !fc->family || !fc->font || hb_font_is_immutable(fc->font)) {
        snprintf(err, errlen, "out of memory loading %s", path);
        face_free(fc);
        memset(fc, 0, sizeof *fc);
        return -1;
    }
    hb_font_make_immutable(fc->font);
    return f->face_count++;
}

/* One entry of a chain: a family name, or an absolute path with an optional
 * "#index" for a face of a collection. */
static int entry_load(fonts *f, FcConfig **cfg, const char *entry, const char *conf, int line,
                      char *err, size_t errlen)
{
    char path[PATH_MAX], msg[PATH_MAX + 512];
    unsigned idx = 0;
    int face;

    if (entry[0] == '/') {
        const char *hash = strrchr(entry, '#');
        size_t plen = hash ? (size_t)(hash - entry) : strlen(entry);
        if (plen >= sizeof path) plen = sizeof path - 1;
        memcpy(path, entry, plen);
        path[plen] = '\0';
        if (hash) {
            char *end;
            unsigned long v = strtoul(hash + 1, &end, 10);
            if (end == hash + 1 || *end) {
                snprintf(err, errlen, "%s:%d: bad face index in \"%s\"", conf, line, entry);
                return -1;
            }
            idx = (unsigned)v;
        }
    } else if (!*cfg && !(*cfg = FcInitLoadConfigAndFonts())) {
        /* loaded at the first family name: reading fontconfig's XML
         * configuration is most of the cost of fonts_create, and a roles
         * file of absolute paths does not need it */
        snprintf(err, errlen, "fontconfig: cannot load its configuration");
        return -1;
    } else if (family_find(*cfg, entry, path, sizeof path, &idx) != 0) {
        snprintf(err, errlen, "%s:%d: font family \"%s\" not found (fc-list lists the installed ones)",
                 conf, line, entry);
        return -1;
    }
    face = face_load(f, path, idx, entry, msg, sizeof msg);
    if (face < 0) snprintf(err, errlen, "%s:%d: %s", conf, line, msg);
    return face;
}

static int parse_line(fonts *f, FcConfig **cfg, char *text, const char *conf, int line,
                      char *err, size_t errlen)
{
    char *eq, *name, *rest, *tok, *save = NULL;
    role_chain *r;
    int i;

    eq = strchr(text, '=');
    if (!eq) {
        snprintf(err, errlen, "%s:%d: expected \"role = family, family, ...\"", conf, line);
        return -1;
    }
    *eq = '\0';
    name = str_trim(text);
    rest = eq + 1;
    if (!*name || strlen(name) >= FONTS_NAME_MAX) {
        snprintf(err, errlen, "%s:%d: bad role name", conf, line);
        return -1;
    }
    for (i = 0; i < f->role_count; i++) {
        if (strcmp(f->roles[i].name, name) == 0) {
            snprintf(err, errlen, "%s:%d: role \"%s\" defined twice", conf, line, name);
            return -1;
        }
    }
    if (f->role_count == FONTS_MAX_ROLES) {
        snprintf(err, errlen, "%s:%d: more than %d roles", conf, line, FONTS_MAX_ROLES);
        return -1;
    }
    r = &f->roles[f->role_count];
    memset(r, 0, sizeof *r);
    strcpy(r->name, name);
    for (tok = strtok_r(rest, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *entry = str_trim(tok);
        int face;
        if (!*entry) continue;
        if (r->chain_len == FONTS_MAX_CHAIN) {
            snprintf(err, errlen, "%s:%d: more than %d fonts in role \"%s\"", conf, line,
                     FONTS_MAX_CHAIN, name);
            return -1;
        }
        face = entry_load(f, cfg, entry, conf, line, err, errlen);
        if (face < 0) return -1;
        r->chain[r->chain_len++] = face;
    }
    if (r->chain_len == 0) {
        snprintf(err, errlen, "%s:%d: role \"%s\" names no font", conf, line, name);
        return -1;
    }
    f->role_count++;
    return 0;
}

/* "body" must be role 0, whatever order the file lists the roles in. */
static int roles_finish(fonts *f, const char *conf, char *err, size_t errlen)
{
    int i;
    for (i = 0; i < f->role_count; i++) {
        if (strcmp(f->roles[i].name, "body") == 0) {
            role_chain tmp = f->roles[0];
            f->roles[0] = f->roles[i];
            f->roles[i] = tmp;
            return 0;
        }
    }
    snprintf(err, errlen, "%s: no \"body\" role", conf);
    return -1;
}

int fonts_config_path(char *out, size_t outlen)
{
    const char *env = getenv("BRIEF_FONTS");
    paths_config_kind kind;
    if (env && *env) {
        int n = snprintf(out, outlen, "%s", env);
        return (n < 0 || (size_t)n >= outlen) ? -1 : 0;
    }
    if (paths_config("roles.conf", "fonts/roles.conf", out, outlen, &kind) != 0) return -1;
    return (int)kind;
}

fonts *fonts_create(const char *config_path, char *err, size_t errlen)
{
    char conf[PATH_MAX], buf[2048];
    FILE *fp;
    FcConfig *cfg = NULL;   /* a private configuration, loaded by entry_load when needed */
    fonts *f;
    int line = 0, rc = 0;

    if (config_path) {
        snprintf(conf, sizeof conf, "%s", config_path);
    } else if (fonts_config_path(conf, sizeof conf) < 0) {
        snprintf(err, errlen, "cannot locate roles.conf: path too long (set BRIEF_FONTS)");
        return NULL;
    }
    fp = fopen(conf, "r");
    if (!fp) {
        snprintf(err, errlen, "%s: %s", conf, strerror(errno));
        return NULL;
    }
    f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory");
        fclose(fp);
        return NULL;
    }
    while (rc == 0 && fgets(buf, sizeof buf, fp)) {
        char *s, *hash;
        line++;
        if (!strchr(buf, '\n') && !feof(fp)) {
            snprintf(err, errlen, "%s:%d: line too long", conf, line);
            rc = -1;
            break;
        }
        /* '#' starts a comment only at the start of a line or after a blank,
         * so "/path/x.ttc#1" keeps its face index. */
        for (hash = buf; (hash = strchr(hash, '#')) != NULL; hash++)
            if (hash == buf || isspace((unsigned char)hash[-1])) { *hash = '\0'; break; }
        s = str_trim(buf);
        if (!*s) continue;
        rc = parse_line(f, &cfg, s, conf, line, err, errlen);
    }
    if (rc == 0 && ferror(fp)) {
        snprintf(err, errlen, "%s: read error", conf);
        rc = -1;
    }
    fclose(fp);
    if (cfg) FcConfigDestroy(cfg);
    if (rc == 0) rc = roles_finish(f, conf, err, errlen);
    if (rc != 0) {
        fonts_destroy(f);
        return NULL;
    }
    return f;
}

int fonts_role(const fonts *f, const char *name)
{
    int i;
    for (i = 0; i < f->role_count; i++)
        if (strcmp(f->roles[i].name, name) == 0) return i;
    return -1;
}

int fonts_role_count(const fonts *f)
{
    return f->role_count;
}

const char *fonts_role_name(const fonts *f, int role)
{
    if (role < 0 || role >= f->role_count) return NULL;
    return f->roles[role].name;
}

int fonts_role_face(const fonts *f, int role, int index)
{
    if (role < 0 || role >= f->role_count || index < 0 || index >= f->roles[role].chain_len) return -1;
    return f->roles[role].chain[index];
}

int fonts_face_count(const fonts *f)
{
    return f->face_count;
}

const char *fonts_face_path(const fonts *f, int face, unsigned *ttc_index)
{
    if (face < 0 || face >= f->face_count) return NULL;
    if (ttc_index) *ttc_index = f->faces[face].ttc_index;
    return f->faces[face].path;
}

const char *fonts_face_family(const fonts *f, int face)
{
    if (face < 0 || face >= f->face_count) return NULL;
    return f->faces[face].family;
}

struct hb_face_t *fonts_face_hb(const fonts *f, int face)
{
    if (face < 0 || face >= f->face_count) return NULL;
    return f->faces[face].face;
}

int fonts_pick(const fonts *f, int role, uint32_t cp, uint32_t *glyph)
{
    const role_chain *r;
    int i;

    if (role < 0 || role >= f->role_count) return -1;
    r = &f->roles[role];
    for (i = 0; i < r->chain_len; i++) {
        hb_codepoint_t g = 0;
        if (hb_font_get_nominal_glyph(f->faces[r->chain[i]].font, cp, &g) && g != 0) {
            if (glyph) *glyph = g;
            return r->chain[i];
        }
    }
    return -1;
}

double fonts_advance_pt(const fonts *f, int face, uint32_t glyph, double size_pt)
{
    const fonts_face *fc;
    if (face < 0 || face >= f->face_count) return 0;
    fc = &f->faces[face];
    return hb_font_get_glyph_h_advance(fc->font, glyph) * size_pt / fc->upem;
}

double fonts_ascender_pt(const fonts *f, int face, double size_pt)
{
    hb_font_extents_t ext;
    if (face < 0 || face >= f->face_count) return 0;
    hb_font_get_h_extents(f->faces[face].font, &ext);
    return ext.ascender * size_pt / f->faces[face].upem;
}

double fonts_descender_pt(const fonts *f, int face, double size_pt)
{
    hb_font_extents_t ext;
    if (face < 0 || face >= f->face_count) return 0;
    hb_font_get_h_extents(f->faces[face].font, &ext);
    return ext.descender * size_pt / f->faces[face].upem;
}

int fonts_shape(const fonts *f, int face, const char *text, size_t len, double size_pt,
                fonts_glyph *out, size_t cap)
{
    const fonts_face *fc;
    hb_buffer_t *buf;
    hb_glyph_info_t *info;
    hb_glyph_position_t *pos;
    unsigned n, i;
    double scale;

    if (face < 0 || face >= f->face_count || len > INT_MAX) return -1;
    fc = &f->faces[face];
    buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(buf)) {
        hb_buffer_destroy(buf);
        return -1;
    }
    /* Clusters are byte offsets into text, as hb_buffer_add_utf8 numbers them. */
    hb_buffer_add_utf8(buf, text, (int)len, 0, (int)len);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(fc->font, buf, NULL, 0); /* default features: kern, liga on */
    if (!hb_buffer_allocation_successful(buf)) {
        hb_buffer_destroy(buf);
        return -1;
    }
    info = hb_buffer_get_glyph_infos(buf, &n);
    pos = hb_buffer_get_glyph_positions(buf, NULL);
    scale = size_pt / fc->upem;
    for (i = 0; i < n && i < cap; i++) {
        out[i].glyph = info[i].codepoint;
        out[i].cluster = info[i].cluster;
        out[i].x_advance_pt = pos[i].x_advance * scale;
        out[i].x_offset_pt = pos[i].x_offset * scale;
        out[i].y_offset_pt = pos[i].y_offset * scale;
    }
    hb_buffer_destroy(buf);
    return (int)n;
}
