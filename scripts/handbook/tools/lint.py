"""文字格式检查（make lint）和安全的自动修正（make fix）。

每条规则有一个编号，与“参与编辑 → 格式规范”（docs/contributing/style.md）的小节一一对应；
每处问题报告为 `path:line:col: [规则] 说明（见 参与编辑/格式规范#规则）`，全部问题一次列出。
在 GitHub Actions 里另输出 ::error 注释，在 GitLab CI 里另写 Code Quality 报告，
合并请求页面上问题直接标在对应的行上。

中文标点和空格交给 AutoCorrect（配置在仓库根目录的 .autocorrectrc）；AutoCorrect 管不到的在这里检查：
文件名、front matter、硬换行、汉字与数字之间多余的空格、半角括号和直引号、
隐藏字符、从 PDF 粘贴来的形近字（康熙部首等）、图片替代文字。
"""
from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import autocorrect_py as autocorrect
from markdown_it import MarkdownIt

from .. import DOCS, ROOT
from ..core.errors import display_path
from ..core.pagemeta import authored_pages, read_page, site_settings, today as beijing_today

GUIDE = "参与编辑/格式规范"

# 规则编号 → 一句话要求（详细说明和理由见 docs/contributing/style.md 的同名小节）
RULES = {
    "FILE-1": "文件名只用小写 ASCII 字母、数字和连字符",
    "FM-1": "页面开头的 front matter 五个字段齐全",
    "FM-2": "责任处室取 mkdocs.yml 中 extra.page_meta.offices 的一项",
    "FM-3": "审核日期写成 YYYY-MM-DD，不晚于今天",
    "WRAP-1": "一个段落写在一行里，中文句子中间不换行",
    "SPACE-1": "汉字与阿拉伯数字之间不加空格",
    "SPACE-2": "全角标点和中文引号两侧不加空格",
    "PUNC-1": "中文句子用全角标点",
    "PUNC-2": "中文括注用全角括号（）",
    "QUOTE-1": "引号用“”，引号内再引用用‘’",
    "CHAR-1": "不要隐藏字符（零宽字符、不换行空格、BOM、软连字符、全角空格）",
    "CHAR-2": "不要形近字（康熙部首、兼容汉字），用标准汉字",
    "CHAR-3": "数字和英文字母用半角",
    "IMG-1": "图片要有替代文字",
}
# make fix 能安全修正的规则（不改变文意）；其余要人工修改
FIXABLE = {"WRAP-1", "SPACE-1", "SPACE-2", "PUNC-1", "PUNC-2", "QUOTE-1", "CHAR-1", "CHAR-2", "CHAR-3"}

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# 硬换行判断用：汉字、中文标点、全角字符和中文引号
CJK = HAN + "\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
TEXT_SUFFIXES = {".md", ".yml", ".yaml"}
FILE_NAME = re.compile(r"^[a-z0-9_][a-z0-9._-]*$")
MASK = "\0"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: [{self.rule}] {self.message}（见 {GUIDE}#{self.rule}）"


# ---- 读入页面 ---------------------------------------------------------------------
_md = MarkdownIt("commonmark").enable("table")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---[ \t]*\n", re.S)
_BLOCK_FENCE = re.compile(r"^\s*///")  # pymdownx.blocks 的 /// 行：不是正文


class Page:
    """一个 Markdown 页面：正文行、哪些行是正文（不是代码、HTML），以及屏蔽掉标记语法的正文。"""

    def __init__(self, path: Path, text: str):
        self.shown = display_path(path)
        self.lines = text.split("\n")
        clean = text.removeprefix("\ufeff")  # 文件开头的 BOM 由 CHAR-1 报告，这里先忽略
        m = _FRONT_MATTER.match(clean)
        self.fm_lines = m.group(0).count("\n") if m else 0
        # 交给 AutoCorrect 和 markdown-it 的正文：front matter 换成空行，行号不变
        self.body = "\n" * self.fm_lines + clean[m.end():] if m else clean
        parse_lines = ["" if _BLOCK_FENCE.match(ln) else ln for ln in self.body.split("\n")]
        self.tokens = _md.parse("\n".join(parse_lines))
        code = set(range(self.fm_lines))
        for tok in self.tokens:
            if tok.type in ("fence", "code_block", "html_block") and tok.map:
                code.update(range(*tok.map))
        self.prose = [i for i in range(len(self.lines)) if i not in code]

    def masked(self, i: int) -> str:
        return mask(self.lines[i])


