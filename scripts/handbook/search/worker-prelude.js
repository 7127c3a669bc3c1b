// 站内搜索：构建时放在 Material 搜索 worker 的最前面（scripts/handbook/search/index.py 的 finish_site）。
// 它的消息监听排在 Material 之前，收到消息先处理，再交给 Material 原样执行：
// 1. 建索引（SETUP）：search_index.json 的 config 带了构建时切好的倒排表（prebuilt，见 prebuild.js）时，
//    跳过 Material 在浏览器里逐篇切词建索引，查询用到某个词时才解开它；结果里的高亮位置只给排在前面的结果现算。
// 2. 查询（QUERY）：按 config.query 的设置改写查询：去掉疑问词和虚词，补上术语表别称对应的正式写法。
// 3. 排序：标题按词数归一；得分乘以读者输入的词在这一节出现的比例的 coverage 次方；个性化清单、表单模板、
//    编辑说明等页面的得分打折，查询里点名它们（表格、模板……）时不打折；远低于最好结果的不返回。
// 词表和参数都由构建时从术语表和 index.py 生成；本文件只有机制，没有具体的词。
"use strict";
(() => {
  const SETUP = 0, QUERY = 2                 // Material 的 SearchMessageType
  let settings = { stop: [], aliases: [], demote: [] }
  let prebuilt, vocabulary, docs, fields, query = ""

  addEventListener("message", event => {
    const message = event.data
    if (message.type === SETUP) {
      // Material 的主脚本只把索引的 config 和 docs 转给 worker，所以两项设置放在 config 里
      const { config } = message.data
      settings = config.query || settings
      docs = message.data.docs
      prebuilt = config.prebuilt
      vocabulary = new Set(prebuilt ? prebuilt.terms : [])
      delete config.prebuilt
      patchLunr(self.lunr)
    } else if (message.type === QUERY) {
      query = message.data
      message.data = rewrite(message.data)
    }
  })

  // ---- 查询改写 -----------------------------------------------------------------------
  // 汉字串按索引里的词（和疑问词表）切开，丢掉疑问词、虚词，剩下的词用空格分开交给 Material。
  function rewrite(text) {
    const stop = new Set(settings.stop)
    const kept = []
    for (const part of text.trim().split(/\s+/))
      for (const piece of part.match(/\p{sc=Han}+|[^\p{sc=Han}]+/gu) || [])
        if (!/\p{sc=Han}/u.test(piece)) kept.push(piece)
        else kept.push(...glue(words(piece, stop), stop))
    // 有两字以上的词时，丢掉落单的汉字（单字按前缀匹配，什么都能匹配上）
    const content = kept.some(w => w.length > 1) ? kept.filter(w => !/^\p{sc=Han}$/u.test(w)) : kept
    if (!content.length) return text
    // 术语表的别称：查询里出现某个写法时补上正式写法（已经有了就不补）
    for (const [spelling, term] of settings.aliases)
      if (text.includes(spelling) && !text.includes(term) && !content.includes(term)
          && alignsWithWords(spelling, text, stop))
        content.push(term)
    return content.join(" ")
  }

  // 按索引里的词和疑问词表切开：词数最少的切法，落单的（不是疑问词的）汉字多算一个词
  function words(piece, stop) {
    const cost = [0], cut = [0]
    for (let j = 1; j <= piece.length; j++) {
      cost[j] = Infinity
      for (let i = Math.max(0, j - 12); i < j; i++) {
        const w = piece.slice(i, j)
        if (j - i > 1 && !vocabulary.has(w) && !stop.has(w)) continue
        const c = cost[i] + 1 + (j - i === 1 && !stop.has(w) ? 1 : 0)
        if (c < cost[j]) { cost[j] = c; cut[j] = i }
      }
    }
    const out = []
    for (let j = piece.length; j > 0; j = cut[j]) out.unshift(piece.slice(cut[j], j))
    return out
  }

  // 去掉疑问词；紧挨着别的词的单字粘回那个词（“副”+“书记”），交给 Material 按索引切分
  function glue(list, stop) {
    const out = []
    let previous = false                  // 上一个词留下了，而且紧挨着
    for (const word of list) {
      if (isStop(word, stop)) { previous = false; continue }
      if (previous && (word.length === 1 || out[out.length - 1].length === 1)) out[out.length - 1] += word
      else out.push(word)
      previous = true
    }
    return out
  }

  // 整个词都由疑问词、虚词组成（“由谁来” = 由 + 谁 + 来）
  function isStop(word, stop) {
    const ok = [true]
    for (let i = 1; i <= word.length; i++) {
      ok[i] = false
      for (let j = 0; j < i && !ok[i]; j++) ok[i] = ok[j] && stop.has(word.slice(j, i))
    }
    return ok[word.length]
  }

  // 短写法（三字以内）要与切出的词对齐，免得“党组”在“党组织”里被当成“党组（党委）”；长写法不会误认
  function alignsWithWords(spelling, text, stop) {
    if (spelling.length > 3) return true
    for (const piece of text.match(/\p{sc=Han}+/gu) || []) {
      let offset = 0
      const starts = new Set(), ends = new Set()
      for (const w of words(piece, stop)) { starts.add(offset); offset += w.length; ends.add(offset) }
      for (let i = piece.indexOf(spelling); i >= 0; i = piece.indexOf(spelling, i + 1))
        if (starts.has(i) && ends.has(i + spelling.length)) return true
    }
    return false
  }

  // ---- lunr：直接查构建时切好的倒排表；查询时打折、现算高亮位置 ---------------------------------------
  let patched = false
  function patchLunr(lunr) {
    if (patched) return
    patched = true
    const { add, build } = lunr.Builder.prototype
    lunr.Builder.prototype.add = function (doc, attributes) {
      if (!prebuilt) return add.call(this, doc, attributes)
      this._documents[doc[this._ref]] = attributes || {}
      this.documentCount += 1
    }
    lunr.Builder.prototype.build = function () {
      if (!prebuilt) {
        const index = build.call(this)
        vocabulary = new Set(Object.keys(index.invertedIndex))
        return index
      }
      const index = prebuiltIndex(lunr, this, prebuilt)
      fields = { builder: this, tokens: new Map() }
      prebuilt = undefined
      return index
    }
    const search = lunr.Index.prototype.search
    lunr.Index.prototype.search = function (text) {
      const results = search.call(this, text)
      const apply = settings.demote.filter(d => !new RegExp(d.unless, "u").test(query))
      // 读者输入的词（Material 改写后的“词*”，不算补上的别称）有几成出现在这一节：问题里的词都讲到的那一节排在前面
      const clauses = [...new Set(text.split(/\s+/).map(c => c.replace(/^[+-]/, "").replace(/[*~^]+\d*$/, "")))]
        .filter(c => c && query.toLowerCase().includes(c))
      for (const result of results) {
        for (const d of apply)
          if (result.ref.startsWith(d.prefix)) result.score *= d.factor
        if (clauses.length > 1) {
          const matched = Object.keys(result.matchData.metadata)
          const share = clauses.filter(c => matched.some(m => m.startsWith(c))).length / clauses.length
          result.score *= share ** (settings.coverage || 0)
        }
      }
      // 远低于最好结果的不要：问题里的词多，“或”起来几乎每页都沾边，上百条结果只会拖慢显示
      const best = Math.max(0, ...results.map(r => r.score))
      const kept = results.filter(r => r.score >= best * (settings.cutoff || 0))
      if (fields) addPositions(kept.sort((a, b) => b.score - a.score))
      return kept
    }
    // 文档的词向量不预先算出：Index.query 只拿它和查询向量求相似度，这里只算查询里的那几个词
    const similarity = lunr.Vector.prototype.similarity
    lunr.Vector.prototype.similarity = function (other) {
      if (!(other instanceof LazyVector)) return similarity.call(this, other)
      let dot = 0
      for (let i = 0, a = this.elements; i < a.length; i += 2) {
        const score = other.score(a[i])
        if (score !== undefined) dot += a[i + 1] * score
      }
      return dot / this.magnitude() || 0
    }
  }

  // 按 lunr.Builder 的算法建一个 lunr.Index，但倒排表和文档向量都在查询用到时才从 prebuilt 解出来。
  // 分数与 lunr 在浏览器里建的索引完全相同（tests/test_search.py 逐条比较）：Material 设了 b = 0，
  // 所以 BM25 里用不到字段长度。
  function prebuiltIndex(lunr, builder, packed) {
    if (builder._b !== 0) throw new Error("prebuilt search index needs b = 0")
    const names = packed.fields
    const number = new Map(docs.map((doc, i) => [doc.location, i]))
    const terms = packed.terms
    const termNumber = new Map(terms.map((term, i) => [term, i]))
    const decoded = new Array(terms.length)
    // 第 t 个词：{_index, 字段: {文档地址: {}}}（lunr 的倒排表格式）和 各字段里 文档序号 → 次数
    function posting(t) {
      if (decoded[t]) return decoded[t]
      const entry = Object.create(null), counts = {}
      entry._index = t
      packed.postings[t].split(";").forEach((list, f) => {
        const refs = entry[names[f]] = Object.create(null), tf = counts[names[f]] = new Map()
        let d = 0
        if (list) for (const item of list.split(",")) {
          const [delta, n] = item.split(".")
          d += parseInt(delta, 36)
          refs[docs[d].location] = Object.create(null)
          tf.set(d, n ? parseInt(n, 36) : 1)
        }
      })
      const idf = lunr.idf(entry, builder.documentCount)
      return decoded[t] = { entry, counts, idf }
    }
    // Material 切分查询时用 “词 in invertedIndex” 判断索引里有没有这个词
    const invertedIndex = new Proxy(Object.create(null), {
      get: (target, term) => termNumber.has(term) ? posting(termNumber.get(term)).entry : undefined,
      has: (target, term) => termNumber.has(term)
    })
    const fieldVectors = new Proxy(Object.create(null), {
      get: (target, fieldRef) => {
        const ref = lunr.FieldRef.fromString(String(fieldRef))
        return new LazyVector(ref.fieldName, number.get(ref.docRef), ref.docRef)
      },
      ownKeys: () => docs.flatMap(doc => names.map(name => name + "/" + doc.location)),
      getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true })
    })
    // 标题按 BM25 做长度归一（b = settings.titleLength）：lunr 只有一个全局的 b，Material 设为 0
    const lengths = packed.lengths || {}
    const average = {}
    for (const [name, list] of Object.entries(lengths)) average[name] = list.reduce((a, b) => a + b, 0) / list.length
    LazyVector.prototype.score = function (t) {
      const { counts, idf } = posting(t)
      const tf = counts[this.field].get(this.doc)
      if (tf === undefined) return undefined
      // lunr.Builder.createFieldVectors 的公式，保留三位小数
      const k1 = builder._k1
      const b = lengths[this.field] ? settings.titleLength || 0 : 0
      let score = b
        ? idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (lengths[this.field][this.doc] / average[this.field])) + tf)
        : idf * ((k1 + 1) * tf) / (k1 + tf)
      score *= builder._fields[this.field].boost || 1
      score *= builder._documents[this.ref].boost || 1
      return Math.round(score * 1000) / 1000
    }
    return new lunr.Index({
      invertedIndex, fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(terms),
      fields: Object.keys(builder._fields),
      pipeline: builder.searchPipeline
    })
  }
  function LazyVector(field, doc, ref) { this.field = field; this.doc = doc; this.ref = ref }

  // Material 按词的位置给结果加高亮；构建时没写位置，这里给排在前面的结果现切一次词（与建索引同一个切词函数），
  // 其余结果的位置留空（不高亮）。切过的文档记下来，下次查询直接用。
  const HIGHLIGHTED = 20
  function addPositions(results) {
    const { builder, tokens } = fields
    const byLocation = addPositions.map || (addPositions.map = new Map(docs.map(doc => [doc.location, doc])))
    results.forEach((result, r) => {
      for (const [term, matched] of Object.entries(result.matchData.metadata))
        for (const [name, metadata] of Object.entries(matched)) {
          metadata.position = []
          const doc = byLocation.get(result.ref)
          if (r >= HIGHLIGHTED || doc[name] === undefined) continue
          const key = name + "/" + result.ref
          if (!tokens.has(key)) tokens.set(key, positions(builder, name, doc))
          metadata.position = tokens.get(key).get(term) || []
        }
    })
  }

  function positions(builder, name, doc) {
    const found = new Map()
    const { extractor } = builder._fields[name]
    const value = extractor ? extractor(doc) : doc[name]
    for (const token of builder.pipeline.run(builder.tokenizer(value, { fields: [name] }))) {
      const term = token.toString()
      if (!found.has(term)) found.set(term, [])
      found.get(term).push(token.metadata.position)
    }
    return found
  }
})();
