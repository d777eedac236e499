#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""make_docx.py — Word (.docx) fixtures for brief's tests, written with
Python's zipfile as minimal valid OOXML (ECMA-376 transitional): the parts
Word needs ([Content_Types].xml, _rels/.rels, word/document.xml, its
relationships, word/styles.xml, docProps/core.xml), nothing else.

  make_docx.py sample [--flavor english|chinese|bold] [--created YYYY-MM-DD]
               [--title T] DB OUTDIR TEXT...
      Each sample bulletin TEXT as a Word author would have typed it, in
      OUTDIR/NAME.docx: the articles `brief ingest --db DB TEXT` stored
      (TEXT named as it was then), after
      the text's lines above the first title. Titles take the Title style
      (the first), Heading 1 and a style of the user's based on it (the
      others), subtitles Subtitle, paragraphs Normal; page numbers and
      running heads are left out (Word keeps them in headers and footers).
      Flavors:
      english (Word's style ids and names), chinese (localised ids and the
      Chinese names 标题, 标题 1, 副标题), bold (no heading styles: headings
      set by hand in bold at 16 pt over a 10.5 pt body).
  make_docx.py chinese OUT.docx
      A bulletin written for the tests with Chinese style names, a table,
      a text box (written twice, as Word does: DrawingML and a VML
      fallback), tracked changes, line and page breaks, and core.xml.
  make_docx.py hostile DIR
      Bad input: a zip bomb (100 MB of document.xml), the same with sizes
      that lie, an XXE document (an external entity naming /etc/passwd), a
      billion-laughs DTD, XML nested 100,000 deep, a truncated .docx, a zip
      with no word/document.xml, an encrypted entry, 20,000 entries, and
      a legacy Word file's magic.
"""
import io
import os
import sqlite3
import struct
import sys
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""

NAMESPACES = ('xmlns:w="%s" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
              'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"' % W)

# style ids and names of each flavor: (Title, Subtitle, Heading 1)
FLAVORS = {
    "english": (("Title", "Title"), ("Subtitle", "Subtitle"), ("Heading1", "heading 1")),
    "chinese": (("a3", "标题"), ("a5", "副标题"), ("1", "标题 1")),
}


def styles_xml(flavor):
    """Normal at 10.5 pt (sz 21) over a docDefaults of 10 pt; the heading
    styles bold and larger, as Word's built-in ones are."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<w:styles xmlns:w="%s">' % W,
           '<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="20"/></w:rPr></w:rPrDefault></w:docDefaults>',
           '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
           '<w:rPr><w:sz w:val="21"/></w:rPr></w:style>',
           '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
           '<w:name w:val="Default Paragraph Font"/></w:style>',
           '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>']
    if flavor in FLAVORS:
        (tid, tname), (sid, sname), (hid, hname) = FLAVORS[flavor]
        out.append('<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/><w:basedOn w:val="Normal"/>'
                   '<w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>' % (tid, tname))
        out.append('<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/><w:basedOn w:val="Normal"/>'
                   '<w:rPr><w:sz w:val="28"/></w:rPr></w:style>' % (sid, sname))
        out.append('<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/><w:basedOn w:val="Normal"/>'
                   '<w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>'
                   % (hid, hname))
        # a style of the user's own, based on Heading 1: a heading by its chain
        out.append('<w:style w:type="paragraph" w:customStyle="1" w:styleId="Mine"><w:name w:val="Bulletin head"/>'
                   '<w:basedOn w:val="%s"/></w:style>' % hid)
    out.append('</w:styles>')
    return "\n".join(out)


def core_xml(title=None, created=None):
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
             'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">']
    if title:
        parts.append("<dc:title>%s</dc:title>" % escape(title))
    parts.append("<dc:creator>brief tests</dc:creator>")
    if created:
        parts.append('<dcterms:created xsi:type="dcterms:W3CDTF">%sT08:00:00Z</dcterms:created>' % created)
    parts.append("</cp:coreProperties>")
    return "\n".join(parts)


def run(text, bold=False, size=None):
    rpr = ""
    if bold or size:
        rpr = "<w:rPr>%s%s</w:rPr>" % ("<w:b/>" if bold else "", '<w:sz w:val="%d"/>' % size if size else "")
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, escape(text))


def para(runs, style=None, extra_ppr=""):
    ppr = ""
    if style or extra_ppr:
        ppr = "<w:pPr>%s%s</w:pPr>" % ('<w:pStyle w:val="%s"/>' % style if style else "", extra_ppr)
    return "<w:p>%s%s</w:p>" % (ppr, "".join(runs))


def document_xml(body):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s><w:body>%s'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>' % (NAMESPACES, body))


def write_docx(path, document, styles=None, core=None, extra=()):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/document.xml", document)
        if styles is not None:
            z.writestr("word/styles.xml", styles)
        if core is not None:
            z.writestr("docProps/core.xml", core)
        for name, data in extra:
            z.writestr(name, data)


