#!/usr/bin/python3
"""Writes the PDF fixtures of a second producer, ReportLab (Debian's
python3-reportlab), from bulletin text written for the tests
(reportlab_source.txt): a structure unlike `brief typeset`'s, so that the PDF
reader is tested on geometry it was not built around.

  reportlab_2col.pdf   A5, a masthead across the top of page 1, then two
                       columns; headlines 15 pt in the sans (wrapping in the
                       column), body 10.5 pt with a two-character first-line
                       indent; a running head over a rule and "第 N 页" at the
                       foot of every page; paragraphs cut by column and page
                       breaks.
  reportlab_spaced.pdf A4, one column, paragraphs without indent separated by
                       space, headlines 20 pt, the running head on the left
                       and the page number on the right of the foot; the
                       document's Title and creation date set.

  tiny.pdf             one line of Latin text in Helvetica (no font embedded),
                       and from it, with qpdf: locked_password.pdf (AES-256,
                       user password "secret") and locked_nocopy.pdf (opens
                       without a password; copying text forbidden).
  scanned.pdf          a page holding only an image: no text layer.

The PDFs are committed beside this script, so the tests do not need
ReportLab; run it again (/usr/bin/python3 make_reportlab.py) after editing the
text. Output is reproducible (invariant=1)."""
import os
import subprocess
import sys

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageTemplate, Paragraph,
                                Spacer, FrameBreak)

rl_config.invariant = 1
HERE = os.path.dirname(os.path.abspath(__file__))
pdfmetrics.registerFont(TTFont("Ming", "/usr/share/fonts/truetype/arphic/uming.ttc", subfontIndex=0))
pdfmetrics.registerFont(TTFont("Hei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))


def read_source():
    """The masthead lines and the articles (title, paragraphs) of the text."""
    blocks = [b.strip() for b in open(os.path.join(HERE, "reportlab_source.txt"), encoding="utf-8").read().split("\n\n")]
    blocks = [b for b in blocks if b]
    masthead, rest = blocks[:3], blocks[3:]
    articles = []
    for b in rest:
        if len(b) < 40 and not b.endswith("。"):
            articles.append((b, []))
        else:
            articles[-1][1].append(b)
    return masthead, articles


def story(masthead, articles, head, body, title_size, masthead_frame):
    s = []
    s.append(Paragraph(masthead[0], ParagraphStyle("m0", fontName="Hei", fontSize=26, leading=32,
                                                   alignment=TA_CENTER, textColor="#c00000")))
    s.append(Paragraph(masthead[1], ParagraphStyle("m1", fontName="Ming", fontSize=11, leading=16,
                                                   alignment=TA_CENTER)))
    s.append(Paragraph(masthead[2], ParagraphStyle("m2", fontName="Ming", fontSize=10, leading=16,
                                                   alignment=TA_CENTER)))
    if masthead_frame:
        s.append(NextPageTemplate("later"))
        s.append(FrameBreak())
    else:
        s.append(NextPageTemplate("later"))
        s.append(Spacer(1, 12))
    for title, paras in articles:
        s.append(Paragraph(title, head))
        for p in paras:
            s.append(Paragraph(p, body))
    return s


def furniture(running, numbered_left):
    def draw(canvas, doc):
        w, h = doc.pagesize
        canvas.saveState()
        canvas.setFont("Hei", 8)
        if doc.page > 1 or numbered_left:
            canvas.drawString(doc.leftMargin, h - 30, running)
            canvas.setLineWidth(0.5)
            canvas.line(doc.leftMargin, h - 34, w - doc.rightMargin, h - 34)
        canvas.setFont("Ming", 9)
        if numbered_left:
            canvas.drawRightString(w - doc.rightMargin, 28, "- %d -" % doc.page)
        else:
            canvas.drawCentredString(w / 2, 24, "第 %d 页" % doc.page)
        canvas.restoreState()
    return draw


def two_columns(masthead, articles, out):
    w, h = A5
    m, gap = 36, 14
    doc = BaseDocTemplate(out, pagesize=A5, leftMargin=m, rightMargin=m, topMargin=46, bottomMargin=44,
                          title="", author="", creator="make_reportlab.py")
    col = (w - 2 * m - gap) / 2
    top_h = 84
    body_h = h - 46 - 44
    first = [Frame(m, h - 46 - top_h, w - 2 * m, top_h, id="masthead", showBoundary=0),
             Frame(m, 44, col, body_h - top_h, id="c1"), Frame(m + col + gap, 44, col, body_h - top_h, id="c2")]
    later = [Frame(m, 44, col, body_h, id="l1"), Frame(m + col + gap, 44, col, body_h, id="l2")]
    draw = furniture("重庆工会信息　2024年第6期", False)
    doc.addPageTemplates([PageTemplate("first", first, onPage=draw), PageTemplate("later", later, onPage=draw)])
    head = ParagraphStyle("h", fontName="Hei", fontSize=15, leading=20, spaceBefore=10, spaceAfter=6,
                          wordWrap="CJK")
    body = ParagraphStyle("b", fontName="Ming", fontSize=10.5, leading=15.5, firstLineIndent=21,
                          alignment=TA_JUSTIFY, wordWrap="CJK")
    doc.build(story(masthead, articles, head, body, 15, True))


def one_column_spaced(masthead, articles, out):
    m = 64
    doc = BaseDocTemplate(out, pagesize=A4, leftMargin=m, rightMargin=m, topMargin=60, bottomMargin=60,
                          title="重庆工会信息 2024年第6期", author="重庆市总工会办公室",
                          creator="make_reportlab.py")
    w, h = A4
    frame = [Frame(m, 60, w - 2 * m, h - 120, id="f")]
    draw = furniture("重庆工会信息", True)
    doc.addPageTemplates([PageTemplate("first", frame, onPage=draw), PageTemplate("later", frame, onPage=draw)])
    head = ParagraphStyle("h", fontName="Hei", fontSize=20, leading=28, spaceBefore=18, spaceAfter=10,
                          alignment=TA_CENTER, wordWrap="CJK")
    body = ParagraphStyle("b", fontName="Ming", fontSize=13, leading=22, spaceAfter=11, alignment=TA_JUSTIFY,
                          wordWrap="CJK")
    doc.build(story(masthead, articles, head, body, 20, False))


def small_ones():
    from reportlab.pdfgen import canvas
    tiny = os.path.join(HERE, "tiny.pdf")
    c = canvas.Canvas(tiny, pagesize=A5)
    c.setFont("Helvetica", 12)
    c.drawString(50, 500, "Union news in brief.")
    c.drawString(50, 480, "The workers' congress met on Monday and agreed the new rules.")
    c.save()
    c = canvas.Canvas(os.path.join(HERE, "scanned.pdf"), pagesize=A5)
    c.drawImage(os.path.join(HERE, "..", "doc", "emblem.png"), 50, 300, width=200, height=200)
    c.save()
    subprocess.run(["qpdf", "--encrypt", "secret", "owner", "256", "--", tiny,
                    os.path.join(HERE, "locked_password.pdf")], check=True)
    subprocess.run(["qpdf", "--encrypt", "", "owner", "256", "--extract=n", "--", tiny,
                    os.path.join(HERE, "locked_nocopy.pdf")], check=True)


def main():
    masthead, articles = read_source()
    two_columns(masthead, articles, os.path.join(HERE, "reportlab_2col.pdf"))
    one_column_spaced(masthead, articles, os.path.join(HERE, "reportlab_spaced.pdf"))
    small_ones()
    return 0


if __name__ == "__main__":
    sys.exit(main())
