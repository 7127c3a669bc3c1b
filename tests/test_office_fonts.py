"""下载的 Word、Excel 文件只用中文版 Windows 自带的中文字体：各单位在自己的办公电脑上打开、修改，
文件里写的是电脑上没有的字体（如 Noto、方正小标宋简体），Word 就随意换字。

直接读文件里的 XML：Word 的每个 w:rFonts 的东亚字体（w:eastAsia），以及用主题字体的地方
（w:eastAsiaTheme，按 settings.xml 的主题语言在 theme1.xml 里查到的字体）；Excel 样式表里的每个字体。"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

# 中文版 Windows 自带（Windows 7 起）：宋体 SimSun、仿宋 FangSong、黑体 SimHei、楷体 KaiTi
WINDOWS_CJK = {"宋体", "仿宋", "黑体", "楷体"}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
X = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SCRIPT = {"zh-CN": "Hans"}


def office_files(site: Path) -> list[Path]:
    return sorted(p for ext in ("docx", "xlsx") for p in site.rglob(f"*.{ext}"))


def theme_font(z: zipfile.ZipFile, theme_ref: str) -> str:
    """w:eastAsiaTheme="minorEastAsia" 等实际用的字体：主题的 a:ea，空着时取主题语言对应文字的字体。"""
    settings = etree.fromstring(z.read("word/settings.xml"))
    lang = settings.find(f"{{{W}}}themeFontLang").get(f"{{{W}}}eastAsia")
    theme = etree.fromstring(z.read("word/theme/theme1.xml"))
    fonts = theme.find(f".//{{{A}}}{'major' if theme_ref.startswith('major') else 'minor'}Font")
    ea = fonts.find(f"{{{A}}}ea").get("typeface")
    if ea:
        return ea
    script = fonts.find(f"{{{A}}}font[@script='{SCRIPT.get(lang, lang)}']")
    return script.get("typeface") if script is not None else f"（主题语言 {lang} 没有对应的字体）"


def docx_fonts(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as z:
        used = set()
        for name in z.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")) or "/theme/" in name:
                continue
            for rfonts in etree.fromstring(z.read(name)).iter(f"{{{W}}}rFonts"):
                if font := rfonts.get(f"{{{W}}}eastAsia"):
                    used.add(font)
                if ref := rfonts.get(f"{{{W}}}eastAsiaTheme"):
                    used.add(theme_font(z, ref))
        return used


def xlsx_fonts(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as z:
        styles = etree.fromstring(z.read("xl/styles.xml"))
    used = set()
    for font in styles.iter(f"{{{X}}}font"):
        name = font.find(f"{{{X}}}name").get("val")
        # 带 scheme 的字体 Excel 按主题字体显示，写的名字不算数
        used.add(name if font.find(f"{{{X}}}scheme") is None else f"{name}（主题字体）")
    return used


def test_every_word_and_excel_file_uses_only_windows_chinese_fonts(site):
    files = office_files(site)
    assert any(p.name == "handbook.docx" for p in files) and any(p.suffix == ".xlsx" for p in files)
    bad = {}
    for path in files:
        used = docx_fonts(path) if path.suffix == ".docx" else xlsx_fonts(path)
        assert used, f"{path.relative_to(site)}：没有找到任何字体设置"
        if used - WINDOWS_CJK:
            bad[str(path.relative_to(site))] = sorted(used - WINDOWS_CJK)
    assert not bad, f"这些文件用了 Windows 没有自带的中文字体：{bad}"


@pytest.mark.parametrize("path", ["downloads/handbook.docx", "downloads/forms/meeting-minutes.docx"])
def test_word_body_text_is_set_in_a_windows_font_as_east_asian_font(site, path):
    """正文样式直接写东亚字体（不靠主题），主题字体也按简体中文取字（python-docx 的模板原来是日语）。"""
    from docx import Document
    doc = Document(site / path)
    normal = doc.styles["Normal"].element.rPr.find(f"{{{W}}}rFonts")
    assert normal.get(f"{{{W}}}eastAsia") in WINDOWS_CJK
    lang = doc.settings.element.find(f"{{{W}}}themeFontLang").get(f"{{{W}}}eastAsia")
    assert lang == "zh-CN"
