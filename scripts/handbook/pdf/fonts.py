"""挤压标点用的半宽标点字体（只在生成 PDF 时临时生成，嵌入 PDF）。

相邻标点（“）。”“》《”“，“”）要去掉前一个标点的半字空白。OpenType 的 halt 特性只改排版位置，
PDF 里记下的字宽仍是一个字，pdftotext 和基于 poppler 的阅读器提取文字时会在这里断行，复制、搜索都受影响。
所以从 Noto CJK SC 取出这些标点的字形，做成字宽半个字的小字体：闭标点和点号的字形本来就在左半边，
开标点整体左移半个字。挤压的标点用这个字体排，PDF 里的字宽和看到的一致。

派生字体按 SIL OFL 1.1 的要求另起名字（不用保留名 “Source”），只嵌入 PDF，不单独分发。
"""
from __future__ import annotations

import base64
import io
import subprocess
from functools import lru_cache

from .punctuation import CLOSING, OPENING, PAUSE

FAMILY = "Half Punct SC"
# 字重 → 取字形的字体：PDF 里常规字都是宋体，粗体都是黑体（见 templates/pdf/common.css）
FACES = {"normal": "Noto Serif CJK SC:style=Regular", "bold": "Noto Sans CJK SC:style=Bold"}


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """半宽标点字体的 @font-face（字体数据直接写在 data: 地址里）。"""
    rules = []
    for weight, query in FACES.items():
        data = base64.b64encode(_half_width_font(f"{FAMILY} {weight.title()}", query)).decode()
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
                     f'src: url(data:font/otf;base64,{data}); }}')
    return "\n".join(rules)


def _font_file(query: str) -> tuple[str, int]:
    """字体文件和它在字体集（.ttc）里的序号；fc-match 来自 fontconfig（pango 依赖它，make setup 会装上）。"""
    out = subprocess.run(["fc-match", "-f", "%{file}:%{index}:%{family}", query],
                         check=True, capture_output=True, text=True).stdout
    path, index, family = out.rsplit(":", 2)
    if "CJK SC" not in family:
        raise RuntimeError(f"没有找到 {query} 字体（fc-match 给出 {family}）：请运行 make setup 安装 fonts-noto-cjk")
    return path, int(index)


def _half_width_font(family: str, query: str) -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    path, index = _font_file(query)
    src = TTFont(path, fontNumber=index, lazy=True)
    em = src["head"].unitsPerEm
    half = em // 2
    cmap, glyphs = src.getBestCmap(), src.getGlyphSet()
    charstrings = {".notdef": T2CharStringPen(half, None).getCharString()}
    mapping, metrics = {}, {".notdef": (half, 0)}
    for ch in OPENING + CLOSING + PAUSE:
        if ord(ch) not in cmap:
            continue
        glyph = glyphs[cmap[ord(ch)]]
        bounds = BoundsPen(glyphs)
        glyph.draw(bounds)
        shift = -half if ch in OPENING else 0
        x_min, _, x_max, _ = bounds.bounds
        if x_min + shift < 0 or x_max + shift > half:
            continue                      # 字形不在半边里（不会发生在 SC 字形上），不挤压这个标点
        pen = T2CharStringPen(half, None)
        glyph.draw(TransformPen(pen, (1, 0, 0, 1, shift, 0)))
        name = f"uni{ord(ch):04X}"
        charstrings[name] = pen.getCharString()
        mapping[ord(ch)] = name
        metrics[name] = (half, int(x_min + shift))

    ps_name = family.replace(" ", "")
    builder = FontBuilder(em, isTTF=False)
    builder.setupGlyphOrder(list(charstrings))
    builder.setupCharacterMap(mapping)
    builder.setupCFF(ps_name, {"FullName": family}, charstrings, {})
    builder.setupHorizontalMetrics(metrics)
    hhea, os2 = src["hhea"], src["OS/2"]
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
    builder.setupNameTable({
        "familyName": family, "styleName": "Bold" if "Bold" in query else "Regular", "psName": ps_name,
        "copyright": f"{src['name'].getDebugName(0)} 派生自 Noto CJK，SIL Open Font License 1.1"})
    builder.setupOS2(sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender,
                     sTypoLineGap=os2.sTypoLineGap, usWinAscent=os2.usWinAscent, usWinDescent=os2.usWinDescent,
                     usWeightClass=os2.usWeightClass)
    builder.setupPost()
    # 固定时间戳：同一提交重复生成的 PDF 逐字节相同
    builder.font["head"].created = builder.font["head"].modified = 0
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()
