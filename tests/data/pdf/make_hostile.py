#!/usr/bin/python3
"""Writes hostile PDFs by hand (no library) into the folder given, for
tests/e2e/ingest_pdf.sh: made at test time, as they are small to describe and
some are large to store.

  control_offpage.pdf  two paragraphs 100 pt apart, control characters in a
                       string, text placed a billion points off the page
  giant_page.pdf       a MediaBox of 10 million points a side
  page_tree_loop.pdf   a page tree whose Kids include itself
  deep_nesting.pdf     100,000 nested arrays in a page's dictionary
  many_lines.pdf       200,000 one-point glyphs on one page
  many_heads.pdf       1,000 pages of 50 one-point lines in the top band
  bomb.pdf (--bomb)    a content stream that inflates 400 KB to 400 MB of
                       no-ops: poppler runs until the reader's time limit"""
import os
import sys
import zlib


def pdf(objs, path):
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    with open(path, "wb") as f:
        f.write(out)


def page_with(content, path, extra=b"", box=b"0 0 595 842"):
    stream = zlib.compress(content, 9)
    pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
         b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [" + box + b"] /Contents 4 0 R"
         b" /Resources << /Font << /F1 5 0 R >> >> " + extra + b">>",
         b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
         b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"], path)


def main():
    out = sys.argv[1]
    page_with(b"BT /F1 12 Tf 72 700 Td (Union news in brief.) Tj ET "
              b"BT /F1 12 Tf 1000000000 1000000000 Td (far away) Tj ET "
              b"BT /F1 12 Tf 72 600 Td (The congress \000\001\033 met.) Tj ET",
              os.path.join(out, "control_offpage.pdf"))
    page_with(b"BT /F1 12 Tf 72 700 Td (A giant page.) Tj ET", os.path.join(out, "giant_page.pdf"),
              box=b"0 0 10000000 10000000")
    pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"], os.path.join(out, "page_tree_loop.pdf"))
    page_with(b"BT /F1 12 Tf 72 700 Td (Deep.) Tj ET", os.path.join(out, "deep_nesting.pdf"),
              b"/Foo " + b"[" * 100000 + b"]" * 100000 + b" ")
    page_with(b"BT /F1 1 Tf " + b"".join(b"1 0 0 1 10 %d Tm (x) Tj " % (i % 800) for i in range(200000)) + b"ET",
              os.path.join(out, "many_lines.pdf"))
    # 1,000 pages, each eight lines of body text under 50 one-point lines in
    # the top band, smaller than the body, in words no other page has (each
    # a running head candidate seen once: checked against every line of the
    # document, that was 10^10 comparisons in brief's own process)
    def word(n):
        return b"".join(bytes([97 + (n // 26 ** k) % 26]) for k in range(3))
    pages = []
    for k in range(1000):
        heads = b"".join(b"1 0 0 1 40 %d Tm (%s%s) Tj " % (835 - 2 * i, word(k), word(i)) for i in range(50))
        body = b"".join(b"1 0 0 1 72 %d Tm (The body of the page, set in twelve point type, line %s.) Tj " % (400 - 14 * j, word(j))
                        for j in range(8))
        pages.append(zlib.compress(b"BT /F1 12 Tf " + body + b"ET BT /F1 1 Tf " +
                                   heads + b"ET", 9))
    kids = b" ".join(b"%d 0 R" % (4 + 2 * k) for k in range(1000))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count 1000 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for k in range(1000):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                    b" /Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * k))
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(pages[k]) + pages[k] + b"\nendstream")
    pdf(objs, os.path.join(out, "many_heads.pdf"))
    if "--bomb" in sys.argv:
        page_with(b"BT /F1 12 Tf 72 700 Td (Union news) Tj ET\n" + b"q Q\n" * (100 << 20),
                  os.path.join(out, "bomb.pdf"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
