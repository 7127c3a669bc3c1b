"""公开数据格式 site/data/responsibilities.json：有版本、有 Schema，没有编辑用的内部信息；
自查页和 PDF 步骤读的都是它。"""
from __future__ import annotations

import json
import shutil

import jsonschema
from pypdf import PdfReader

from handbook.core.parse import load_model
from handbook.core.public import VERSION, read_json
from handbook.pdf.writer import write_checklists
from handbook.pdf.typeset import stamp

INTERNAL = {"path", "line", "body", "intro", "outro", "page"}


def _keys(node, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        out.update(node)
        for value in node.values():
            _keys(value, out)
    elif isinstance(node, list):
        for value in node:
            _keys(value, out)
    return out


def _data(site) -> dict:
    return json.loads((site / "data/responsibilities.json").read_text(encoding="utf-8"))


def test_json_is_versioned_validates_and_has_no_editor_internals(site):
    data = _data(site)
    schema = json.loads((site / "data/responsibilities.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["version"] == VERSION and schema["properties"]["version"]["const"] == VERSION
    leaked = _keys(data, set()) & INTERNAL
    assert not leaked, f"公开数据里有源文件路径、行号或 Markdown 原文：{sorted(leaked)}"
    assert not any("docs/" in json.dumps(v, ensure_ascii=False) for v in data["lists"]), "公开数据里有源文件路径"
    # Schema 给每个对象写了说明：读者的工具不看代码也知道每一块是什么
    assert all(d.get("description") for d in schema["$defs"].values() if d.get("type") == "object")


def test_checklists_computed_from_the_json_equal_the_model(site):
    model, data = load_model(), read_json((site / "data/responsibilities.json").read_text(encoding="utf-8"))
    for p in model.profiles:
        assert [g.model_dump() for g in data.checklist(p.selection)] == \
            [g.model_dump() for g in model.checklist(p.selection)], p.id


def test_pdf_step_reads_the_published_data_not_the_markdown(site, tmp_path):
    """改动站点里的 JSON（不改 docs/）：PDF 自查表跟着变，说明 PDF 步骤读的是公开数据。"""
    copy = tmp_path / "site"
    (copy / "data").mkdir(parents=True)
    shutil.copy(site / "data/responsibilities.json", copy / "data/responsibilities.json")
    data = _data(site)
    data["profiles"] = data["profiles"][:1]
    item = next(lst for lst in data["lists"] if lst["in_checklist"])["items"][0]
    item["title"] = "只在公开数据里改过的标题"
    (copy / "data/responsibilities.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    stats, errors = write_checklists(copy, site.parent / "docs", {"edition": "测试", "issuer": "测试"}, stamp())
    assert not errors and stats["checklist_pdfs"] == 1
    pdf = copy / f"pdf/checklists/{data['profiles'][0]['id']}.pdf"
    assert "只在公开数据里改过的标题" in PdfReader(pdf).pages[0].extract_text().replace("\n", "")