_MASKED = [
    re.compile(r"(`+)(?:(?!\1).)+?\1"),                     # 行内代码
    re.compile(r"<!--.*?(?:-->|$)"),                          # HTML 注释、标记
    re.compile(r"</?[A-Za-z][^>]*>"),                         # 行内 HTML
    re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]|^\s*\[[^\]]+\]:.*"),  # 链接地址、引用式链接
    re.compile(r"<?https?://[^\s>]+>?"),                       # 网址
    re.compile(r"\{\s*[#.:][^}]*\}"),                          # 属性列表 {#id}
    re.compile(r"^\s*///\s*[a-z-]*"),                          # 块语法 /// tip |
    re.compile(r"^#{1,6}\s+[A-Z][A-Z0-9]*-\d+"),               # 标题开头的编号（## ZB-01 标题）
]


def mask(line: str) -> str:
    """把代码、链接地址、HTML 等换成等长的 \\0，列号不变；格式规则只看剩下的文字。"""
    for rx in _MASKED:
        line = rx.sub(lambda m: MASK * len(m.group(0)), line)
    return line


# ---- 各条规则 ---------------------------------------------------------------------
def check_file_names(docs: Path) -> list[Finding]:
    out = []
    for path in sorted(docs.rglob("*")):
        # 以点开头的文件（.gitkeep、编辑器临时文件）MkDocs 不发布，不检查
        if any(part.startswith(".") for part in path.relative_to(docs).parts):
            continue
        if not FILE_NAME.match(path.name):
            out.append(Finding(display_path(path), 1, 1, "FILE-1",
                               f"文件名“{path.name}”只能用小写 ASCII 字母、数字和连字符（如 meeting-photo.png）；"
                               "中文标题写在 mkdocs.yml 的 nav 和页面的 title 里"))
    return out


def check_front_matter(path: Path, docs: Path, offices: list[str], today: date) -> list[Finding]:
    info = read_page(path, docs, offices, today)
    return [Finding(p.path, p.line, 1, p.rule, p.message) for p in info.problems]


_CHAR_NAMES = {
    "\u00a0": "不换行空格", "\u00ad": "软连字符", "\u200b": "零宽空格", "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符", "\u2060": "零宽不换行空格", "\ufeff": "BOM（字节顺序标记）", "\u3000": "全角空格",
    "\u202f": "窄不换行空格",
}


