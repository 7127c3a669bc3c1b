"""全角标点的分类：排版（typeset.py 的标点挤压）和半宽标点字体（fonts.py）共用。"""

# Noto CJK 的 SC 字形里，这些标点的字形只占半个字宽，另一半是空白
OPENING = "（〔［｛《〈「『【“‘"
CLOSING = "）〕］｝》〉」』】”’"
PAUSE = "，。、；：？！"
