/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_script.c — the script runtime through script_run: results, error
 * reports, limits, isolation between runs, outputs committed only on
 * success. (The command line and the API are tested in tests/e2e/run.sh.) */
#include "harness.h"
#include "script/script.h"

#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

static char dir[256];

static const char *write_script(const char *name, const char *body)
{
    static char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f) return NULL;
    fputs(body, f);
    fclose(f);
    return path;
}

static int run(const char *name, const char *body, script_options *o, script_result *r)
{
    o->script_path = write_script(name, body);
    return script_run(o, r);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

TEST(runs_a_script_with_params)
{
    script_param p[] = {{"week", "2023-W43"}};
    script_options o = {0};
    script_result r;
    o.params = p;
    o.param_count = 1;
    CHECK_INT(run("ok.lua", "assert(brief.params.week == '2023-W43')\n"
                            "assert(brief.date.range(brief.params.week).from == '2023-10-23')\n", &o, &r), SCRIPT_OK);
    CHECK(r.message == NULL);
    CHECK(r.output_path == NULL);
    script_result_clear(&r);
}

TEST(syntax_error_names_file_and_line)
{
    script_options o = {0};
    script_result r;
    CHECK_INT(run("syntax.lua", "local x = 1\nx = = 2\n", &o, &r), SCRIPT_ERROR);
    CHECK(strstr(r.message, "syntax.lua:2:") != NULL);
    script_result_clear(&r);
}

TEST(runtime_error_has_traceback)
{
    script_options o = {0};
    script_result r;
    CHECK_INT(run("runtime.lua", "local function f()\n  error('broken')\nend\nf()\n", &o, &r), SCRIPT_ERROR);
    CHECK(strstr(r.message, "runtime.lua:2: broken") != NULL);
    CHECK(strstr(r.message, "stack traceback:") != NULL);
    CHECK(strstr(r.message, "runtime.lua:4:") != NULL);
    script_result_clear(&r);
}

TEST(missing_script_is_io)
{
    script_options o = {0};
    script_result r;
    o.script_path = "/nonexistent/brief/x.lua";
    CHECK_INT(script_run(&o, &r), SCRIPT_IO);
    CHECK(strstr(r.message, "cannot open") != NULL);
    script_result_clear(&r);
}

TEST(timeout_even_through_pcall)
{
    script_options o = {0};
    script_result r;
    o.timeout_s = 0.2;
    CHECK_INT(run("loop.lua", "while true do pcall(function() while true do end end) end\n", &o, &r), SCRIPT_TIMEOUT);
    CHECK(strstr(r.message, "script exceeded its time limit of 0.2 s") != NULL);
    script_result_clear(&r);
}

TEST(cancel_flag_stops_the_run)
{
    static volatile sig_atomic_t cancel = 1;  /* as if Ctrl-C came at once */
    script_options o = {0};
    script_result r;
    o.cancel = &cancel;
    CHECK_INT(run("cancel.lua", "while true do end\n", &o, &r), SCRIPT_CANCELLED);
    CHECK(strstr(r.message, "script interrupted") != NULL);
    script_result_clear(&r);
}

TEST(memory_limit)
{
    script_options o = {0};
    script_result r;
    o.max_memory_bytes = 16 * 1024 * 1024;
    CHECK_INT(run("bomb.lua", "local t = {}\nwhile true do t[#t + 1] = string.rep('x', 1000) .. #t end\n", &o, &r),
              SCRIPT_MEMORY);
    CHECK(strstr(r.message, "script exceeded its memory limit of 16 MB") != NULL);
    script_result_clear(&r);
    /* Caught by pcall and re-raised as a string: still a memory failure. */
    CHECK_INT(run("bomb2.lua", "local ok, e = pcall(string.rep, 'x', 100000000)\nerror(e)\n", &o, &r), SCRIPT_MEMORY);
    script_result_clear(&r);
}

TEST(runs_do_not_share_state)
{
    script_options o = {0};
    script_result r;
    CHECK_INT(run("tamper.lua", "string.rep = nil; rawset(_G, 'print', nil); brief.text = nil; shared = 1\n", &o, &r),
              SCRIPT_OK);
    script_result_clear(&r);
    CHECK_INT(run("clean.lua", "assert(string.rep and print and brief.text.len and shared == nil)\n", &o, &r), SCRIPT_OK);
    script_result_clear(&r);
}

TEST(outputs_only_on_success)
{
    script_options o = {0};
    script_result r;
    char out[512], body[1024];
    FILE *f;
    snprintf(out, sizeof out, "%s/out.txt", dir);
    o.output_path = out;
    CHECK_INT(run("w.lua", "brief.write_output('first')\n", &o, &r), SCRIPT_OK);
    CHECK_STR(r.output_path, out);
    CHECK_INT(r.output_bytes, 5);
    script_result_clear(&r);
    CHECK_INT(run("wfail.lua", "brief.write_output('second')\nerror('late failure')\n", &o, &r), SCRIPT_ERROR);
    CHECK(r.output_path == NULL);
    script_result_clear(&r);
    f = fopen(out, "r");
    CHECK(f != NULL);
    memset(body, 0, sizeof body);
    CHECK(fread(body, 1, sizeof body - 1, f) == 5);
    fclose(f);
    CHECK_STR(body, "first");  /* the earlier output is untouched */
    unlink(out);
    CHECK_INT(run("wfail2.lua", "brief.write_output('x')\nwhile true do end\n", &(script_options){
        .output_path = out, .timeout_s = 0.1}, &r), SCRIPT_TIMEOUT);
    script_result_clear(&r);
    CHECK(!exists(out));
}

TEST(required_modules_are_reported)
{
    script_options o = {0};
    script_result r;
    write_script("helper.lua", "return {answer = 42}\n");
    CHECK_INT(run("main.lua", "local h = require 'helper'\nassert(h.answer == 42)\n"
                              "assert(require 'helper' == h)\n", &o, &r), SCRIPT_OK);
    CHECK_INT(r.module_count, 1);
    CHECK(strstr(r.modules[0], "helper.lua") != NULL);
    script_result_clear(&r);
    o.trust = 1;  /* the standard require, still recorded */
    CHECK_INT(run("main2.lua", "assert(require('helper').answer == 42)\n", &o, &r), SCRIPT_OK);
    CHECK_INT(r.module_count, 1);
    CHECK(strstr(r.modules[0], "helper.lua") != NULL);
    script_result_clear(&r);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/brief-test-script.XXXXXX");
    if (!mkdtemp(dir)) return 1;
    RUN(runs_a_script_with_params);
    RUN(syntax_error_names_file_and_line);
    RUN(runtime_error_has_traceback);
    RUN(missing_script_is_io);
    RUN(timeout_even_through_pcall);
    RUN(cancel_flag_stops_the_run);
    RUN(memory_limit);
    RUN(runs_do_not_share_state);
    RUN(outputs_only_on_success);
    RUN(required_modules_are_reported);
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) return 1;
    }
    return harness_done();
}
