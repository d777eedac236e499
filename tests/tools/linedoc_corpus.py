#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpus of tests/fuzz/fuzz_linedoc.c: documents in the
byte form of engine/ingest/linedoc.c (linedoc_encode), made from the lines a
structured reader would find in original bulletin-shaped text.
Usage: linedoc_corpus.py DIR"""
import struct, sys, os

MAGIC = b"BRLIN2\0\0"

def string(s):
    if s is None:
        return struct.pack("<I", 0)
    b = s.encode()
    return struct.pack("<I", len(b) + 1) + b

def doc(lines, hints):
    out = MAGIC + struct.pack("<I", len(lines))
    for i, (text, level, rel, bold, caption, furniture) in enumerate(lines):
        out += struct.pack("<IIIfIIIIf", i + 1, 0, level + 1, rel, bold, caption, 0, 0, -1.0)
        out += string(furniture) + string(text)
    for h in hints:
        out += string(h)
    return out

def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    page = [
        ("首页 > 工会动态 > 基层风采", 0, 0, 0, 0, "html-breadcrumb"),
        ("", 0, 0, 0, 0, None),
        ("区总工会开展职工技能比武活动", 1, 1.8, 1, 0, None),
        ("发布时间：2023-10-24  来源：区总工会", 0, 0.9, 0, 0, None),
        ("", 0, 0, 0, 0, None),
        ("10月23日，区总工会在职工活动中心举办技能比武，来自12家企业的80余名职工参赛。", 0, 1.0, 0, 0, None),
        ("", 0, 0, 0, 0, None),
        ("比武现场", 0, 0.85, 0, 1, None),
        ("", 0, 0, 0, 0, None),
        ("比赛设焊工、电工两个项目，评出一等奖2名。", 0, 1.0, 0, 0, None),
        ("分享到：微信 微博", 0, 0, 0, 0, "html-share"),
    ]
    hints = ["区总工会开展职工技能比武活动 - 示例区总工会", None, "2023-10-24T09:30:00+08:00",
             "https://example.org/news/1024.html", "示例区总工会"]
    with open(os.path.join(d, "page"), "wb") as f:
        f.write(doc(page, hints))
    word = [
        ("渝工简报", 1, 2.2, 1, 0, None), ("", 0, 0, 0, 0, None),
        ("第 12 期", 0, 1.0, 0, 0, None), ("", 0, 0, 0, 0, None),
        ("市总工会召开季度工作会", 2, 1.4, 1, 0, None), ("", 0, 0, 0, 0, None),
        ("会议总结了第三季度工作。", -1, 1.0, 0, 0, None), ("", 0, 0, 0, 0, None),
        ("单位 人数 金额", -1, 1.0, 0, 0, None), ("甲 12 3000", -1, 1.0, 0, 0, None),
    ]
    with open(os.path.join(d, "word"), "wb") as f:
        f.write(doc(word, [None, "办公室", "2023-10-25", None, None]))
    with open(os.path.join(d, "empty"), "wb") as f:
        f.write(doc([], [None] * 5))

main()
