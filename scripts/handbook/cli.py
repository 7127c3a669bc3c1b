"""命令行：python -m handbook …（不依赖 MkDocs 也能生成清单）。"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .core.config import mkdocs_yml
from .core.errors import ContentErrors


def _extra() -> dict:
    return mkdocs_yml().get("extra", {})


def cmd_build(args) -> int:
    from .site.build import build
    return build(Path(args.site_dir).resolve()) if args.site_dir else build()


def cmd_pdf(args) -> int:
    from .site.build import rebuild_pdfs
    return rebuild_pdfs(Path(args.site).resolve())


def cmd_generate(args) -> int:
    from .site.generate import generate
    count = generate(Path(args.dir).resolve())
    print(f"已写出 {count} 个文件到 {args.dir}")
    return 0


def cmd_check(args) -> int:
    from .core.content import load_content
    load_content()
    print("内容检查通过。")
    return 0


def cmd_checklist(args) -> int:
    from .core.parse import load_model
    model = load_model()
    if args.list_profiles:
        for p in model.profiles:
            print(f"{p.id}\t{p.name}")
        return 0
    if not args.profile:
        print("错误：请用 --profile 指定档案（--list-profiles 列出全部）", file=sys.stderr)
        return 2
    try:
        profile = model.profile(args.profile)
    except KeyError:
        print(f"错误：没有档案 {args.profile}（--list-profiles 列出全部）", file=sys.stderr)
        return 2
    data = render_checklist(model, profile, args.format, _extra())
    out = Path(args.output) if args.output else None
    if out is None:
        sys.stdout.buffer.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return 0


def render_checklist(model, profile, fmt: str, extra: dict) -> bytes | str:
    from .export import responsibilities as exports
    from .render.checklist_view import checklist_groups, form_title
    from .render.environment import environment
    groups = model.checklist(profile.selection)
    if fmt == "docx":
        return exports.profile_docx(model, profile, extra)
    if fmt == "xlsx":
        return exports.profile_xlsx(model, profile, extra)
    if fmt == "json":
        return json.dumps({"profile": profile.model_dump(), "groups": [g.model_dump() for g in groups]},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "html":           # 一页 A4 的自查表，与站点的 PDF 自查表同一模板
        from .render.checklist_form import checklist_form, form_html
        return form_html(checklist_form(model, profile), extra)
    if fmt == "pdf":
        from .pdf.checklists import checklist_pdf
        return checklist_pdf(model, profile, extra)
    return environment().get_template("export/checklist.md.j2").render(
        model=model, profile=profile, groups=checklist_groups(model, profile), extra=extra, title=form_title(profile))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook", description="机关党建知识库构建工具")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="严格构建站点到 site/（失败时保留原 site/）")
    b.add_argument("--site-dir", help="输出目录（默认 site/）")
    b.set_defaults(func=cmd_build)
    d = sub.add_parser("pdf", help="为已构建的站点重新生成 PDF（make site 已包含）")
    d.add_argument("site", nargs="?", default="site", help="站点目录（默认 site/）")
    d.set_defaults(func=cmd_pdf)
    g = sub.add_parser("generate", help="把全部页面（标记已换成内容）和生成的文件写成普通的 Markdown 目录")
    g.add_argument("dir", help="输出目录（会先清空）")
    g.set_defaults(func=cmd_generate)
    sub.add_parser("check", help="只检查内容（清单、数据、标记），不构建").set_defaults(func=cmd_check)
    p = sub.add_parser("checklist", help="生成一个单位档案的个性化清单")
    p.add_argument("--profile", help="档案编号")
    p.add_argument("--format", choices=["md", "html", "pdf", "docx", "xlsx", "json"], default="md")
    p.add_argument("-o", "--output", help="输出文件（默认写到标准输出）")
    p.add_argument("--list-profiles", action="store_true", help="列出全部档案")
    p.set_defaults(func=cmd_checklist)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ContentErrors as exc:
        print(f"内容检查发现 {len(exc.errors)} 处错误：\n{exc}", file=sys.stderr)
        return 1
