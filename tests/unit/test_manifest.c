/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_manifest.c — loading and validating batch manifests. */
#include "harness.h"
#include "batch/manifest.h"

#include <stdlib.h>
#include <unistd.h>

static char dir_g[64];   /* test-only: the temporary directory of this driver */

static const char *write_manifest(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir_g, name);
    FILE *f = fopen(path, "w");
    if (!f) return NULL;
    fputs(text, f);
    fclose(f);
    return path;
}

/* Loads text as a manifest; returns it, or NULL with the errors in err. */
static manifest *load(const char *text, char *err, size_t errlen)
{
    const char *path = write_manifest("jobs.lua", text);
    return path ? manifest_load(path, "2026-11-25", err, errlen) : NULL;
}

/* err contains the line "DIR/jobs.lua: " + want. */
static int has_error(const char *err, const char *want)
{
    char line[1024];
    snprintf(line, sizeof line, "%s/jobs.lua: %s", dir_g, want);
    const char *p = strstr(err, line);
    return p && (p[strlen(line)] == '\n' || p[strlen(line)] == '\0');
}

TEST(iso_week_edges)
{
    char w[16];
    CHECK(manifest_iso_week("2026-11-25", w, sizeof w) == 0); CHECK_STR(w, "2026-W48");
    CHECK(manifest_iso_week("2021-01-03", w, sizeof w) == 0); CHECK_STR(w, "2020-W53");
    CHECK(manifest_iso_week("2024-12-30", w, sizeof w) == 0); CHECK_STR(w, "2025-W01");
    CHECK(manifest_iso_week("2020-12-31", w, sizeof w) == 0); CHECK_STR(w, "2020-W53");
    CHECK(manifest_iso_week("2026-01-01", w, sizeof w) == 0); CHECK_STR(w, "2026-W01");
    CHECK(manifest_iso_week("2027-01-03", w, sizeof w) == 0); CHECK_STR(w, "2026-W53");
    CHECK(manifest_iso_week("2026-02-29", w, sizeof w) == -1);
    CHECK(manifest_iso_week("2026-13-01", w, sizeof w) == -1);
    CHECK(manifest_iso_week("26-11-25", w, sizeof w) == -1);
}

TEST(expand_placeholders)
{
    script_param params[] = {{"region", "渝中"}, {"week", "2026-W45"}};
    char out[256], err[256];
    CHECK(manifest_expand("out/{name}-{week}-{date}.pdf", "weekly", "2026-11-25", NULL, 0,
                          out, sizeof out, err, sizeof err) == 0);
    CHECK_STR(out, "out/weekly-2026-W48-2026-11-25.pdf");
    /* params win over the built-in {week} */
    CHECK(manifest_expand("{region}/{week}.pdf", "w", "2026-11-25", params, 2, out, sizeof out, err, sizeof err) == 0);
    CHECK_STR(out, "渝中/2026-W45.pdf");
    CHECK(manifest_expand("a{{b}}.pdf", "w", "2026-11-25", NULL, 0, out, sizeof out, err, sizeof err) == 0);
    CHECK_STR(out, "a{b}.pdf");
    CHECK(manifest_expand("out/{wek}.pdf", "w", "2026-11-25", NULL, 0, out, sizeof out, err, sizeof err) == -1);
    CHECK(strstr(err, "unknown placeholder {wek}") != NULL);
    CHECK(manifest_expand("out/{week.pdf", "w", "2026-11-25", NULL, 0, out, sizeof out, err, sizeof err) == -1);
    CHECK(strstr(err, "unclosed") != NULL);
    CHECK(manifest_expand("{x}", "w", "2026-11-25", NULL, 0, out, 2, err, sizeof err) == -1);
}

