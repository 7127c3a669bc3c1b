"""页面标记 <!-- 名字: 参数 --> 的名字和写法：只在这里定义一次。

内容检查（content.py）按这里的名字检查每个页面，渲染层（render/markers.py）为每个名字登记一个处理函数。
"""
from __future__ import annotations

import re

MARKER_RE = re.compile(r"^<!--\s*([a-z][a-z-]*)(?:\s*:\s*([A-Za-z0-9_-]+))?\s*-->[ \t]*$", re.M)

NAMES = ("quote", "quotes", "glossary", "recruitment-flow", "recruitment-table", "dues-table", "download",
         "checklist-index", "list-overview", "selfcheck", "calendar", "dues-calculator", "forms", "forms-index")

# 构建后生成的下载文件：标记名 → (站点内路径, 链接文字)。
# 路径带 {id} 的每个单位档案一份，由个性化清单页用 PageRenderer.download() 链接
DOWNLOADS = {
    "handbook-pdf": ("pdf/handbook.pdf", "下载整本手册（PDF，A4）"),
    "checklist-pdf": ("pdf/checklists/{id}.pdf", "PDF 自查表（一页 A4，打印后签字）"),
}