def read_text_lines(path):
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def sample(db, text_path, out, flavor="english", created=None, title=None):
    """The bulletin stored from text_path in db (brief's database: the
    articles as the text gave them) as a Word author would have typed it:
    the lines above the first title as they are (masthead), then each
    article's title, subtitle, paragraphs and captions, one Word paragraph
    each. Page numbers and running heads inside the text are left out: Word
    keeps them in headers and footers."""
    con = sqlite3.connect(db)
    row = con.execute("SELECT id FROM bulletins WHERE file_name = ?", (text_path,)).fetchone()
    if not row:
        raise SystemExit("make_docx.py: %s is not stored in %s" % (text_path, db))
    arts = con.execute("SELECT id, title, subtitle, body FROM articles WHERE bulletin_id = ? ORDER BY id",
                       (row[0],)).fetchall()
    captions = {}
    try:
        for aid, cap in con.execute("SELECT article_id, text FROM captions ORDER BY article_id, seq"):
            captions.setdefault(aid, []).append(cap)
    except sqlite3.Error:
        pass
    header = []
    first = arts[0][1] if arts else ""
    for line in read_text_lines(text_path):
        t = line.strip().strip("\u3000").strip()
        if t and (first.startswith(t) or t.startswith(first)):
            break
        if t:
            header.append(t)
    body = [para([run(t)]) for t in header]
    for k, (aid, atitle, subtitle, text) in enumerate(arts):
        if flavor == "bold":
            body.append(para([run(atitle, bold=True, size=32)]))
            if subtitle:
                body.append(para([run(subtitle, size=28)]))
        else:
            (tid, _), (sid, _), (hid, _) = FLAVORS[flavor]
            body.append(para([run(atitle)], tid if k == 0 else ("Mine" if k == 2 else hid)))
            if subtitle:
                body.append(para([run(subtitle)], sid))
        for t in text.split("\n"):
            # the first character in a character style of its own: the
            # paragraph is still in the body's size and weight
            body.append(para(['<w:r><w:rPr><w:rStyle w:val="DefaultParagraphFont"/></w:rPr>'
                              '<w:t>%s</w:t></w:r>' % escape(t[:1]), run(t[1:])]))
        for cap in captions.get(aid, []):
            body.append(para([run(cap)]))
    write_docx(out, document_xml("".join(body)), styles_xml(flavor), core_xml(title, created))


# ---- a bulletin written for the tests: Chinese style names, a table, a text box ----

def chinese(out):
    s = FLAVORS["chinese"]
    tbl_rows = [("项目", "数量", "备注"), ("走访企业", "36家", "覆盖三个园区"), ("慰问职工", "1200余人", "一线为主")]
    table = "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
    for r in tbl_rows:
        table += "<w:tr>" + "".join("<w:tc><w:tcPr/>%s</w:tc>" % para([run(c)]) for c in r) + "</w:tr>"
    table += "</w:tbl>"
    textbox = ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
               '<a:graphicData><wps:wsp><wps:txbx><w:txbxContent>%s</w:txbxContent></wps:txbx></wps:wsp>'
               '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
               '<v:textbox><w:txbxContent>%s</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
               '</mc:AlternateContent></w:r></w:p>')
    box = para([run("图为活动现场职工参加技能比武。")])
    body = [
        para([run("渝北区工会工作简报")], s[0][0]),
        para([run("第12期")]),
        para([run("渝北区总工会 2024年3月15日")]),
        para([run("渝北区总工会开展春季职工技能比武")], s[2][0]),
        para([run("——参赛职工超过八百人")], s[1][0]),
        para([run("3月12日,渝北区总工会在空港工业园举办春季职工技能比武,设置电工、焊工、叉车三个项目。")]),
        # a tracked change: the deleted words are not read, the inserted are
        para([run("比赛采取理论考试与实际操作相结合的方式,"),
              '<w:del w:id="1" w:author="x"><w:r><w:delText>共有九百人报名,</w:delText></w:r></w:del>',
              '<w:ins w:id="2" w:author="x">%s</w:ins>' % run("各项目前三名由区总工会颁发证书,"),
              run("成绩优异者按程序申报技术能手。")]),
        textbox % (box, box),
        para([run("本次活动的组织情况如下:")]),
        table,
        # a line broken inside a paragraph (Shift+Enter), a tab, a page break
        para([run("区总工会有关负责人表示,"), "<w:r><w:br/></w:r>", run("将持续开展技能比武,"),
              "<w:r><w:tab/></w:r>", run("推动产业工人队伍建设改革。")]),
        para(["<w:r><w:br w:type=\"page\"/></w:r>"]),
        # outline level set on the paragraph itself, no heading style
        para([run("渝北区总工会慰问环卫职工")], None, '<w:outlineLvl w:val="0"/>'),
        para([run("近日,渝北区总工会走访慰问一线环卫职工,送去防寒衣物和慰问金。")]),
        para([run("区总工会将为环卫职工免费体检,并对困难家庭开展帮扶。")]),
    ]
    write_docx(out, document_xml("".join(body)), styles_xml("chinese"),
               core_xml("渝北区工会工作简报 第12期", "2024-03-14"))


