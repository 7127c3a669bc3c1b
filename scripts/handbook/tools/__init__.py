"""编辑工具：格式检查（make lint / make fix）、复核提醒（make review）。"""
