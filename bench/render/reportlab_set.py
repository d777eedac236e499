# SPDX-License-Identifier: GPL-3.0-or-later
"""The same document set with ReportLab, for bench/render/run to compare.

Reads the text `brief typeset --print-text` prints (one title, subtitle or
paragraph a line), sets titles in WenQuanYi Micro Hei 18 pt centred and the
rest in AR PL UMing CN 12 pt, justified, wordWrap='CJK', two-character
first-line indent, "- N -" footers: the layout brief typeset uses.
usage: /usr/bin/python3 reportlab_set.py TEXT OUT.pdf
"""
import re
import sys

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate
from xml.sax.saxutils import escape

pdfmetrics.registerFont(TTFont("UMing", "/usr/share/fonts/truetype/arphic/uming.ttc", subfontIndex=0))
pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))

body = ParagraphStyle("body", fontName="UMing", fontSize=12, leading=19.2, alignment=TA_JUSTIFY,
                      firstLineIndent=24, wordWrap="CJK")
title = ParagraphStyle("title", fontName="WQY", fontSize=18, leading=26, alignment=TA_CENTER,
                       spaceBefore=18, spaceAfter=6, wordWrap="CJK", keepWithNext=1)

# a title: no sentence-ending punctuation at its end (as the bulletins are written)
ENDS = re.compile(r"[。!?!?”」)):;;,,]$")


def footer(canvas, doc):
    canvas.setFont("UMing", 9)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, "- %d -" % doc.page)


def main():
    lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    story = []
    for line in lines:
        story.append(Paragraph(escape(line), body if ENDS.search(line) else title))
    doc = SimpleDocTemplate(sys.argv[2], pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                            topMargin=25 * mm, bottomMargin=25 * mm)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    print(doc.page)


main()
