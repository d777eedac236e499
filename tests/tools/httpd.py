#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/tools/httpd.py — the web server of tests/e2e/ingest_html.sh: on
127.0.0.1 only, on a free port it writes to PORTFILE, serving ROOT's files
and the misbehaving addresses a fetch must survive. Runs until killed.

    httpd.py ROOT PORTFILE

Besides ROOT's files (with a Last-Modified of their mtime, like
python3 -m http.server):
  /status/N          answers N with a short body
  /redirect/N        redirects to /redirect/N+1, forever
  /to-ftp            redirects to ftp://127.0.0.1/x (a scheme not fetched)
  /hop/N             N redirects, then /page-lastmod
  /slow              sends headers, then one byte a second
  /huge              a text/html body of 70 MB (no Content-Length)
  /gbk-header        a GBK page whose only charset is the HTTP header's
  /page-lastmod      a page with no date of its own, Last-Modified 2023-06-09
  /never             (written to PORTFILE.never: another port) a socket that
                     listens and never answers
"""
import os
import socket
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

ROOT, PORTFILE = sys.argv[1], sys.argv[2]

GBK_PAGE = """<!DOCTYPE html>
<html><head><title>荣昌区职工运动会开幕_工会动态</title></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/news/">工会动态</a></div>
<h1>荣昌区职工运动会开幕</h1>
<div class="info">发布时间：2023-11-02　来源：荣昌区总工会</div>
<div class="content">
<p>11月1日，荣昌区第五届职工运动会在区体育中心开幕，来自全区各行业的六百余名职工参加开幕式。</p>
<p>本届运动会设拔河、跳绳、乒乓球和趣味接力等九个项目，比赛将持续到本月中旬。</p>
</div>
<div class="footer">版权所有：荣昌区总工会</div>
</body></html>
""".encode("gbk")

LASTMOD_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>职工书法作品展开展</title></head>
<body>
<h1>职工书法作品展开展</h1>
<div class="text">
<p>区文化馆近日举办职工书法作品展，展出全区职工创作的书法作品一百二十件，展期两周。</p>
<p>参展作者中既有退休老职工，也有刚入职的青年职工，作品内容多取材于本地风光。</p>
</div>
</body></html>
""".encode("utf-8")


class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=ROOT, **kwargs)

    def log_message(self, *args):
        pass

    def send_body(self, code, body, ctype="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        p = self.path
        if p.startswith("/status/"):
            code = int(p.split("/")[2])
            return self.send_body(code, b"<html><body>status</body></html>")
        if p.startswith("/redirect/"):
            return self.redirect("/redirect/%d" % (int(p.split("/")[2]) + 1))
        if p == "/to-ftp":
            return self.redirect("ftp://127.0.0.1/x")
        if p.startswith("/hop/"):
            n = int(p.split("/")[2])
            return self.redirect("/hop/%d" % (n - 1) if n > 1 else "/page-lastmod")
        if p == "/page-lastmod":
            return self.send_body(200, LASTMOD_PAGE, "text/html",
                                  [("Last-Modified", "Fri, 09 Jun 2023 08:00:00 GMT")])
        if p == "/gbk-header":
            return self.send_body(200, GBK_PAGE, "text/html; charset=GBK")
        if p == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(120):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
            return
        if p == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + "大".encode() * 20000 + b"</p>\n"
            try:
                self.wfile.write(b"<html><body>")
                sent = 0
                while sent < 70 << 20:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            return
        return super().do_GET()


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    never = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    never.bind(("127.0.0.1", 0))
    never.listen(8)   # never accepted: a connection waits, unanswered
    with open(PORTFILE + ".never.tmp", "w") as f:
        f.write("%d\n" % never.getsockname()[1])
    os.rename(PORTFILE + ".never.tmp", PORTFILE + ".never")
    with open(PORTFILE + ".tmp", "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(PORTFILE + ".tmp", PORTFILE)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
