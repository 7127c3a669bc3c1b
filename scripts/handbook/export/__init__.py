"""导出层：公开数据（JSON + Schema）、Word/Excel、日历文件、可重复的 zip。"""
