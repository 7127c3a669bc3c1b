"""机关党建知识库的构建代码：解析内容 → 一个模型 → 页面、清单、导出。"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DATA = DOCS / "_data"
TEMPLATES = ROOT / "templates"
