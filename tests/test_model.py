"""一个模型：清单、规则、档案，以及从它导出的 JSON、Word、Excel 和命令行。"""
from __future__ import annotations

import io
import json
import shutil
from itertools import product
from pathlib import Path

import jsonschema
import pytest
from docx import Document
from openpyxl import load_workbook

from handbook import cli
from handbook.core import public as exports
from handbook.core.parse import load_model

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"
EXTRA = {"edition": "测试版", "issuer": "测试单位"}


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_declared_counts(model):
    assert {k: len(v.items) for k, v in model.lists.items() if k in ("GW", "DZ", "JG", "ZB")} == \
        {"GW": 10, "DZ": 8, "JG": 9, "ZB": 8}


def test_every_scale_nature_pair_has_a_profile(model):
    pairs = {(p.selection["scale"], p.selection["nature"]) for p in model.profiles}
    scales = [v.id for v in model.dimension("scale").values]
    natures = [v.id for v in model.dimension("nature").values]
    assert set(product(scales, natures)) <= pairs


def test_units_without_party_committee_get_its_duties_reassigned(model):
    for profile in model.profiles:
        groups = {g.list: g for g in model.checklist(profile.selection)}
        assert "GW" not in groups, "工委的措施不列入单位清单"
        assert {"DZ", "JG", "ZB"} <= set(groups)
        subject = groups["JG"].subject
        if profile.selection["scale"] == "committee":
            assert subject == model.lists["JG"].subject
        elif profile.selection["scale"] == "general-branch":
            assert "党总支" in subject
        else:
            assert "党支部" in subject


def test_applicability_exclusion_and_variants_on_a_small_model(tmp_path):
    """规则的独立表述，用小模型逐个写出期望：AA-02 只适用于双重管理单位；再加一条规则，
    双重管理单位去掉 BB-02；只设党支部的单位，乙清单改由党支部落实，BB-01 带上变化说明。"""
    docs = tmp_path / "docs"
    shutil.copytree(MINI, docs)
    units = docs / "_data" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace("profiles:", """  - id: R-02
    when: {nature: [dual-managed]}
    exclude: [BB-02]
    basis: 测试依据
profiles:"""), encoding="utf-8")
    model = load_model(docs)

    def chosen(nature, scale):
        groups = model.checklist({"nature": nature, "scale": scale})
        return {g.list: (g.subject, [(i.id, i.notes) for i in g.items]) for g in groups}

    assert chosen("party-gov", "committee") == {
        "AA": ("党组", [("AA-01", [])]), "BB": ("机关党委", [("BB-01", []), ("BB-02", [])])}
    assert chosen("dual-managed", "committee") == {
        "AA": ("党组", [("AA-01", []), ("AA-02", [])]), "BB": ("机关党委", [("BB-01", [])])}
    assert chosen("dual-managed", "branch") == {
        "AA": ("党组", [("AA-01", []), ("AA-02", [])]),
        "BB": ("党支部（履行BB职责）", [("BB-01", ["由党支部书记直接组织。"])])}


def test_dual_managed_units_get_the_coordination_items(model):
    dual = [i for i in model.items().values() if i.applies.get("nature") == ["dual-managed"]]
    assert dual, "分类补充事项中应有双重管理单位的协调事项"
    for p in model.profiles:
        chosen = {i.id for g in model.checklist(p.selection) for i in g.items}
        assert all((i.id in chosen) == (p.selection["nature"] == "dual-managed") for i in dual)


def test_json_export_validates_against_its_schema(model):
    data = json.loads(exports.to_json(model, EXTRA))
    schema = json.loads(exports.json_schema())
    jsonschema.validate(data, schema)
    assert data["edition"] == "测试版"
    assert {l["id"] for l in data["lists"]} >= {"GW", "DZ", "JG", "ZB"}
    assert len(data["profiles"]) == len(model.profiles)


def test_site_json_and_schema_are_published(site):
    data = json.loads((site / "data/responsibilities.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "data/responsibilities.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


def _docx_rows(blob: bytes) -> list[list[str]]:
    doc = Document(io.BytesIO(blob))
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


def test_every_word_and_excel_file_matches_the_model(site, model):
    for p in model.profiles:
        groups = model.checklist(p.selection)
        expected = [i.id for g in groups for i in g.items]
        blob = (site / f"downloads/checklists/{p.id}.docx").read_bytes()
        doc = Document(io.BytesIO(blob))
        text = "\n".join(par.text for par in doc.paragraphs)
        assert p.name in text and "单位（党组织）" in text and "签字" in text
        rows = _docx_rows(blob)
        headers = [r for r in rows if r[0] == "序号"]
        assert headers and headers[0] == ["序号", "事项", "依据", "完成", "备注"]
        ids = [r[1].split(" ")[0] for r in rows if r[0] != "序号"]
        assert ids == expected, p.id
        assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.5)

        wb = load_workbook(site / f"downloads/checklists/{p.id}.xlsx")
        ws = wb.active
        assert ws.freeze_panes is not None
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        xl_ids = [row[1] for row in ws.iter_rows(values_only=True) if isinstance(row[0], int)]
        assert xl_ids == expected, p.id


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "xlsx", "json"])
def test_cli_checklist(tmp_path, model, fmt):
    profile = model.profiles[0]
    out = tmp_path / f"out.{fmt}"
    assert cli.main(["checklist", "--profile", profile.id, "--format", fmt, "-o", str(out)]) == 0
    ids = [i.id for g in model.checklist(profile.selection) for i in g.items]
    if fmt in ("md", "html", "json"):
        text = out.read_text(encoding="utf-8")
        assert all(i in text for i in ids)
    elif fmt == "docx":
        assert [r[1].split(" ")[0] for r in _docx_rows(out.read_bytes()) if r[0] != "序号"] == ids
    else:
        assert [r[1] for r in load_workbook(out).active.iter_rows(values_only=True) if isinstance(r[0], int)] == ids


def test_cli_lists_profiles_and_rejects_unknown(model, capsys):
    assert cli.main(["checklist", "--list-profiles"]) == 0
    out = capsys.readouterr().out
    assert all(p.id in out for p in model.profiles)
    assert cli.main(["checklist", "--profile", "nope"]) == 2
    assert "没有档案 nope" in capsys.readouterr().err