TEST(loads_a_valid_manifest)
{
    char err[2048] = "";
    manifest *m = load(
        "local jobs = {}\n"
        "for i, w in ipairs{'2026-W45', '2026-W46'} do\n"
        "  jobs[#jobs + 1] = { name = 'weekly-' .. w, script = 'scripts/weekly.lua',\n"
        "                      output = 'out/weekly-{week}.pdf', params = { week = w, n = i, f = 1.5, t = true } }\n"
        "end\n"
        "jobs[#jobs + 1] = { name = 'digest', script = '../x/./digest.lua', output = './out/../{name}.pdf',\n"
        "                    timeout = 30, max_memory = '256M' }\n"
        "return jobs\n", err, sizeof err);
    if (!m) printf("# %s\n", err);
    CHECK(m != NULL);
    CHECK_INT(manifest_job_count(m), 3);
    const manifest_job *j = manifest_job_at(m, 1);
    char want[256];
    CHECK_INT(j->index, 2);
    CHECK_STR(j->name, "weekly-2026-W46");
    snprintf(want, sizeof want, "%s/scripts/weekly.lua", dir_g);
    CHECK_STR(j->script_path, want);
    snprintf(want, sizeof want, "%s/out/weekly-2026-W46.pdf", dir_g);
    CHECK_STR(j->output_path, want);
    CHECK_STR(j->output_template, "out/weekly-{week}.pdf");
    CHECK_INT(j->param_count, 4);   /* sorted by key */
    CHECK_STR(j->params[0].key, "f"); CHECK_STR(j->params[0].value, "1.5");
    CHECK_STR(j->params[1].key, "n"); CHECK_STR(j->params[1].value, "2");
    CHECK_STR(j->params[2].key, "t"); CHECK_STR(j->params[2].value, "true");
    CHECK_STR(j->params[3].key, "week"); CHECK_STR(j->params[3].value, "2026-W46");
    CHECK(j->timeout_s == 0 && j->max_memory_bytes == 0);
    j = manifest_job_at(m, 2);
    /* dir_g is /tmp/xxx: "../x" leaves it */
    CHECK(strstr(j->script_path, "/x/digest.lua") != NULL && strstr(j->script_path, "./") == NULL);
    snprintf(want, sizeof want, "%s/digest.pdf", dir_g);
    CHECK_STR(j->output_path, want);
    CHECK(j->timeout_s == 30);
    CHECK_INT(j->max_memory_bytes, 256 << 20);
    manifest_destroy(m);
}

TEST(names_job_and_field)
{
    char err[4096] = "";
    manifest *m = load(
        "return {\n"
        "  { name = 'weekly', script = 'w.lua', output = 'out/w.pdf' },\n"
        "  { name = 'a', script = 'w.lua', output = 'out/a.pdf' },\n"
        "  { name = 'digest', output = 'out/d.pdf' },\n"
        "}\n", err, sizeof err);
    CHECK(m == NULL);
    CHECK(has_error(err, "job 3 'digest': field 'script': expected a string, got nil"));
    CHECK(strchr(err, '\n') == NULL);   /* the only error */
}

TEST(reports_every_error)
{
    char err[4096] = "";
    manifest *m = load(
        "return {\n"
        "  { name = 'a', script = 'w.lua', output = 'out/{wek}.pdf' },\n"
        "  { name = 'b', script = 'w.lua', output = 'out/x.pdf', colour = 'red' },\n"
        "  { name = 'a', script = 'w.lua', output = 'out/./x.pdf', timeout = -1 },\n"
        "  { name = 'c', script = 42, output = 'o.pdf', params = { x = {} }, max_memory = '12Q' },\n"
        "  { script = 'w.lua', output = 'n.pdf' },\n"
        "  'd',\n"
        "  { name = 'e/f', script = 'w.lua', output = 'e.pdf', params = 3 },\n"
        "}\n", err, sizeof err);
    CHECK(m == NULL);
    CHECK(has_error(err, "job 1 'a': field 'output': 'out/{wek}.pdf': unknown placeholder {wek} "
                         "(known: {name}, {date}, {week} and the job's params)"));
    CHECK(has_error(err, "job 2 'b': unknown field 'colour' (known: name, script, output, params, timeout, max_memory)"));
    CHECK(has_error(err, "job 3 'a': field 'name': duplicate of job 1"));
    CHECK(has_error(err, "job 3 'a': field 'timeout': expected a number of seconds above 0 (up to a week), got -1"));
    CHECK(strstr(err, "job 3 'a': field 'output': '") != NULL &&
          strstr(err, "/out/x.pdf' is also the output of job 2 'b'") != NULL);
    CHECK(has_error(err, "job 4 'c': field 'script': expected a string, got number"));
    CHECK(has_error(err, "job 4 'c': field 'params': 'x': expected a string, number or boolean, got table"));
    CHECK(has_error(err, "job 4 'c': field 'max_memory': expected a number of bytes or a size such as \"256M\", got 12Q"));
    CHECK(has_error(err, "job 5: field 'name': expected a string, got nil"));
    CHECK(has_error(err, "job 6: expected a table { name=, script=, output= }, got string"));
    CHECK(has_error(err, "job 7: field 'name': must be printable text of 1 to 200 bytes, without '/', controls or invisible characters, and not '.' or '..'"));
    CHECK(has_error(err, "job 7: field 'params': expected a table, got number"));
}

