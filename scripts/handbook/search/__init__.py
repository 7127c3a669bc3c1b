"""站内搜索：jieba 词典、索引补充词、Material 搜索脚本的修补。"""
