"""站内搜索：让 Material 的中文搜索找到工作人员实际输入的写法。

Material 构建时用 jieba 切分中文建 lunr 索引；浏览器里把查询按索引里已有的词贪心切分，每段按前缀匹配，
各段之间是“或”。原版的问题和本模块的对策（效果见 README“搜索”一节，make bench 可复现）：

1. 长复合词挡住其中的词：“积极分子”在“入党积极分子”里，前缀匹配找不到。
   on_config 把术语表的术语和别称、条目标题里的短词加进 jieba 词典（按人们输入的写法切词）；
   post_build 给索引每一节补 title_words、text_words 两个字段（不显示，只参与检索）：长词里的词。
2. 同一概念有多种写法：七九讲话、7.9讲话、“7·9”重要讲话；ZB-03、zb03。
   同一节里出现术语表某一条的任一写法（或某个条目编号）时，把这一条的其他写法也补进上面两个字段。
3. 按小节打分：一个词在页面里反复出现不累计，只提一次的短页面反而排在前面。
   post_build 给每页的页面级条目补 page_words：本页其余各节里反复出现的词，按次数重复。
4. 浏览器里的查询切分差一位：分段永远不能以查询的最后一个字结尾（“一岗双责”只剩“一*”）。
   post_build 修补输出目录里的 worker 副本，不碰安装的包；代码对不上时构建失败。
5. 人们输入的是问题（“和组织失去联系的党员如何处置”）：疑问词、虚词按前缀匹配，什么都能匹配上。
   worker 最前面加一段 worker-prelude.js：查询先去掉 QUESTION_WORDS，补上术语表别称对应的正式写法；
   排序看读者的词在一节里出现了几成（COVERAGE），标题按词数归一（TITLE_LENGTH），“问：”开头的问句与小标题同权重；
   个性化清单、表单模板、编辑说明页面的得分按 DEMOTED 打折，查询点名它们时不打折。这些设置写进索引的 config.query。
6. 打开搜索框后，Material 要在浏览器里把上千节文字逐一切词、建索引，第一次出结果要一两秒。
   构建时用 Node 运行同一个 worker 切好词（prebuild.js），词频写进索引的 config.prebuilt，浏览器只需让 lunr 算分；
   各节的补充字段只用于建索引，不再随索引下载。单位档案页（个性化清单）的各节是清单条目的重复，不进索引，
   档案页本身（标题和说明）仍可搜到。

post_build 由 MkDocs 的 on_post_build 钩子调用：mkdocs build、mkdocs serve 和离线包（mkdocs.offline.yml）
都经过它，而且在 offline 插件（优先级 -100）把索引内联成 search_index.js 之前执行。
环境变量 HANDBOOK_STOCK_SEARCH=1 关闭本模块：make bench 用它构建“原版 Material + jieba”对照组。
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from ..core.config import preview
from ..core.content import Content
from ..core.errors import BuildError

STOCK = "HANDBOOK_STOCK_SEARCH"
INDEX = "search/search_index.json"
WORKER = "assets/javascripts/workers/search.*.min.js"
BUNDLE = "assets/javascripts/bundle.*.min.js"
# 补充字段 → 对应的原字段；权重取原字段的一半：原词命中排在补充词命中之前
EXTRA_FIELDS = {"title_words": "title", "text_words": "text"}
# Material 按小节打分、按页面取最高分，一个词在页面里反复出现也不累计，只提一次的短页面反而靠前。
# 所以页面级条目（页面开头那一节，Material 还会给它加权）补一个字段：本页其余各节里的词，全页出现2次以上的
# 出现几次写几次（最多 PAGE_TF_CAP 次），lunr 按词频给分，页面整体讲什么就排在前面。
# 不写单字和过半页面都有的词（BM25 里这种词的 idf 不大于0，区分不了页面），这个字段因此少了六成。
PAGE_FIELD = "page_words"
PAGE_BOOST = 3.0
PAGE_TF_CAP = 8
# 正文里“问：……”开头的段落（各页“常见问题”的问句）和小标题一样，是读者会问的话：补一个字段，权重与标题相同
QUESTION_FIELD = "question_words"
QUESTION_BOOST = 1000.0
_QUESTION_LINE = re.compile("<p>\u200b*问\u200b*[：:](.*?)</p>")
# 与 Material 插件相同的“汉字串”范围（它用 \p{script: Han}）
HAN = "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{HAN}]+")
_HAN_ONLY = re.compile(f"[{HAN}]{{3,}}")
# 用户词典只收2至6个汉字的写法：更长的是短语（“参照公务员法管理的事业单位”），不是人们输入的词。
# 条目标题里只取2至4字的短词，标题的其余部分是动宾短语，不该粘成一个词
DICT_WORD_LEN = range(2, 7)
TITLE_WORD_LEN = range(2, 5)
# 条目标题在这些虚词处断开，取其中的短词（“书面调度与现场督导” → 书面调度、现场督导）
_TITLE_BREAK = re.compile("[与和及并的]")

# 查询里去掉的疑问词和虚词（浏览器按索引里的词切开查询后，整词等于其中之一的去掉）
QUESTION_WORDS = (
    "怎么", "怎么办", "怎样", "怎么样", "如何", "什么", "什么样", "哪些", "哪个", "哪里", "哪儿", "多少", "多久",
    "多长", "几", "几次", "几个", "谁", "吗", "呢", "吧", "啊", "呀", "么", "的", "地", "得", "了", "是", "是不是",
    "是否", "要不要", "要", "需要", "需不需要", "能", "能不能", "能否", "可以", "可不可以", "可否", "应该", "应当",
    "该", "有没有", "有", "没有", "还", "还是", "就", "都", "也", "和", "与", "及", "跟", "在", "由", "被", "把",
    "对", "给", "请问", "一下", "我", "我们", "咱们", "这", "那", "为什么", "有什么", "一般", "些", "做", "来", "去",
)
# 按读者输入的词在一节里出现了几成给分：得分乘以（出现的比例）的 COVERAGE 次方。问题里的词都讲到的那一节，
# 排在标题里只有其中一个词的页面前面（标题的权重是正文的1000倍，不这样处理时标题总是赢）。
COVERAGE = 2
# 标题（页面标题和各节小标题）按词数归一的程度（BM25 的 b）：正好是这个词的短标题排在顺带提到它的长标题前面，
# “常见问题”里一长串问句做的小标题不再因为提到一个常见词就排第一。
TITLE_LENGTH = 0.3
# 得分不到最好结果这个比例的不显示（问题里的词“或”起来，几乎每页都沾边）
CUTOFF = 0.003
# 得分打折的页面：(地址前缀, 倍数, 查询点名它们的写法)。同样的词，读者要的是手册和程序页面；
# 个性化清单（单位档案）逐条重复清单原文，表单是空白模板，编辑说明是给维护者的。
DEMOTED = (
    ("checklists/", 0.05, "清单|档案|自查|个性化|勾选"),
    ("forms/", 0.05, "表格|表单|模板|范本|样表|台账|下载|填写|打印|(?<![代发外])表(?![决扬彰达现态示率面])|[票价]单|清单"),
    ("contributing/", 0.05, "编辑|参与|贡献|维护|校对|构建|本站|提交"),
)


def enabled() -> bool:
    return not os.environ.get(STOCK)


# ---- 1. jieba 用户词典 --------------------------------------------------------------
def user_words(content: Content) -> list[str]:
    """术语表全部写法里的汉字串，加上条目标题里的短词。"""
    words = {run for term in content.glossary for name in (term.term, *term.aliases)
             for run in _HAN_RUN.findall(name) if len(run) in DICT_WORD_LEN}
    for item in content.model.items().values():
        for part in _TITLE_BREAK.split(item.title):
            words.update(run for run in _HAN_RUN.findall(part) if len(run) in TITLE_WORD_LEN)
    return sorted(words)


_added: set[str] = set()


def on_config(content: Content, config) -> None:
    if enabled():
        import jieba  # 延迟导入：缺少 jieba 时由 hooks.on_config 给出说明
        # 只加新词：jieba.add_word 每调用一次就把总词频再加一遍，make serve 每次重建都重加会让切分慢慢漂移
        for word in user_words(content):
            if word not in _added:
                jieba.add_word(word)
                _added.add(word)


# ---- 2. 索引补充词 ------------------------------------------------------------------
def synonym_groups(content: Content) -> list[list[str]]:
    """同一概念的各种写法：术语表每一条（术语 + 别称），每个条目编号（ZB-03、ZB03、ZB3）。"""
    groups = [[t.term, *t.aliases] for t in content.glossary]
    for item_id in content.model.items():
        prefix, _, number = item_id.partition("-")
        groups.append([item_id, f"{prefix}{number}", f"{prefix}{int(number)}"])
    return groups


def segment(text: str) -> str:
    """与 Material 搜索插件相同的切分：汉字串用 jieba 切开，词之间插入 U+200B。"""
    import jieba
    return _HAN_RUN.sub(lambda m: "\u200b" + "\u200b".join(jieba.cut(m.group(0))) + "\u200b", text)


class Enricher:
    """按索引自己的分隔符切词，给每一节补词，给每页的页面级条目补 page_words。"""

    def __init__(self, separator: str, groups: list[list[str]]):
        self.separator = re.compile(separator)
        # 每种写法切成与索引相同的词序列；按首词建表，逐节查找
        self.names: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        # 每组里不会被分隔符拆开的写法：浏览器把它当作一个查询词，补进索引才能整词命中
        self.single: list[list[str]] = []
        for g, group in enumerate(groups):
            for name in group:
                seq = tuple(self.tokens(segment(name)))
                if seq:
                    self.names.setdefault(seq[0], []).append((seq, g))
            self.single.append(sorted({n.lower() for n in group if len(self.tokens(n)) == 1}))
        self._cache: dict[str, tuple[set[str], list[str]]] = {}

    def tokens(self, text: str) -> list[str]:
        plain = html.unescape(re.sub(r"<[^>]*>", " ", text))
        return [t.lower() for t in self.separator.split(plain) if t]

    def terms(self, text: str) -> tuple[set[str], Counter]:
        """一节文字要补的词，以及这节文字里每个可检索的词出现的次数。

        补的词里不计原词的开头部分：查询按前缀匹配，“差额*”已经命中“差额选举”，再计“差额”就算了两次。
        """
        tokens = self.tokens(text)
        counts = Counter(tokens)
        extra: set[str] = set()
        for token, n in list(counts.items()):
            parts, also = self._parts(token)
            extra |= parts
            for word in also:
                counts[word] += n
        for i, token in enumerate(tokens):
            for seq, g in self.names.get(token, ()):
                if tuple(tokens[i:i + len(seq)]) == seq:
                    extra.update(self.single[g])
                    counts.update(n for n in self.single[g] if not token.startswith(n))
        return extra - set(tokens), counts

    def _parts(self, token: str) -> tuple[set[str], list[str]]:
        """长词里的词，和其中要计次数的（不是开头的）；同一个词在全站出现成千上万次，只切一次。"""
        if token not in self._cache:
            parts = subwords(token)
            self._cache[token] = parts, [w for w in parts if not token.startswith(w)]
        return self._cache[token]

    def enrich(self, index: dict) -> dict:
        fields = index["config"]["fields"]
        for extra, field in EXTRA_FIELDS.items():
            fields[extra] = {"boost": fields[field]["boost"] / 2}
        fields[PAGE_FIELD] = {"boost": PAGE_BOOST}
        fields[QUESTION_FIELD] = {"boost": QUESTION_BOOST}
        pages: dict[str, Counter] = {}
        own: dict[str, Counter] = {}
        for doc in index["docs"]:
            own[doc["location"]] = Counter()
            for extra, field in EXTRA_FIELDS.items():
                words, counts = self.terms(doc.get(field, ""))
                own[doc["location"]].update(counts)
                if words:
                    doc[extra] = " ".join(sorted(words))
            pages.setdefault(doc["location"].split("#")[0], Counter()).update(own[doc["location"]])
            questions = _QUESTION_LINE.findall(doc.get("text", ""))
            if questions:
                doc[QUESTION_FIELD] = " ".join(self.tokens(" ".join(questions)))
        common = {w for w, n in Counter(w for c in pages.values() for w in c).items() if n > len(pages) / 2}
        for doc in index["docs"]:
            total = pages.get(doc["location"])   # 只有页面级条目（地址不带 #）的地址是页面
            if total:
                rest = total - own[doc["location"]]
                words = [w for w, n in sorted(rest.items())
                         if total[w] >= 2 and len(w) >= 2 and w not in common
                         for _ in range(min(n, PAGE_TF_CAP))]
                if words:
                    doc[PAGE_FIELD] = " ".join(words)
        return index


def subwords(token: str) -> set[str]:
    """长词里的词：jieba 不把它当作一个词时会怎样切，逐层切到二字词为止。

    “入党积极分子” → 入党｜积极分子 → 积极｜分子。开头的部分（入党）也要：浏览器按索引里的词切分查询，
    “党风”不是索引里的词时，查询会被切成“党* 风*”。
    按 jieba 的词频和 HMM 选切分，所以不会切出跨词的片段（“管理工作”里的“理工”）；
    jieba.cut_for_search 只取二字、三字片段，四字的“积极分子”会漏掉，所以不用它。
    """
    words: set[str] = set()
    pending = [token] if _HAN_ONLY.fullmatch(token) else []
    while pending:
        for part in _split(pending.pop()):
            if len(part) >= 2 and part not in words:
                words.add(part)
                if len(part) >= 3:
                    pending.append(part)
    return words


def _split(word: str) -> list[str]:
    """jieba.cut 的切分，只是不许整个词成为一段。"""
    import jieba
    from jieba import finalseg
    dt = jieba.dt
    dt.check_initialized()
    dag = dt.get_DAG(word)
    dag[0] = [end for end in dag[0] if end != len(word) - 1]
    route: dict = {}
    dt.calc(word, dag, route)
    parts, singles, i = [], "", 0
    while i < len(word):
        j = route[i][1] + 1
        if j - i == 1:
            singles += word[i]
        else:
            # 连续的单字交给 HMM 组词，与 jieba.cut 相同（“主题党日” → 主题｜党日）
            parts += finalseg.cut(singles) if singles else []
            singles = ""
            parts.append(word[i:j])
        i = j
    return parts + (list(finalseg.cut(singles)) if singles else [])


# ---- 3. 修补搜索 worker 的查询切分 ---------------------------------------------------
# Material 源码 integrations/search/query/segment：(原样, 替换, 已修补的样子)。变量名随压缩而变，所以用正则
_FIXES = (
    # for (let j = i + 1; j < query.length; j++)：改成 <=，分段可以以查询的最后一个字结尾
    (r"(for\(let (\w+)=(\w+)\+1;\2)<(\w+)(\.length;\2\+\+\)\4\.slice\(\3,\2\)in )",
     r"\1<=\4\5",
     r"for\(let (\w+)=(\w+)\+1;\1<=(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in "),
    # if (wordcuts[q] && q < query.length - 1) stack.push(q)：去掉 -1，最后一段不再被丢掉
    (r"((\w+)\[(\w+)\]&&\3<(\w+)\.length)-1(&&\(\w+\[\w+\+\+\]=\3\))",
     r"\1\5",
     r"(\w+)\[(\w+)\]&&\2<(\w+)\.length&&\(\w+\[\w+\+\+\]=\2\)"),
)


def patch_worker(code: str, path: str = WORKER) -> str:
    """返回修补后的 worker 代码；要修补的代码不是恰好一处时报错（已修补过的原样返回）。"""
    for before, after, fixed in _FIXES:
        found = len(re.findall(before, code))
        if found == 1:
            code = re.sub(before, after, code)
        elif not (found == 0 and len(re.findall(fixed, code)) == 1):
            raise BuildError(
                f"{path}: 搜索 worker 里要修补的查询切分代码应恰好1处，实际{found}处。"
                "Material 升级后代码变了：请对照 Material 源码 integrations/search/query/segment 核对"
                "两处循环边界（上游修好了就删掉对应的修补），再更新 scripts/handbook/search/index.py 的 _FIXES。")
    return code


# ---- 4. 打开搜索框时才下载搜索索引 ------------------------------------------------------------
# Material 经 http 访问时页面一打开就下载整个搜索索引（压缩后约0.5 MB，是首页其余内容的四五倍）。
# 两处修补让不搜索的读者不再下载它：
# 1. setupSearchWorker：merge(of(location.protocol !== "file:"), watchToggle("search")) 里 http 时立即加载，
#    改成与从文件夹打开时一样，等读者打开搜索框；
# 2. search.highlight（从搜索结果点进页面时高亮搜索词）一开始就订阅索引，改成只在网址带 h= 参数
#    （即从搜索结果点进来）时才订阅，否则交给“没有搜索框”时用的那个永不发出的 Observable。
# 压缩后的名字可能含 $（如 rxjs 的 of 被压缩成 $）。
_WORKER_START = r"([\w$]+\([\w$]+\()location\.protocol!==\"file:\"(\),[\w$]+\(\"search\"\)\))"
_WORKER_START_FIXED = r"[\w$]+\([\w$]+\(!1\),[\w$]+\(\"search\"\)\)"
_NEVER = r"document\.forms\.namedItem\(\"search\"\)\?[\w$]+\(\):([\w$]+)"
_HIGHLIGHT = r"(\(\"search\.highlight\"\)\?[\w$]+\([\w$]+,\{index\$:)([\w$]+)(,location\$:)"
_HIGHLIGHT_FIXED = r"\{index\$:new URL\(location\.href\)\.searchParams\.has\(\"h\"\)\?"


def patch_bundle(code: str, path: str = BUNDLE) -> str:
    """返回修补后的 Material 主脚本：搜索索引等读者打开搜索框再下载。要修补的代码不是恰好一处时报错。"""
    if len(re.findall(_WORKER_START_FIXED, code)) == 1 and len(re.findall(_HIGHLIGHT_FIXED, code)) == 1:
        return code  # 已修补
    found = [len(re.findall(rx, code)) for rx in (_WORKER_START, _NEVER, _HIGHLIGHT)]
    if found != [1, 1, 1]:
        raise BuildError(
            f"{path}: Material 主脚本里决定何时下载搜索索引的代码（启动搜索 worker、没有搜索框时的替代、"
            f"search.highlight）应各恰好1处，实际 {found}。Material 升级后代码变了：请对照 Material 源码 "
            "integrations/search/worker（setupSearchWorker）和 bundle.ts（mountSearchHiglight）核对，"
            "再更新 scripts/handbook/search/index.py 的这几个正则。")
    never = re.search(_NEVER, code).group(1)
    code = re.sub(_WORKER_START, r"\g<1>!1\g<2>", code)
    return re.sub(_HIGHLIGHT, rf'\g<1>new URL(location.href).searchParams.has("h")?\g<2>:{never}\g<3>', code)


# ---- 5. 查询改写和页面打折 ---------------------------------------------------------------------
def query_settings(content: Content) -> dict:
    """worker-prelude.js 用的词表：疑问词、术语表的别称 → 正式写法（长的在前）、打折的页面。"""
    aliases = sorted(((alias, t.term) for t in content.glossary for alias in t.aliases),
                     key=lambda pair: -len(pair[0]))
    return {"stop": list(QUESTION_WORDS), "aliases": [list(pair) for pair in aliases], "coverage": COVERAGE,
            "titleLength": TITLE_LENGTH, "cutoff": CUTOFF,
            "demote": [{"prefix": p, "factor": f, "unless": u} for p, f, u in DEMOTED]}


def drop_profile_sections(index: dict, content: Content) -> None:
    """单位档案页只留页面本身：各节逐条重复清单原文，17页一模一样的条目会挤占结果，也让索引大了三分之一。"""
    # 目录式地址 checklists/<档案>/，离线包（use_directory_urls: false）是 checklists/<档案>.html
    pages = {f"checklists/{p.id}{end}" for p in content.model.profiles for end in ("/", ".html")}
    index["docs"] = [d for d in index["docs"] if not ("#" in d["location"] and d["location"].split("#")[0] in pages)]


# ---- 6. 构建时切词 ----------------------------------------------------------------------------
PREBUILD = Path(__file__).with_name("prebuild.js")
PRELUDE = Path(__file__).with_name("worker-prelude.js")


def prebuild(index: dict, worker: Path) -> dict:
    """用 Node 运行 Material 的 worker，返回切好的词频（格式见 prebuild.js）。"""
    node = shutil.which("node")
    if not node:
        raise BuildError(f"{PREBUILD}: 没有 Node.js，无法在构建时切词。请运行 make setup。")
    with tempfile.TemporaryDirectory() as tmp:
        source, packed = Path(tmp) / "index.json", Path(tmp) / "packed.json"
        source.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        result = subprocess.run([node, str(PREBUILD), str(worker), str(source), str(packed)],
                                capture_output=True, text=True)
        if result.returncode:
            raise BuildError(f"{PREBUILD}: 构建时切词失败：\n{result.stderr[-2000:]}")
        return json.loads(packed.read_text(encoding="utf-8"))


def add_prelude(code: str) -> str:
    prelude = PRELUDE.read_text(encoding="utf-8")
    return code if code.startswith(prelude) else prelude + code


# ---- 构建后 ---------------------------------------------------------------------------
def finish_site(site: Path, content: Content) -> None:
    """修补 site 下的搜索 worker 并补充搜索索引；任何输出目录都可以（http 或从文件夹打开）。"""
    workers = sorted(site.glob(WORKER))
    if len(workers) != 1:
        raise BuildError(f"{site}/{WORKER}: 应有1个 Material 搜索 worker，实际{len(workers)}个")
    worker = workers[0]
    code = patch_worker(worker.read_text(encoding="utf-8"), str(worker))
    worker.write_text(code, encoding="utf-8")
    bundles = sorted(site.glob(BUNDLE))
    if len(bundles) != 1:
        raise BuildError(f"{site}/{BUNDLE}: 应有1个 Material 主脚本，实际{len(bundles)}个")
    bundles[0].write_text(patch_bundle(bundles[0].read_text(encoding="utf-8"), str(bundles[0])), encoding="utf-8")

    path = site / INDEX
    if not path.is_file():
        raise BuildError(f"{path}: 没有搜索索引（mkdocs.yml 里的 search 插件被关掉了？）")
    index = json.loads(path.read_text(encoding="utf-8"))
    drop_profile_sections(index, content)
    # Material 的主脚本只把 config 和 docs 转给 worker：两项设置放在 config 里。
    # make serve 的预览不补词、不预先切词（每次保存都要多花一秒多）：浏览器用页面原文自己建索引，
    # 搜得到同样的页面，只是排序可能与正式构建略有不同
    if not preview():
        Enricher(index["config"]["separator"], synonym_groups(content)).enrich(index)
        index["config"]["prebuilt"] = prebuild(index, worker)
    for doc in index["docs"]:
        for field in (*EXTRA_FIELDS, PAGE_FIELD, QUESTION_FIELD):
            doc.pop(field, None)
    index["config"]["query"] = query_settings(content)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    worker.write_text(add_prelude(code), encoding="utf-8")


def post_build(content: Content, config) -> None:
    if enabled():
        finish_site(Path(config["site_dir"]), content)
