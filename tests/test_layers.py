"""包的分层（scripts/handbook/）：读每个模块的 import（ast，不执行），检查依赖只朝一个方向。

core ← render ← export / pdf / search ← site / tools ← cli ← bench：每层只导入自己包里的模块和更低的层；
同一层的不同包互不导入。render 在中间层的最底下，因为导出（日历说明）和 PDF 都用它的模板环境。
另外：模块之间没有循环导入；不导入别的模块的 _私有名字；只有 site/ 导入 mkdocs，只有 render/ 导入 jinja2。
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "handbook"
LAYERS = {"core": 0, "render": 1, "export": 2, "pdf": 2, "search": 2, "site": 3, "tools": 3, "cli": 4, "bench": 5}
# 只允许某个包导入的第三方库
OWNERS = {"mkdocs": "site", "jinja2": "render"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ["handbook", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def _imports(name: str, path: Path):
    """(导入的模块, 导入的名字或 None, 行号)；相对导入换成绝对名。函数里的导入也算。"""
    base = name if _is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base.rsplit(".", node.level - 1)[0] if node.level > 1 else base
                target = f"{parent}.{node.module}" if node.module else parent
            else:
                target = node.module
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:      # from . import 模块
                    yield f"{target}.{alias.name}", None, node.lineno
                else:
                    yield target, alias.name, node.lineno


def _layer(name: str) -> tuple[str, int]:
    parts = name.split(".")
    top = parts[1] if len(parts) > 1 else ""
    top = "cli" if top == "__main__" else top       # python -m handbook 就是命令行
    return top, LAYERS.get(top, 0)      # handbook/__init__.py 只有路径常量，算最底层


def _edges():
    for name, path in MODULES.items():
        for target, imported, line in _imports(name, path):
            yield name, target, imported, f"{path.relative_to(PACKAGE.parents[1])}:{line}"


def test_every_subpackage_has_a_layer():
    tops = {_layer(name)[0] for name in MODULES if name != "handbook"}
    assert tops <= set(LAYERS), f"没有登记层次的包：{sorted(tops - set(LAYERS))}"


def test_imports_only_go_down_the_layers():
    wrong = []
    for src, target, _, where in _edges():
        if not target.startswith("handbook"):
            continue
        (src_pkg, src_layer), (dst_pkg, dst_layer) = _layer(src), _layer(target)
        if dst_layer > src_layer or (dst_layer == src_layer and dst_pkg != src_pkg and dst_layer > 0):
            wrong.append(f"{where}: {src} 导入了 {target}")
    assert not wrong, "向上或跨包的导入：\n" + "\n".join(wrong)


def test_no_import_cycles():
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for src, target, _, _ in _edges():
        if target in MODULES and target != src and target != "handbook":
            graph[src].add(target)
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(" → ".join(stack[stack.index(nxt):] + [node, nxt]) if nxt in stack
                              else f"{node} → {nxt}")
            elif nxt not in state:
                visit(nxt, stack + [node])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert not cycles, "循环导入：\n" + "\n".join(cycles)


def test_no_module_imports_another_modules_private_names():
    wrong = [f"{where}: {src} 导入了 {target}.{name}" for src, target, name, where in _edges()
             if target.startswith("handbook") and name and name.startswith("_") and not name.startswith("__")]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("library", sorted(OWNERS))
def test_third_party_engines_stay_in_their_layer(library):
    owner = OWNERS[library]
    wrong = [f"{where}: {src} 导入了 {target}" for src, target, _, where in _edges()
             if target.split(".")[0] == library and _layer(src)[0] != owner]
    assert not wrong, f"只有 {owner}/ 可以导入 {library}：\n" + "\n".join(wrong)
