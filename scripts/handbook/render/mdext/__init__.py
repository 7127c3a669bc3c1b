"""站点的 Markdown 扩展（mkdocs.yml 的 markdown_extensions 引用）：标题锚点、术语悬停释义、任务列表无障碍、手机上排成卡片的表格。"""
