/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_urlfetch.c — the fetcher's pure parts: which arguments are web
 * addresses, which name another scheme, the host of an address (for the
 * polite delay and the source), and a refusal before libcurl is loaded.
 * Fetching itself is tests/e2e/ingest_html.sh's, against a local server. */
#include "harness.h"
#include "intake/urlfetch.h"

#include <string.h>

TEST(addresses_and_schemes)
{
    CHECK(urlfetch_is_url("https://www.example.org.cn/a.html"));
    CHECK(urlfetch_is_url("HTTP://EXAMPLE.COM"));
    CHECK(!urlfetch_is_url("ftp://example.com/a"));
    CHECK(!urlfetch_is_url("httpx://example.com"));
    CHECK(!urlfetch_is_url("pages/http://x"));
    CHECK(urlfetch_has_scheme("ftp://example.com/a"));
    CHECK(urlfetch_has_scheme("file:///etc/passwd"));
    CHECK(!urlfetch_has_scheme("C://x"));           /* one letter: a drive, not a scheme */
    CHECK(!urlfetch_has_scheme("bulletins/a.txt"));
    CHECK(!urlfetch_has_scheme("://x"));
}

TEST(host_of_an_address)
{
    char h[64];
    CHECK(urlfetch_host("https://www.Example.org.cn/a/b.html?x=1", h, sizeof h) == 0 && strcmp(h, "www.example.org.cn") == 0);
    CHECK(urlfetch_host("http://127.0.0.1:8080/x", h, sizeof h) == 0 && strcmp(h, "127.0.0.1") == 0);
    CHECK(urlfetch_host("http://user:pw@host.example:81", h, sizeof h) == 0 && strcmp(h, "host.example") == 0);
    CHECK(urlfetch_host("http://[::1]:8080/", h, sizeof h) == 0 && strcmp(h, "[::1]") == 0);
    CHECK(urlfetch_host("http://host#frag", h, sizeof h) == 0 && strcmp(h, "host") == 0);
    CHECK(urlfetch_host("http:///path", h, sizeof h) == -1);
    CHECK(urlfetch_host("no scheme", h, sizeof h) == -1);
    CHECK(urlfetch_host("http://a-very-long-host-name.example", h, 8) == -1);
}

TEST(not_an_address_refused_first)
{
    urlfetch_limits lim = {5, 5, 1 << 20, 5};
    urlfetch_result r;
    char err[128] = "";
    CHECK_INT(urlfetch_get("file:///etc/passwd", &lim, &r, err, sizeof err), URLFETCH_BAD_URL);
    CHECK(strstr(err, "only http:// and https://") != NULL);
    CHECK(r.body == NULL && r.final_url == NULL);
    urlfetch_result_free(&r);   /* a zeroed result */
    urlfetch_result_free(NULL);
}

int main(void)
{
    RUN(addresses_and_schemes);
    RUN(host_of_an_address);
    RUN(not_an_address_refused_first);
    return harness_done();
}
