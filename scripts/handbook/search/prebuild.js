// 构建时在 Node 里运行 Material 自己的搜索 worker（它打包的 lunr、它的切词函数和管线），
// 把切词的结果写成紧凑的倒排表；浏览器里 worker-prelude.js 直接查它，不再逐篇切词、建索引。
// 用法：node prebuild.js <site 目录里的 worker> <search_index.json> <输出文件>
//
// 输出：{fields: [字段名], terms: [全部词，按码位排序], postings: [每个词一个字符串]}。
// 一个词的字符串按 fields 的顺序用“;”分成各字段；每个字段是含这个词的文档，用“,”分隔，按 docs 里的序号升序，
// 每项写与前一项序号的差（36进制），这个词在这篇文档这个字段里出现不止1次时后面加“.次数”（36进制）。
// lengths：标题的词数，每篇文档一个数。词的位置不写：只用于结果里的高亮，浏览器只给排在前面的结果现算。
"use strict"
const fs = require("fs")
const path = require("path")
const vm = require("vm")

const [workerPath, indexPath, outPath] = process.argv.slice(2)
const workerDir = path.dirname(workerPath)
const listeners = []
const replies = []
const context = vm.createContext({
  console,
  addEventListener: (type, fn) => listeners.push(fn),
  postMessage: message => replies.push(message),
  // worker 按相对自身的地址（../lunr/min/…）载入语言支持
  importScripts: (...urls) => {
    for (const url of urls)
      vm.runInContext(fs.readFileSync(path.resolve(workerDir, url), "utf8"), context, { filename: url })
  }
})
context.self = context
vm.runInContext(fs.readFileSync(workerPath, "utf8"), context, { filename: workerPath })

const lunr = context.lunr
let packed
const add = lunr.Builder.prototype.add
lunr.Builder.prototype.add = function (doc, attributes) {
  this.metadataWhitelist = []
  return add.call(this, doc, attributes)
}
lunr.Builder.prototype.build = function () {
  const fields = Object.keys(this._fields)
  const terms = Object.keys(this.invertedIndex).sort()
  const number = new Map(data.docs.map((doc, i) => [doc.location, i]))
  const postings = terms.map(term => fields.map(field => {
    let previous = 0
    return Object.keys(this.invertedIndex[term][field])
      .map(ref => number.get(ref)).sort((a, b) => a - b)
      .map(d => {
        const tf = this.fieldTermFrequencies[field + "/" + data.docs[d].location][term]
        const entry = (d - previous).toString(36) + (tf > 1 ? "." + tf.toString(36) : "")
        previous = d
        return entry
      }).join(",")
  }).join(";"))
  // 标题的词数：浏览器按 BM25 的长度归一给标题打分（只提到这个词的长标题，不如正好是这个词的短标题）
  const lengths = { title: data.docs.map(doc => this.fieldLengths["title/" + doc.location]) }
  packed = { fields, terms, postings, lengths }
  return new lunr.Index({ invertedIndex: {}, fieldVectors: {}, tokenSet: new lunr.TokenSet, fields: [] })
}

const data = JSON.parse(fs.readFileSync(indexPath, "utf8"))
Promise.all(listeners.map(fn => fn({ data: { type: 0, data: data } }))).then(() => {
  if (!packed || !replies.some(reply => reply.type === 1))
    throw new Error("Material 的搜索 worker 没有建出索引")
  fs.writeFileSync(outPath, JSON.stringify(packed))
}).catch(err => { console.error(err); process.exit(1) })