TEST(rejects_what_is_not_a_list)
{
    char err[1024] = "";
    CHECK(load("return nil\n", err, sizeof err) == NULL);
    CHECK(has_error(err, "expected the manifest to return a list of jobs, got nil"));
    CHECK(load("return {}\n", err, sizeof err) == NULL);
    CHECK(has_error(err, "the manifest lists no jobs"));
    CHECK(load("return { weekly = { name = 'w', script = 'w.lua', output = 'o.pdf' } }\n", err, sizeof err) == NULL);
    CHECK(strstr(err, "expected a list of jobs") != NULL);
    CHECK(load("return {\n  { name = 'a',, }\n}\n", err, sizeof err) == NULL);
    char want[256];
    snprintf(want, sizeof want, "%s/jobs.lua:2:", dir_g);   /* Lua's own syntax error, with the line */
    CHECK(strncmp(err, want, strlen(want)) == 0);
    CHECK(manifest_load("/nonexistent/jobs.lua", "2026-11-25", err, sizeof err) == NULL);
    CHECK(strstr(err, "/nonexistent/jobs.lua") != NULL);
}

TEST(sandbox_has_no_os_io_nor_loops_forever)
{
    char err[1024] = "";
    CHECK(load("os.execute('touch /tmp/pwned')\nreturn {}\n", err, sizeof err) == NULL);
    CHECK(strstr(err, "global 'os'") != NULL);
    CHECK(load("return io.open('/etc/passwd')\n", err, sizeof err) == NULL);
    CHECK(strstr(err, "global 'io'") != NULL);
    CHECK(load("return dofile('/etc/passwd')\n", err, sizeof err) == NULL);
    CHECK(strstr(err, "dofile is not allowed in a batch manifest") != NULL);
    CHECK(load("while true do pcall(function() while true do end end) end\n", err, sizeof err) == NULL);
    CHECK(strstr(err, "too long") != NULL);
    CHECK(load("local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(100) .. i end\n", err, sizeof err) == NULL);
    /* out of its 64 MiB, or of its 3 s when the machine is slow */
    CHECK(strstr(err, "MiB") != NULL || strstr(err, "time limit") != NULL);
    /* string, table, math and utf8 are there for computing jobs */
    manifest *m = load("return { { name = string.format('w%02d', math.floor(7.9)) .. utf8.char(0x5468),"
                       " script = table.concat({'a', 'b'}, '/'), output = '{name}.pdf' } }\n", err, sizeof err);
    CHECK(m != NULL);
    CHECK_STR(manifest_job_at(m, 0)->name, "w07周");
    manifest_destroy(m);
}

int main(void)
{
    snprintf(dir_g, sizeof dir_g, "/tmp/brief-manifest.XXXXXX");
    if (!mkdtemp(dir_g)) return 1;
    RUN(iso_week_edges);
    RUN(expand_placeholders);
    RUN(loads_a_valid_manifest);
    RUN(names_job_and_field);
    RUN(reports_every_error);
    RUN(rejects_what_is_not_a_list);
    RUN(sandbox_has_no_os_io_nor_loops_forever);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir_g);
    if (system(cmd) != 0) return 1;
    return harness_done();
}
