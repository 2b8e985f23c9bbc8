#!/usr/bin/env python3
"""Write the PDF test pages in this folder (stdlib only; the same bytes on every run).

  python3 testdata/pdf/make.py

Each page is set the way an e-paper PDF sets one: a CID font (Identity-H, two bytes a
glyph) and, unless told otherwise, a ToUnicode map, every line placed with its own
`Td`. No font program is embedded: readers take the glyph widths from `/W` (one em for
every glyph here), which is all a text layer needs.

  page.pdf          one page: running head, two articles each over two columns, folio
  two-pages.pdf     page.pdf's page and another one (an issue)
  no-tounicode.pdf  page.pdf's page without its ToUnicode map: glyph numbers, no text
  image-only.pdf    a page with no text at all (a scan without an OCR layer)
  spaced.pdf        a list set with ideographic spaces down a column beside another
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
W, H = 842.0, 1191.0  # A3 portrait, in points
BODY = 10.5
LEAD = 15.0


def column(text, x, y, width, size=BODY, indent=True, rows=None):
    """Lines of `text` set in a column `width` points wide from (x, y), paragraphs
    split at newlines, each opening two ems in (not the first when `indent` is off: it
    goes on from the column before), at most `rows` of them: [(x, y, size, line)] and
    the text left over."""
    per = int(width // size)
    out = []
    paras = text.split("\n")
    for n, para in enumerate(paras):
        first = indent or n > 0
        while para:
            if rows is not None and len(out) == rows:
                return out, "\n".join([para] + paras[n + 1:])
            room = per - 2 if first else per
            line, para = para[:room], para[room:]
            out.append((x + (2 * size if first else 0.0), y, size, line))
            y -= LEAD
            first = False
    return out, ""


ARTICLES = [
    ("城市书房夜里也亮着灯　读者多了三成",
     "本报讯（记者　林晓）入冬以来，城区十二家城市书房把闭馆时间推迟到晚上十点，夜里来读书的人比去年多了三成。"
     "管理员说，下班后来借书的年轻人最多，周末还有不少家长带着孩子来上绘本课。\n"
     "书房里的座位常常坐满。为此，街道在旁边的社区中心又腾出两间屋子，添了六十个座位，"
     "并请志愿者轮流值守，保证夜里的安全。\n"
     "不少读者在留言簿上写下建议，希望增加报刊和地方文献的种类。管理处表示，明年将与市图书馆通借通还，"
     "读者在任何一家书房借的书都可以就近归还。",
     "老街修缮完工",
     "本报讯　历时八个月的老街修缮工程日前完工，青石板路和木质门窗按原样修复，沿街的老字号陆续重新开张。\n"
     "居民们说，修缮后的老街既保留了原来的样子，走起来也更方便了。"),
    ("江边步道连成一线　市民散步不再绕路",
     "本报讯（记者　周岚）江边步道最后一段上月贯通，从大桥到码头的十二公里连成一线，早晚来散步和跑步的人明显多了。"
     "步道沿线新设了八处休息点，每处都有饮水机和长椅。\n"
     "施工方介绍，为了不挡住江景，护栏改用了低矮的石栏，夜里的路灯也换成了朝下照的灯具。\n"
     "附近的居民说，过去走到码头要绕两条马路，现在沿着江边一直走就到了，孩子们放学后也爱来这里骑车。",
     "菜市场推出夜间摊位",
     "本报讯　为方便下班晚的居民买菜，东门菜市场从本周起开设夜间摊位，营业到晚上九点。\n"
     "摊主们说，头几天的生意比预想的好，蔬菜和豆制品卖得最快。"),
]


def page_one(k):
    """Page `k`: the running head, two articles one under the other, each over two
    columns under its headline, the folio."""
    head, body, head2, body2 = ARTICLES[(k - 1) % len(ARTICLES)]
    lines = [(60, H - 50, 9.0, "晨光日报"), (360, H - 50, 9.0, "2026年12月5日　星期六"), (720, H - 50, 9.0, f"第{k}版")]
    lines.append((60, H - 110, 26.0, head))
    col1, rest = column(body, 60, H - 150, 220, rows=7)
    col2, _ = column(rest, 300, H - 150, 220, indent=False)
    lines += col1 + col2
    lines.append((60, H - 300, 16.0, head2))
    col3, rest = column(body2, 60, H - 330, 220, rows=3)
    col4, _ = column(rest, 300, H - 330, 220, indent=False)
    lines += col3 + col4
    lines.append((400, 40, 9.0, f"{k}"))
    return lines


def page_spaced():
    """A headline over two columns an em and a half apart; the first column lists
    holdings a line each, an ideographic space after each bank's name, so the spaces
    stand one under another like a narrow gutter."""
    lines = [(60, H - 110, 26.0, "汇金险资联袂增持")]
    listing = ["今年一季度，汇金", "公司又在二级市场增持：", "工商银行　五千万股、", "中国银行　八千万股、",
               "农业银行　二千万股、", "建设银行　二千万股。", "同时险资继续增持四大", "行，市场人士认为这是看",
               "好银行股的信号。"]
    y = H - 150
    for k, t in enumerate(listing):
        x = 60 + (3 * BODY if k == 0 else 0.0)
        # A justified line sets the text after its space 0.4 em further on.
        head, space, tail = t.partition("　")
        lines.append((x, y, BODY, head + space))
        if tail:
            lines.append((x + (len(head) + 1.4) * BODY, y, BODY, tail))
        y -= LEAD
    right, _ = column("分析人士说，银行股的估值已经处在历史低位，长期资金入场有助于稳定市场预期，"
                      "投资者不必过度悲观。", 60 + 12.5 * BODY, H - 150, 11 * BODY)
    return lines + right


def pdf(pages, to_unicode=True):
    """The bytes of a PDF of `pages`, each a list of (x, y, size, text)."""
    cids = {}
    for page in pages:
        for _, _, _, t in page:
            for c in t:
                cids.setdefault(c, len(cids) + 1)
    objs = []  # object bodies, numbered from 1

    def add(body):
        objs.append(body)
        return len(objs)

    cmap = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
            "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(cids.items(), key=lambda kv: kv[1])
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        cmap.append(f"{len(chunk)} beginbfchar")
        cmap += [f"<{cid:04X}> <{''.join(f'{u:04X}' for u in utf16(c))}>" for c, cid in chunk]
        cmap.append("endbfchar")
    cmap += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    cmap_obj = add(stream("\n".join(cmap).encode())) if to_unicode else None
    desc = add(b"<< /Type /FontDescriptor /FontName /NewsmendTest /Flags 4 /FontBBox [0 -120 1000 880] "
               b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    cid_font = add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NewsmendTest "
                   f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                   f"/FontDescriptor {desc} 0 R /DW 1000 /CIDToGIDMap /Identity >>".encode())
    tu = f" /ToUnicode {cmap_obj} 0 R" if cmap_obj else ""
    font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /NewsmendTest /Encoding /Identity-H "
               f"/DescendantFonts [{cid_font} 0 R]{tu} >>".encode())
    pages_obj = len(objs) + 2 * len(pages) + 1
    kids = []
    for page in pages:
        ops = []
        for x, y, size, t in page:
            hexs = "".join(f"{cids[c]:04X}" for c in t)
            ops.append(f"BT /F1 {size} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm <{hexs}> Tj ET")
        content = add(stream("\n".join(ops).encode()))
        kids.append(add(f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {W} {H}] "
                        f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode()))
    assert add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()) == pages_obj
    catalog = add(f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode())
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def utf16(c):
    b = c.encode("utf-16-be")
    return [int.from_bytes(b[i:i + 2], "big") for i in range(0, len(b), 2)]


def stream(data):
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def main():
    files = {
        "page.pdf": pdf([page_one(1)]),
        "two-pages.pdf": pdf([page_one(1), page_one(2)]),
        "no-tounicode.pdf": pdf([page_one(1)], to_unicode=False),
        "image-only.pdf": pdf([[]]),
        "spaced.pdf": pdf([page_spaced()]),
    }
    for name, data in files.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
