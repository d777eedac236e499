/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fonts.c — font roles from fonts/roles.conf, found through fontconfig,
 * loaded and measured with HarfBuzz.
 *
 * Each distinct (file, face index, scale) is loaded once, however many
 * roles name it; a Latin face scaled for a role shares the font data of
 * the same face unscaled. Faces are TrueType (glyf) or CFF-flavoured
 * OpenType (the CFF table read by cff.c, for empty outlines and for the
 * pdf module's embedding). */
#include "fonts/fonts.h"
#include "fonts/fontcache.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hb-ot.h>

#include "fonts/cff.h"
#include "fonts/fontfile.h"
#include "util/paths.h"

#define FONTS_MAX_ROLES 32
#define FONTS_MAX_CHAIN 16
#define FONTS_MAX_FACES 64
#define FONTS_NAME_MAX  64

typedef struct fonts_face {
    char *path;          /* file the face comes from */
    unsigned ttc_index;  /* face index inside a collection, 0 for .ttf */
    char *family;        /* the family name as configured (or the file's) */
    double scale;        /* size factor against the size asked for (Latin faces, fonts.h) */
    hb_blob_t *blob;     /* whole file, kept for the pdf module's subsetting */
    fontfile *file;      /* the mapping behind blob, NULL for a small file (fontfile.h) */
    hb_face_t *face;
    hb_font_t *font;     /* scale = upem: advances come out in font units */
    hb_blob_t *cff_blob; /* CFF faces: the CFF table, which cff reads */
    cff_font *cff;       /* NULL for TrueType faces */
    unsigned upem;
    int bold;            /* its weight (OS/2 usWeightClass) is 600 or more */
} fonts_face;

typedef struct role_chain {
    char name[FONTS_NAME_MAX];
    int chain[FONTS_MAX_CHAIN]; /* face numbers, fallback order */
    int chain_len;
    int latin[FONTS_MAX_CHAIN]; /* faces preferred for Latin letters and digits */
    int latin_len;
    int line;                   /* where the roles file defines it */
    int base;                   /* a variant ("body.bold"): the role it varies, -1 none;
                                   what its own faces lack comes from the base */
} role_chain;

struct fonts {
    fonts_face faces[FONTS_MAX_FACES];
    int face_count;
    role_chain roles[FONTS_MAX_ROLES];
    int role_count;
    /* while loading: the "fallback" line, appended to every chain, and the
     * "ROLE.latin" lines, resolved once every role is known */
    int fallback[FONTS_MAX_CHAIN];
    int fallback_len;
    int fallback_given;
    role_chain latin_lines[FONTS_MAX_ROLES];
    int latin_line_count;
};

/* The fallback of a roles file without a "fallback" line: the Hanazono
 * Mincho faces (Debian fonts-hanazono) cover every CJK ideograph of Unicode
 * 10, A in the BMP and B beyond it (Extension B to F: 𠮷 U+20BB7,
 * 𡉃 U+21243), so that a rare character in a name is drawn rather than
 * boxed. Optional: without them, such characters are reported missing. */
static const char *const default_fallback[] = {"?HanaMinA", "?HanaMinB"};

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
    cff_close(fc->cff);
    hb_blob_destroy(fc->cff_blob);
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

/* How family names are resolved while a roles file is read: fontconfig's
 * configuration, loaded at the first name the cache does not answer, and
 * the cache of its answers (fontcache.h; NULL when out of memory: then
 * every name asks fontconfig). */
typedef struct fc_lookup {
    FcConfig *fc;
    fontcache *cache;
} fc_lookup;

/* Finds family through fontconfig: the fonts that carry the family name
 * asked for (case-insensitive), of which the one of the slant asked for
 * (upright, or italic or oblique) closest to the weight asked for (regular,
 * or bold) and to normal width, in that order (fontconfig's own match order of
 * slant, weight, width); file and face index break ties, so the choice is
 * the same on every run. The fonts are listed rather than matched with
 * FcFontMatch, which first applies the configuration's substitutions
 * (aliases, language defaults: half the time of loading the fonts) and
 * always answers with some font, so a misspelt or missing family would have
 * to be caught afterwards anyway. Returns 0 with path/index filled. */
static int family_find(FcConfig *cfg, const char *family, int want_weight, int want_slant, char *path,
                       size_t pathlen, unsigned *ttc_index)
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
        key[0] = (pattern_int(p, FC_SLANT, FC_SLANT_ROMAN) != FC_SLANT_ROMAN) != (want_slant != FC_SLANT_ROMAN);
        key[1] = labs((long)pattern_int(p, FC_WEIGHT, FC_WEIGHT_REGULAR) - want_weight);
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

/* Reads the outlines of a face just created: TrueType (glyf) or CFF; a
 * CFF2 (variable) or bitmap-only font is refused. 0, or -1 with a message. */
static int face_outlines(fonts_face *fc, const char *path, const char *family, char *err, size_t errlen)
{
    hb_blob_t *glyf = hb_face_reference_table(fc->face, HB_TAG('g', 'l', 'y', 'f'));
    unsigned glyf_len = hb_blob_get_length(glyf), cff_len;
    const char *cff_data;
    char msg[256];

    hb_blob_destroy(glyf);
    if (glyf_len > 0) return 0;
    fc->cff_blob = hb_face_reference_table(fc->face, HB_TAG('C', 'F', 'F', ' '));
    cff_data = hb_blob_get_data(fc->cff_blob, &cff_len);
    if (cff_len == 0) {
        hb_blob_t *cff2 = hb_face_reference_table(fc->face, HB_TAG('C', 'F', 'F', '2'));
        int variable = hb_blob_get_length(cff2) > 0;
        hb_blob_destroy(cff2);
        snprintf(err, errlen, "%s (%s): %s", path, family,
                 variable ? "CFF2 (variable) outlines cannot be embedded; use a static instance of the font"
                          : "no outlines (neither glyf nor CFF table)");
        return -1;
    }
    fc->cff = cff_open((const unsigned char *)cff_data, cff_len, msg, sizeof msg);
    if (!fc->cff) {
        snprintf(err, errlen, "%s (%s): %s", path, family, msg);
        return -1;
    }
    return 0;
}

/* Loads (path, index) at scale unless already loaded; returns the face
 * number or -1 with a message in err. The same face at another scale
 * borrows the font data of the first one loaded. */
static int face_load(fonts *f, const char *path, unsigned ttc_index, const char *family, double scale,
                     char *err, size_t errlen)
{
    fonts_face *fc;
    int i, same = -1;

    for (i = 0; i < f->face_count; i++) {
        if (strcmp(f->faces[i].path, path) != 0 || f->faces[i].ttc_index != ttc_index) continue;
        if (f->faces[i].scale == scale) return i;
        if (same < 0) same = i;
    }
    if (f->face_count == FONTS_MAX_FACES) {
        snprintf(err, errlen, "more than %d font faces", FONTS_MAX_FACES);
        return -1;
    }
    fc = &f->faces[f->face_count];
    memset(fc, 0, sizeof *fc);
    fc->scale = scale;
    if (same >= 0) {
        const fonts_face *o = &f->faces[same];
        fc->blob = hb_blob_reference(o->blob);
        fc->file = o->file;
        fc->face = hb_face_reference(o->face);
        fc->font = hb_font_reference(o->font);
        fc->upem = o->upem;
        if (o->cff) {
            unsigned cff_len;
            const char *cff_data;
            char msg[256];
            fc->cff_blob = hb_blob_reference(o->cff_blob);
            cff_data = hb_blob_get_data(fc->cff_blob, &cff_len);
            fc->cff = cff_open((const unsigned char *)cff_data, cff_len, msg, sizeof msg);
            if (!fc->cff) {
                snprintf(err, errlen, "%s: %s", path, msg);
                face_free(fc);
                memset(fc, 0, sizeof *fc);
                return -1;
            }
        }
    } else {
        fc->blob = fontfile_blob(path, &fc->file);
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
        if (face_outlines(fc, path, family, err, errlen) != 0) {
            face_free(fc);
            memset(fc, 0, sizeof *fc);
            return -1;
        }
        fc->upem = hb_face_get_upem(fc->face);
        fc->font = hb_font_create(fc->face);
        hb_font_set_scale(fc->font, (int)fc->upem, (int)fc->upem);
    }
    /* OS/2 usWeightClass: 600 (semibold) and more is a bold face, which a
     * bold run uses as it is; lighter ones are made bold by the pdf module */
    fc->bold = hb_style_get_value(fc->font, HB_STYLE_TAG_WEIGHT) >= 600;
    fc->path = strdup(path);
    fc->family = strdup(family);
    fc->ttc_index = ttc_index;
    if (!fc->path || !fc->family || !fc->font || (same < 0 && hb_font_is_immutable(fc->font))) {
        snprintf(err, errlen, "out of memory loading %s", path);
        face_free(fc);
        memset(fc, 0, sizeof *fc);
        return -1;
    }
    hb_font_make_immutable(fc->font);
    return f->face_count++;
}

/* The cap height of a face in font units: OS/2 sCapHeight, else the top
 * of its "H"; 0 when it has neither. */
static double cap_height(const fonts_face *fc)
{
    hb_position_t cap = 0;
    hb_codepoint_t g;
    hb_glyph_extents_t ext;
    if (hb_ot_metrics_get_position(fc->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) && cap > 0) return cap;
    if (hb_font_get_nominal_glyph(fc->font, 'H', &g) && hb_font_get_glyph_extents(fc->font, g, &ext) &&
        ext.y_bearing > 0)
        return ext.y_bearing;
    return 0;
}

/* The size factor of a Latin face set beside the CJK face primary: its
 * capitals as tall as the primary face's own Latin capitals, which the
 * CJK face's designers proportioned to its ideographs (Noto Serif CJK's
 * are 0.73 em, Times-like faces' 0.66: Termes is set at 1.10 beside it).
 * Both faces sit on the alphabetic baseline, where CJK fonts put their
 * ideographs' em box a fixed depth below (OpenType BASE 'ideo'), so no
 * shift is needed. 1 when either face has no measurable capitals; kept to
 * 0.85..1.20 so that an odd font cannot make the Latin text tiny or huge,
 * and rounded to 0.01 so that the PDF's font sizes read simply. */
static double latin_scale(const fonts *f, int primary, int latin)
{
    const fonts_face *p = &f->faces[primary], *l = &f->faces[latin];
    double cp = cap_height(p) / p->upem, cl = cap_height(l) / l->upem, scale;
    if (cp <= 0 || cl <= 0) return 1.0;
    scale = cp / cl;
    if (scale < 0.85) scale = 0.85;
    if (scale > 1.20) scale = 1.20;
    return round(scale * 100) / 100;
}

/* Where an entry's font is: a family name, or an absolute path with an
 * optional "#index" for a face of a collection. Returns 0 with path and
 * *idx filled, 1 when the font is not there and the entry is optional
 * ("?" before it), -1 with a message naming the file and line. */
static int entry_find(fc_lookup *cfg, const char *entry, int optional, const char *conf, int line,
                      char *path, size_t pathlen, unsigned *idx, char *err, size_t errlen)
{
    *idx = 0;
    if (entry[0] == '/') {
        const char *hash = strrchr(entry, '#');
        size_t plen = hash ? (size_t)(hash - entry) : strlen(entry);
        if (plen >= pathlen) plen = pathlen - 1;
        memcpy(path, entry, plen);
        path[plen] = '\0';
        if (hash) {
            char *end;
            unsigned long v = strtoul(hash + 1, &end, 10);
            if (end == hash + 1 || *end) {
                snprintf(err, errlen, "%s:%d: bad face index in \"%s\"", conf, line, entry);
                return -1;
            }
            *idx = (unsigned)v;
        }
        return optional && access(path, R_OK) != 0 ? 1 : 0;
    }
    {
        /* "Family:bold", "Family:italic", "Family:bold:italic" (fontconfig's
         * own names for these styles, as fc-match takes them) */
        char family[FONTS_NAME_MAX * 2], *colon, *tok, *save = NULL;
        int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
        snprintf(family, sizeof family, "%s", entry);
        colon = strchr(family, ':');
        if (colon) {
            *colon = '\0';
            for (tok = strtok_r(colon + 1, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
                if (strcasecmp(tok, "bold") == 0) weight = FC_WEIGHT_BOLD;
                else if (strcasecmp(tok, "italic") == 0) slant = FC_SLANT_ITALIC;
                else {
                    snprintf(err, errlen, "%s:%d: \"%s\": after the family, \":bold\" or \":italic\" expected",
                             conf, line, entry);
                    return -1;
                }
            }
        }
        switch (fontcache_find(cfg->cache, family, weight, slant, path, pathlen, idx)) {
        case 1: return 0;
        case 0: break;    /* not installed, as fontconfig said in the state it is in */
        default:
            if (!cfg->fc) {
                /* loaded at the first family name the cache does not know:
                 * reading fontconfig's XML configuration is most of the
                 * cost of fonts_create, and a roles file of absolute paths
                 * does not need it */
                if (!(cfg->fc = FcInitLoadConfigAndFonts())) {
                    snprintf(err, errlen, "fontconfig: cannot load its configuration");
                    return -1;
                }
                fontcache_stamp(cfg->cache, cfg->fc);
            }
            if (family_find(cfg->fc, family, weight, slant, path, pathlen, idx) == 0) {
                fontcache_put(cfg->cache, family, weight, slant, path, *idx);
                return 0;
            }
            fontcache_put(cfg->cache, family, weight, slant, NULL, 0);
        }
    }
    {
        if (optional) return 1;
        snprintf(err, errlen, "%s:%d: font family \"%s\" not found (fc-list lists the installed ones; "
                 "\"?%s\" makes it optional)", conf, line, entry, entry);
        return -1;
    }
}

/* Loads the fonts of a comma-separated list into chain (appending to
 * *len, a face only once), each at the scale that scale_of gives (NULL:
 * 1). Optional fonts that are not installed are skipped. 0 or -1. */
static int list_load(fonts *f, fc_lookup *cfg, char *list, const char *conf, int line, const char *what,
                     int *chain, int *len, int primary, char *err, size_t errlen)
{
    char *tok, *save = NULL, path[PATH_MAX], msg[PATH_MAX + 512];
    for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *entry = str_trim(tok);
        int optional = 0, face, found, k;
        unsigned idx;
        double scale = 1.0;
        if (*entry == '?') {
            optional = 1;
            entry = str_trim(entry + 1);
        }
        if (!*entry) continue;
        found = entry_find(cfg, entry, optional, conf, line, path, sizeof path, &idx, err, errlen);
        if (found < 0) return -1;
        if (found > 0) continue;
        if (primary >= 0) {
            /* a Latin face of a role: loaded to be measured, then set at
             * the scale that matches the role's CJK face (the face just
             * loaded takes that scale when nothing uses it yet) */
            int before = f->face_count, plain = face_load(f, path, idx, entry, 1.0, msg, sizeof msg);
            if (plain >= 0) scale = latin_scale(f, primary, plain);
            if (plain >= 0 && plain >= before) {
                for (k = 0; k < f->face_count; k++)
                    if (k != plain && strcmp(f->faces[k].path, path) == 0 && f->faces[k].ttc_index == idx &&
                        f->faces[k].scale == scale) break;
                if (k == f->face_count) {
                    f->faces[plain].scale = scale;
                } else {   /* already there at that scale: the one just loaded goes */
                    face_free(&f->faces[plain]);
                    memset(&f->faces[plain], 0, sizeof f->faces[plain]);
                    f->face_count--;
                }
            }
            face = plain >= 0 ? face_load(f, path, idx, entry, scale, msg, sizeof msg) : -1;
        } else {
            face = face_load(f, path, idx, entry, 1.0, msg, sizeof msg);
        }
        if (face < 0) {
            snprintf(err, errlen, "%s:%d: %s", conf, line, msg);
            return -1;
        }
        for (k = 0; k < *len && chain[k] != face; k++) {}
        if (k < *len) continue;
        if (*len == FONTS_MAX_CHAIN) {
            snprintf(err, errlen, "%s:%d: more than %d fonts in %s", conf, line, FONTS_MAX_CHAIN, what);
            return -1;
        }
        chain[(*len)++] = face;
    }
    return 0;
}

/* "role = fonts", "role.latin = fonts" (kept until every role is known)
 * or "fallback = fonts". */
static int parse_line(fonts *f, fc_lookup *cfg, char *text, const char *conf, int line,
                      char *err, size_t errlen)
{
    char *eq, *name, *rest, *dot;
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
    if (strcmp(name, "fallback") == 0) {
        if (f->fallback_given) {
            snprintf(err, errlen, "%s:%d: \"fallback\" given twice", conf, line);
            return -1;
        }
        f->fallback_given = line;
        return list_load(f, cfg, rest, conf, line, "the fallback", f->fallback, &f->fallback_len, -1,
                         err, errlen);
    }
    /* "ROLE.latin" (and "ROLE.bold.latin") is a Latin line, kept until
     * its role is known; "ROLE.bold" and "ROLE.italic" are variants */
    {
        size_t nl = strlen(name);
        int latin = nl > 6 && strcmp(name + nl - 6, ".latin") == 0;
        char base[FONTS_NAME_MAX];
        const char *vdot;
        snprintf(base, sizeof base, "%.*s", (int)(latin ? nl - 6 : nl), name);
        vdot = strchr(base, '.');
        if (vdot && strcmp(vdot, ".bold") != 0 && strcmp(vdot, ".italic") != 0) {
            snprintf(err, errlen, "%s:%d: \"%s\": after a role's name, \".latin\", \".bold\", \".italic\" "
                     "or \".bold.latin\", \".italic.latin\" expected", conf, line, name);
            return -1;
        }
        dot = latin ? name + nl - 6 : NULL;
    }
    for (i = 0; i < f->role_count; i++) {
        if (!dot && strcmp(f->roles[i].name, name) == 0) {
            snprintf(err, errlen, "%s:%d: role \"%s\" defined twice", conf, line, name);
            return -1;
        }
    }
    for (i = 0; dot && i < f->latin_line_count; i++) {
        if (strcmp(f->latin_lines[i].name, name) == 0) {
            snprintf(err, errlen, "%s:%d: \"%s\" defined twice", conf, line, name);
            return -1;
        }
    }
    if ((dot ? f->latin_line_count : f->role_count) == FONTS_MAX_ROLES) {
        snprintf(err, errlen, "%s:%d: more than %d roles", conf, line, FONTS_MAX_ROLES);
        return -1;
    }
    if (dot) {
        /* the text is parsed once its role's first face is known */
        r = &f->latin_lines[f->latin_line_count++];
        memset(r, 0, sizeof *r);
        snprintf(r->name, sizeof r->name, "%s", name);
        r->line = line;
        r->latin_len = -1;
        return 0;
    }
    r = &f->roles[f->role_count];
    memset(r, 0, sizeof *r);
    strcpy(r->name, name);
    r->line = line;
    r->base = -1;
    if (list_load(f, cfg, rest, conf, line, "a role", r->chain, &r->chain_len, -1, err, errlen) != 0)
        return -1;
    if (r->chain_len == 0 && !strchr(name, '.')) {
        snprintf(err, errlen, "%s:%d: role \"%s\" has no font installed%s", conf, line, name,
                 strchr(rest, '?') ? " (all its fonts are optional and none was found)" : "");
        return -1;
    }
    f->role_count++;
    return 0;
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

/* Opens the roles file; conf receives the path used. */
static FILE *conf_open(const char *config_path, char *conf, size_t conflen, char *err, size_t errlen)
{
    FILE *fp;
    if (config_path) {
        snprintf(conf, conflen, "%s", config_path);
    } else if (fonts_config_path(conf, conflen) < 0) {
        snprintf(err, errlen, "cannot locate roles.conf: path too long (set BRIEF_FONTS)");
        return NULL;
    }
    fp = fopen(conf, "r");
    if (!fp) snprintf(err, errlen, "%s: %s", conf, strerror(errno));
    return fp;
}

/* Reads the roles file line by line into f: the roles in file order, the
 * fallback and the Latin lines (their text in latin_text, by index). */
static int conf_read(fonts *f, FILE *fp, fc_lookup *cfg, const char *conf, char **latin_text,
                     char *err, size_t errlen)
{
    char buf[2048];
    int line = 0;
    while (fgets(buf, sizeof buf, fp)) {
        char *s, *hash;
        int before = f->latin_line_count;
        line++;
        if (!strchr(buf, '\n') && !feof(fp)) {
            snprintf(err, errlen, "%s:%d: line too long", conf, line);
            return -1;
        }
        /* '#' starts a comment only at the start of a line or after a blank,
         * so "/path/x.ttc#1" keeps its face index. */
        for (hash = buf; (hash = strchr(hash, '#')) != NULL; hash++)
            if (hash == buf || isspace((unsigned char)hash[-1])) { *hash = '\0'; break; }
        s = str_trim(buf);
        if (!*s) continue;
        {
            char *eq = strchr(s, '=');
            char *copy = eq ? strdup(eq + 1) : NULL;
            if (eq && !copy) {
                snprintf(err, errlen, "out of memory");
                return -1;
            }
            if (parse_line(f, cfg, s, conf, line, err, errlen) != 0) {
                free(copy);
                return -1;
            }
            if (f->latin_line_count > before) latin_text[before] = copy;
            else free(copy);
        }
    }
    if (ferror(fp)) {
        snprintf(err, errlen, "%s: read error", conf);
        return -1;
    }
    return 0;
}

/* Once every role is read: "body" first, the Latin lines attached to their
 * roles at the scale of each role's first face, the fallback appended to
 * every chain. */
static int roles_finish(fonts *f, fc_lookup *cfg, const char *conf, char **latin_text, char *err, size_t errlen)
{
    int i, k, body = -1;

    for (i = 0; i < f->role_count; i++)
        if (strcmp(f->roles[i].name, "body") == 0) body = i;
    if (body < 0) {
        snprintf(err, errlen, "%s: no \"body\" role", conf);
        return -1;
    }
    if (body != 0) {
        role_chain tmp = f->roles[0];
        f->roles[0] = f->roles[body];
        f->roles[body] = tmp;
    }
    /* a variant named by its Latin line only ("body.italic.latin"): a
     * variant without faces of its own for the rest */
    for (i = 0; i < f->latin_line_count; i++) {
        const role_chain *l = &f->latin_lines[i];
        size_t base = strlen(l->name) - strlen(".latin");
        role_chain *r;
        if (!memchr(l->name, '.', base)) continue;
        for (k = 0; k < f->role_count; k++)
            if (strlen(f->roles[k].name) == base && strncmp(f->roles[k].name, l->name, base) == 0) break;
        if (k < f->role_count) continue;
        if (f->role_count == FONTS_MAX_ROLES) {
            snprintf(err, errlen, "%s:%d: more than %d roles", conf, l->line, FONTS_MAX_ROLES);
            return -1;
        }
        r = &f->roles[f->role_count++];
        memset(r, 0, sizeof *r);
        snprintf(r->name, sizeof r->name, "%.*s", (int)base, l->name);
        r->line = l->line;
        r->base = -1;
    }
    for (i = 0; i < f->role_count; i++) {
        role_chain *r = &f->roles[i];
        const char *dot = strchr(r->name, '.');
        if (!dot) continue;
        for (k = 0; k < f->role_count; k++)
            if (strlen(f->roles[k].name) == (size_t)(dot - r->name) && !strchr(f->roles[k].name, '.')
                && strncmp(f->roles[k].name, r->name, (size_t)(dot - r->name)) == 0) r->base = k;
        if (r->base < 0) {
            snprintf(err, errlen, "%s:%d: \"%s\" but no role \"%.*s\"", conf, r->line, r->name,
                     (int)(dot - r->name), r->name);
            return -1;
        }
    }
    for (i = 0; i < f->latin_line_count; i++) {
        const role_chain *l = &f->latin_lines[i];
        size_t base = strlen(l->name) - strlen(".latin");
        role_chain *r = NULL;
        int primary;
        for (k = 0; k < f->role_count; k++)
            if (strlen(f->roles[k].name) == base && strncmp(f->roles[k].name, l->name, base) == 0) r = &f->roles[k];
        if (!r) {
            snprintf(err, errlen, "%s:%d: \"%s\" but no role \"%.*s\"", conf, l->line, l->name, (int)base, l->name);
            return -1;
        }
        /* scaled to the role's first face, a variant without faces of its
         * own to its base's */
        primary = r->chain_len ? r->chain[0] : f->roles[r->base].chain[0];
        if (list_load(f, cfg, latin_text[i], conf, l->line, "a Latin list", r->latin, &r->latin_len,
                      primary, err, errlen) != 0)
            return -1;
    }
    if (!f->fallback_given) {
        for (i = 0; i < (int)(sizeof default_fallback / sizeof *default_fallback); i++) {
            char entry[FONTS_NAME_MAX];
            snprintf(entry, sizeof entry, "%s", default_fallback[i]);
            if (list_load(f, cfg, entry, "(built-in fallback)", 0, "the fallback", f->fallback,
                          &f->fallback_len, -1, err, errlen) != 0)
                return -1;
        }
    }
    for (i = 0; i < f->role_count; i++) {
        role_chain *r = &f->roles[i];
        if (r->base >= 0) continue;   /* a variant falls back through its base */
        for (k = 0; k < f->fallback_len; k++) {
            int j;
            for (j = 0; j < r->chain_len && r->chain[j] != f->fallback[k]; j++) {}
            if (j < r->chain_len) continue;
            if (r->chain_len == FONTS_MAX_CHAIN) {
                snprintf(err, errlen, "%s:%d: more than %d fonts in role \"%s\" with the fallback", conf,
                         r->line, FONTS_MAX_CHAIN, r->name);
                return -1;
            }
            r->chain[r->chain_len++] = f->fallback[k];
        }
    }
    return 0;
}

fonts *fonts_create(const char *config_path, char *err, size_t errlen)
{
    char conf[PATH_MAX];
    char *latin_text[FONTS_MAX_ROLES] = {0};
    FILE *fp;
    fc_lookup cfg = {NULL, NULL};
    fonts *f;
    int rc, i;

    fp = conf_open(config_path, conf, sizeof conf, err, errlen);
    if (!fp) return NULL;
    f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory");
        fclose(fp);
        return NULL;
    }
    cfg.cache = fontcache_open(NULL);
    rc = conf_read(f, fp, &cfg, conf, latin_text, err, errlen);
    fclose(fp);
    if (rc == 0) rc = roles_finish(f, &cfg, conf, latin_text, err, errlen);
    if (rc == 0) fontcache_save(cfg.cache);
    fontcache_close(cfg.cache);
    if (cfg.fc) FcConfigDestroy(cfg.fc);
    for (i = 0; i < FONTS_MAX_ROLES; i++) free(latin_text[i]);
    if (rc != 0) {
        fonts_destroy(f);
        return NULL;
    }
    return f;
}

size_t fonts_make_resident(fonts *f)
{
    size_t bytes = 0;
    int r;
    /* a file shared by roles is copied once (fontfile_make_resident) */
    for (r = 0; r < f->role_count; r++)
        if (f->roles[r].base < 0 && f->roles[r].chain_len > 0)
            bytes += fontfile_make_resident(f->faces[f->roles[r].chain[0]].file);
    return bytes;
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

int fonts_role_latin_face(const fonts *f, int role, int index)
{
    if (role < 0 || role >= f->role_count || index < 0 || index >= f->roles[role].latin_len) return -1;
    return f->roles[role].latin[index];
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

/* Characters a role's Latin faces are tried first for: letters, digits
 * and punctuation of the Latin, Greek and Cyrillic scripts and their
 * combining marks, and the space. Not U+00B7 (the middle dot between the
 * parts of a transcribed name, 阿卜杜拉·买买提, drawn by the CJK face at its
 * centred, wider form), not the spacing modifiers U+02B0..U+02FF (bopomofo
 * tone marks ˉˊˇˋ), and nothing from U+2000 on (the quotes, dashes and
 * ellipsis of Chinese text are the CJK face's full-width forms). */
static int is_latin_cp(uint32_t cp)
{
    return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0x2AF && cp != 0xB7) ||
           (cp >= 0x300 && cp <= 0x52F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

/* Characters whose glyph is rightly empty: separators, controls, format
 * characters and the other default-ignorable code points (variation
 * selectors, Hangul fillers, Mongolian free variation selectors). */
static int may_be_empty(uint32_t cp)
{
    switch (hb_unicode_general_category(hb_unicode_funcs_get_default(), cp)) {
    case HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_LINE_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_PARAGRAPH_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_CONTROL:
    case HB_UNICODE_GENERAL_CATEGORY_FORMAT:
        return 1;
    default:
        return cp == 0x34F || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 ||
               (cp >= 0x180B && cp <= 0x180F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
               cp == 0xFFA0 || (cp >= 0xE0100 && cp <= 0xE01EF);
    }
}

/* The glyph of cp in face when it has one that draws: a font may map a
 * character to an empty outline (WenQuanYi Micro Hei's ǎ ǒ), which would
 * print as nothing. TrueType: the glyph's bounding box from its glyf
 * header; CFF: a scan of its charstring (cff.h). Either costs well under a
 * microsecond, once per character per document (the layout caches the
 * answer), so no cache is kept here. */
static int face_glyph(const fonts_face *fc, uint32_t cp, hb_codepoint_t *g)
{
    hb_glyph_extents_t ext;
    if (!hb_font_get_nominal_glyph(fc->font, cp, g) || *g == 0) return 0;
    if (may_be_empty(cp)) return 1;
    if (fc->cff) return cff_glyph_draws(fc->cff, *g) != 0;
    return hb_font_get_glyph_extents(fc->font, *g, &ext) && (ext.width != 0 || ext.height != 0);
}

int fonts_pick(const fonts *f, int role, uint32_t cp, uint32_t *glyph)
{
    const role_chain *r;
    int i;

    if (role < 0 || role >= f->role_count) return -1;
    r = &f->roles[role];
    for (i = 0; i < r->latin_len && is_latin_cp(cp); i++) {
        hb_codepoint_t g = 0;
        if (face_glyph(&f->faces[r->latin[i]], cp, &g)) {
            if (glyph) *glyph = g;
            return r->latin[i];
        }
    }
    for (i = 0; i < r->chain_len; i++) {
        hb_codepoint_t g = 0;
        if (face_glyph(&f->faces[r->chain[i]], cp, &g)) {
            if (glyph) *glyph = g;
            return r->chain[i];
        }
    }
    return r->base >= 0 ? fonts_pick(f, r->base, cp, glyph) : -1;
}

int fonts_role_variant(const fonts *f, int role, int bold, int italic)
{
    char name[FONTS_NAME_MAX + 8];
    int v = -1;
    if (role < 0 || role >= f->role_count || f->roles[role].base >= 0) return -1;
    if (bold) {
        snprintf(name, sizeof name, "%s.bold", f->roles[role].name);
        v = fonts_role(f, name);
    }
    if (v < 0 && italic) {
        snprintf(name, sizeof name, "%s.italic", f->roles[role].name);
        v = fonts_role(f, name);
    }
    return v;
}

int fonts_role_base(const fonts *f, int role)
{
    return role >= 0 && role < f->role_count ? f->roles[role].base : -1;
}

int fonts_face_is_bold(const fonts *f, int face)
{
    return face >= 0 && face < f->face_count && f->faces[face].bold;
}

double fonts_face_scale(const fonts *f, int face)
{
    return face >= 0 && face < f->face_count ? f->faces[face].scale : 1.0;
}

const cff_font *fonts_face_cff(const fonts *f, int face)
{
    return face >= 0 && face < f->face_count ? f->faces[face].cff : NULL;
}

/* Font units to points at size_pt, the face's scale included. */
static double units_pt(const fonts_face *fc, double units, double size_pt)
{
    return units * size_pt * fc->scale / fc->upem;
}

double fonts_advance_pt(const fonts *f, int face, uint32_t glyph, double size_pt)
{
    if (face < 0 || face >= f->face_count) return 0;
    return units_pt(&f->faces[face], hb_font_get_glyph_h_advance(f->faces[face].font, glyph), size_pt);
}

double fonts_ascender_pt(const fonts *f, int face, double size_pt)
{
    hb_font_extents_t ext;
    if (face < 0 || face >= f->face_count) return 0;
    hb_font_get_h_extents(f->faces[face].font, &ext);
    return units_pt(&f->faces[face], ext.ascender, size_pt);
}

double fonts_descender_pt(const fonts *f, int face, double size_pt)
{
    hb_font_extents_t ext;
    if (face < 0 || face >= f->face_count) return 0;
    hb_font_get_h_extents(f->faces[face].font, &ext);
    return units_pt(&f->faces[face], ext.descender, size_pt);
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
    /* Kerning on, ligatures off: a ligature is one glyph for several
     * characters ("ffi"), which the PDF's ToUnicode maps to one of them
     * only, so that a reader would extract "ofce" from "office". */
    static const hb_feature_t no_ligatures[] = {
        {HB_TAG('l', 'i', 'g', 'a'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
        {HB_TAG('c', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
    };
    hb_shape(fc->font, buf, no_ligatures, 2);
    if (!hb_buffer_allocation_successful(buf)) {
        hb_buffer_destroy(buf);
        return -1;
    }
    info = hb_buffer_get_glyph_infos(buf, &n);
    pos = hb_buffer_get_glyph_positions(buf, NULL);
    scale = size_pt * fc->scale / fc->upem;
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