# ---- hostile input ------------------------------------------------------------------

def simple_document(text="工会新闻一则。"):
    return document_xml(para([run(text)]))


def headers(b, name=None):
    """The offsets of the local headers (PK 3 4) and central directory
    records (PK 1 2) of b, with the offset of their 'flags' field and of
    their uncompressed size, for entry name (every entry when None)."""
    for sig, flags, size, nlen, noff in ((b"PK\x03\x04", 6, 22, 26, 30), (b"PK\x01\x02", 8, 24, 28, 46)):
        i = b.find(sig)
        while i >= 0:
            n = struct.unpack_from("<H", b, i + nlen)[0]
            if name is None or bytes(b[i + noff:i + noff + n]) == name.encode():
                yield i + flags, i + size
            i = b.find(sig, i + 4)


def patch_sizes(data, name, size):
    """Rewrites the uncompressed size of entry name, in its local header and
    in the central directory, to size: a zip whose sizes lie."""
    b = bytearray(data)
    for _, at in list(headers(b, name)):
        struct.pack_into("<I", b, at, size)
    return bytes(b)


def set_encrypted(data):
    """Sets the 'encrypted' bit of every entry (general purpose flag bit 0),
    as a password-protected zip has it."""
    b = bytearray(data)
    for at, _ in list(headers(b)):
        struct.pack_into("<H", b, at, struct.unpack_from("<H", b, at)[0] | 1)
    return bytes(b)


def hostile(outdir):
    os.makedirs(outdir, exist_ok=True)
    p = lambda name: os.path.join(outdir, name)
    # a bomb: 100 MB of spaces inside one w:t compresses to about 100 KB
    filler = b" " * (1 << 20)
    with zipfile.ZipFile(p("bomb.docx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open("word/document.xml", "w") as f:
            f.write(b'<?xml version="1.0"?><w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>' % W.encode())
            for _ in range(100):
                f.write(filler)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")
    # the same bomb, its sizes saying 1 KB
    open(p("bomb_lying.docx"), "wb").write(patch_sizes(open(p("bomb.docx"), "rb").read(), "word/document.xml", 1024))
    # XXE: an external entity naming /etc/passwd, used in the text
    xxe = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
           '<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>工会新闻&xxe;</w:t></w:r></w:p></w:body></w:document>' % W)
    write_docx(p("xxe.docx"), xxe)
    # billion laughs: ten entities of ten
    ents = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        '<!ENTITY a%d "%s">' % (i, ("&a%d;" % (i - 1)) * 10) for i in range(1, 10))
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE w:document [%s]>\n<w:document xmlns:w="%s"><w:body><w:p><w:r>'
              '<w:t>&a9;</w:t></w:r></w:p></w:body></w:document>' % (ents, W))
    write_docx(p("laughs.docx"), laughs)
    # 100,000 nested elements
    deep = ('<?xml version="1.0"?><w:document xmlns:w="%s"><w:body>' % W + "<w:sdt><w:sdtContent>" * 50000 +
            para([run("深处的文字。")]) + "</w:sdtContent></w:sdt>" * 50000 + "</w:body></w:document>")
    write_docx(p("deep.docx"), deep)
    # truncated: the last third cut off (the central directory with it)
    buf = io.BytesIO()
    write_docx(buf, simple_document("一段被截断的文字。" * 200), styles_xml("english"), core_xml())
    data = buf.getvalue()
    open(p("truncated.docx"), "wb").write(data[: len(data) * 2 // 3])
    # a zip that is not a Word document
    with zipfile.ZipFile(p("notword.docx"), "w") as z:
        z.writestr("readme.txt", "not a Word document")
    # an encrypted entry
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", simple_document())
    open(p("encrypted.docx"), "wb").write(set_encrypted(buf.getvalue()))
    # 20,000 entries
    with zipfile.ZipFile(p("many_entries.docx"), "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", simple_document())
        for i in range(20000):
            z.writestr("word/media/e%d.txt" % i, "")
    # a Word 97-2003 file: the OLE2 magic and a sector of nothing
    open(p("legacy.doc"), "wb").write(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504)
    # malformed XML
    write_docx(p("malformed.docx"), '<?xml version="1.0"?><w:document xmlns:w="%s"><w:body><w:p>' % W)


def main(argv):
    args, opts = [], {"flavor": "english", "created": None, "title": None}
    rest = argv[1:]
    while rest:
        a = rest.pop(0)
        if a.startswith("--") and a[2:] in opts and rest:
            opts[a[2:]] = rest.pop(0)
        else:
            args.append(a)
    if len(args) >= 4 and args[0] == "sample":
        for text in args[3:]:
            base = os.path.splitext(os.path.basename(text))[0]
            sample(args[1], text, os.path.join(args[2], base + ".docx"), **opts)
    elif len(args) == 2 and args[0] == "chinese":
        chinese(args[1])
    elif len(args) == 2 and args[0] == "hostile":
        hostile(args[1])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