def _hidden(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return (cat in ("Cf", "Zs", "Co") and ch != " ") or (cat == "Cc" and ch not in "\t\n\r")


def _lookalike(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff" or "\U0002f800" <= ch <= "\U0002fa1f"


def _standard(ch: str) -> str | None:
    """形近字对应的标准汉字（Unicode 兼容分解）；没有对应字时返回 None。"""
    std = unicodedata.normalize("NFKC", ch)
    return std if std != ch and len(std) == 1 else None


def check_characters(shown: str, text: str) -> list[Finding]:
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        for col, ch in enumerate(line, 1):
            code = f"U+{ord(ch):04X}"
            if _hidden(ch):
                name = _CHAR_NAMES.get(ch) or unicodedata.name(ch, "控制字符")
                out.append(Finding(shown, n, col, "CHAR-1", f"隐藏字符：{name}（{code}），通常是从网页、Word 或 PDF 粘贴带来的，删除或换成普通空格"))
            elif _lookalike(ch):
                std = _standard(ch)
                hint = f"应为标准汉字“{std}”" if std else "请删除后用输入法重新输入"
                out.append(Finding(shown, n, col, "CHAR-2", f"形近字“{ch}”（{code}，{unicodedata.name(ch, '兼容字符')}）：{hint}"))
    return out


def fix_characters(text: str) -> str:
    def repl(ch: str) -> str:
        if _hidden(ch):
            return "" if unicodedata.category(ch) != "Zs" or ch == "\u3000" else " "
        if _lookalike(ch):
            return _standard(ch) or ch
        return ch
    return "".join(repl(ch) for ch in text)


# AutoCorrect 的改动按内容归到本站的规则
def _autocorrect_rule(old: str, new: str) -> str:
    if not new.strip() and not old.strip():
        return "SPACE-2"
    if unicodedata.normalize("NFKC", old) == new and any(c.isalnum() for c in old):
        return "CHAR-3"
    return "PUNC-1"


@lru_cache(maxsize=1)
def _load_autocorrect_config() -> None:
    autocorrect.load_config((ROOT / ".autocorrectrc").read_text(encoding="utf-8"))


def check_autocorrect(page: Page) -> list[Finding]:
    _load_autocorrect_config()
    out = []
    for res in autocorrect.lint_for(page.body, "md").lines:
        line = page.lines[res.line - 1]
        start = res.col - 1 if line[res.col - 1:].startswith(res.old) else max(line.find(res.old), 0)
        ops = difflib.SequenceMatcher(None, res.old, res.new, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                continue
            old, new = res.old[i1:i2], res.new[j1:j2]
            if old and all(_hidden(c) for c in old):
                continue  # 全角空格等隐藏字符归 CHAR-1 报告
            rule = _autocorrect_rule(old, new)
            if rule == "SPACE-2":
                msg = "全角标点或中文引号旁边多了空格，删除空格"
            elif rule == "CHAR-3":
                msg = f"“{old}”是全角字符，应为半角“{new}”"
            elif new.isascii():
                msg = f"英文句子里的“{old}”应为半角“{new}”"
            else:
                msg = f"中文句子里的“{old}”应为全角“{new}”"
            out.append(Finding(page.shown, res.line, start + i1 + 1, rule, msg))
    return out


def fix_autocorrect(page: Page) -> str:
    _load_autocorrect_config()
    body = autocorrect.format_for(page.body, "md")
    return "\n".join(page.lines[:page.fm_lines] + body.split("\n")[page.fm_lines:])


# 汉字与阿拉伯数字之间的空格（公文体）。属于英文词、编号的数字（A4、ZB-03、v1.2）不算，
# 列表序号（1. 条目）、代码、链接地址也不算
_NUMBER = r"\d+(?:\.\d+)?%?"
_SPACE = re.compile(rf"(?<=[{HAN}])( +)(?={_NUMBER}(?![A-Za-z0-9_\-]))"
                    rf"|(?<![A-Za-z0-9_\-.]){_NUMBER}( +)(?=[{HAN}])")
_PAREN = re.compile(rf"\(([^()\n{MASK}]*[{HAN}][^()\n{MASK}]*)\)")
_QUOTES = [
    (re.compile(rf'"([^"\n{MASK}]*[{HAN}][^"\n{MASK}]*)"'), "“{}”"),
    (re.compile(rf"'([^'\n{MASK}]*[{HAN}][^'\n{MASK}]*)'"), "‘{}’"),
    (re.compile(r"「([^」\n]*)」"), "“{}”"),
    (re.compile(r"『([^』\n]*)』"), "‘{}’"),
]


def _text_rules(masked: str):
    """正文一行中的 SPACE-1、PUNC-2、QUOTE-1 问题：(规则, 开始, 结束, 替换文字, 说明)。"""
    for m in _SPACE.finditer(masked):
        g = 1 if m.group(1) else 2
        yield "SPACE-1", m.start(g), m.end(g), "", "汉字与阿拉伯数字之间不加空格（公文体：2007年、100人、第3条）"
    for m in _PAREN.finditer(masked):
        yield "PUNC-2", m.start(), m.end(), f"（{m.group(1)}）", "中文括注用全角括号（），不用半角 ()"
    for rx, fmt in _QUOTES:
        for m in rx.finditer(masked):
            yield "QUOTE-1", m.start(), m.end(), fmt.format(m.group(1)), f"引号应为{fmt.format('…')}"


def check_text(page: Page) -> list[Finding]:
    return [Finding(page.shown, i + 1, start + 1, rule, msg)
            for i in page.prose for rule, start, _, _, msg in _text_rules(page.masked(i))]


def fix_text(page: Page) -> str:
    lines = list(page.lines)
    for i in page.prose:
        edits = sorted(((s, e, new) for _, s, e, new, _ in _text_rules(page.masked(i))), reverse=True)
        last = len(lines[i]) + 1
        for start, end, new in edits:  # 从行尾往前改，前面的位置不变；重叠的留到下次
            if end <= last:
                lines[i] = lines[i][:start] + new + lines[i][end:]
                last = start
    return "\n".join(lines)


def _wraps(page: Page) -> list[int]:
    """段落内“上一行以中文结尾、下一行以中文开头”的换行：返回上一行的下标。"""
    out = []
    for tok in page.tokens:
        if tok.type != "paragraph_open" or not tok.map:
            continue
        for i in range(tok.map[0], tok.map[1] - 1):
            line = page.lines[i]
            if line.endswith("  ") or line.endswith("\\"):
                continue  # 有意的换行（行尾两个空格或反斜杠）
            # 行尾的半角标点（PUNC-1 会另行报告）不影响判断：“记录,”之后换行同样是硬换行
            a, b = mask(line).rstrip().rstrip(",.;:!?"), mask(page.lines[i + 1]).lstrip(" \t>")
            if a and b and re.match(f"[{CJK}]", a[-1]) and re.match(f"[{CJK}]", b[0]):
                out.append(i)
    return out


def check_wraps(page: Page) -> list[Finding]:
    return [Finding(page.shown, i + 1, len(page.lines[i].rstrip()), "WRAP-1",
                    "中文段落在这里换了行，网页上会显示成多余的空格：把下一行接到这一行后面")
            for i in _wraps(page)]


def fix_wraps(page: Page) -> str:
    lines = list(page.lines)
    for i in reversed(_wraps(page)):
        nxt = re.sub(r"^[ \t>]*", "", lines[i + 1])
        lines[i:i + 2] = [lines[i].rstrip() + nxt]
    return "\n".join(lines)


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r"""\balt\s*=\s*(["'])\s*\S.*?\1""", re.I | re.S)


def check_images(page: Page) -> list[Finding]:
    out = []
    msg = "图片缺少替代文字：写成 ![图片说明](文件名.png)，说明图片内容，读屏软件和图片加载失败时显示它"
    for tok in page.tokens:
        if not tok.map:
            continue
        first = tok.map[0]
        if tok.type == "html_block":
            out += [Finding(page.shown, first + 1 + tok.content.count("\n", 0, m.start()), 1, "IMG-1", msg)
                    for m in _IMG_TAG.finditer(tok.content) if not _ALT.search(m.group(0))]
        for child in tok.children or []:
            bad = (child.type == "image" and not child.content.strip()) or \
                  (child.type == "html_inline" and _IMG_TAG.match(child.content) and not _ALT.search(child.content))
            if bad:
                src = child.attrs.get("src", "") if child.type == "image" else child.content
                line = next((n for n in range(*tok.map) if src in page.lines[n]), first)
                out.append(Finding(page.shown, line + 1, max(page.lines[line].find(src), 0) + 1, "IMG-1", msg))
    return out


# ---- 整体 ---------------------------------------------------------------------------
def text_files(docs: Path) -> list[Path]:
    return sorted(p for p in docs.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file())


def lint(docs: Path = DOCS, today: date | None = None) -> list[Finding]:
    """检查 docs/ 下的全部文件，返回全部问题。"""
    today = today or beijing_today()
    offices = list(site_settings().get("offices") or [])
    pages = set(authored_pages(docs))
    out = check_file_names(docs)
    for path in text_files(docs):
        text = path.read_text(encoding="utf-8")
        out += check_characters(display_path(path), text)
        if path in pages:
            page = Page(path, text)
            out += check_front_matter(path, docs, offices, today)
            out += check_autocorrect(page) + check_text(page) + check_wraps(page) + check_images(page)
    return sorted(set(out))


def fix(docs: Path = DOCS) -> list[Path]:
    """做全部安全修正，返回改动过的文件。"""
    pages = set(authored_pages(docs))
    changed = []
    for path in text_files(docs):
        original = path.read_text(encoding="utf-8")
        text = fix_characters(original)
        if path in pages:
            # 每一步修正后重新解析，后一步看到的是前一步的结果
            for step in (fix_autocorrect, fix_text, fix_wraps):
                text = step(Page(path, text))
        if text != original:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


# ---- 输出：终端、GitHub、GitLab ----------------------------------------------------------
def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github_annotation(f: Finding, level: str = "error") -> str:
    return (f"::{level} file={_github_escape(f.path, True)},line={f.line},col={f.col},"
            f"title={_github_escape(f'[{f.rule}] ' + RULES[f.rule], True)}::{_github_escape(str(f))}")


def gitlab_report(findings: list[Finding]) -> list[dict]:
    """GitLab Code Quality 报告（合并请求页面上显示在对应行）。"""
    return [{
        "description": f"[{f.rule}] {f.message}（见 {GUIDE}#{f.rule}）",
        "check_name": f.rule,
        "fingerprint": hashlib.sha1(str(f).encode("utf-8")).hexdigest(),
        "severity": "major",
        "location": {"path": f.path, "lines": {"begin": f.line}},
    } for f in findings]


def report(findings: list[Finding], out=None) -> None:
    out = out or sys.stdout   # 调用时才取 sys.stdout（默认参数在导入时就固定了，测试捕获不到）
    github = bool(os.environ.get("GITHUB_ACTIONS"))
    for f in findings:
        print(github_annotation(f) if github else f, file=out)
    if os.environ.get("GITLAB_CI"):
        dest = Path(os.environ.get("HANDBOOK_CODEQUALITY", ROOT / "dist" / "gl-code-quality-report.json"))
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(gitlab_report(findings), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.tools.lint", description=__doc__.splitlines()[0])
    parser.add_argument("--fix", action="store_true", help="先做安全修正（make fix），再报告剩下的问题")
    parser.add_argument("--docs", type=Path, default=DOCS, help="内容目录（默认 docs/）")
    args = parser.parse_args(argv)
    docs = args.docs.resolve()
    if args.fix:
        changed = fix(docs)
        for path in changed:
            print(f"已修正：{display_path(path)}")
        print(f"自动修正了 {len(changed)} 个文件。请用 git diff 看一遍改动再提交。")
    findings = lint(docs)
    report(findings)
    _remind_overdue(docs)
    if findings:
        fixable = sum(f.rule in FIXABLE for f in findings)
        hint = f"，其中 {fixable} 处可以用 make fix 自动修正" if fixable and not args.fix else ""
        print(f"\n格式检查发现 {len(findings)} 处问题{hint}。规则说明见站点“{GUIDE}”"
              "（docs/contributing/style.md）。", file=sys.stderr)
        return 1
    print("格式检查通过。")
    return 0


def _remind_overdue(docs: Path) -> None:
    """审核日期过期只提醒，不算错误（make review 列出明细）。"""
    from .review import overdue_pages
    pages = overdue_pages(docs)
    if not pages:
        return
    if os.environ.get("GITHUB_ACTIONS"):
        for p in pages:
            print(f"::warning file={_github_escape(p.path, True)},line=1::{_github_escape(str(p))}")
    print(f"提醒：{len(pages)} 个页面超过复核期限，make review 列出明细（不影响检查结果）。")


if __name__ == "__main__":
    sys.exit(main())
