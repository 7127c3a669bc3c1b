// 测试用：在 Node 里运行构建出的搜索 worker（与浏览器里同一份代码），发 SETUP 和查询消息，打印结果。
// 用法：node worker.js <worker 文件> <search_index.json> <查询的 JSON 数组>
// 输出 JSON：每条查询 {query: 改写后的查询, items: [[地址, 分数], …]}（Material 排好序、按页面分组前的顺序）。
"use strict"
const fs = require("fs")
const path = require("path")
const vm = require("vm")

const [workerPath, indexPath, queriesPath] = process.argv.slice(2)
const dir = path.dirname(workerPath)
const listeners = [], replies = []
const context = vm.createContext({
  console: { log: console.error, warn: console.error },
  addEventListener: (type, fn) => listeners.push(fn),
  postMessage: message => replies.push(message),
  importScripts: (...urls) => {
    for (const url of urls) vm.runInContext(fs.readFileSync(path.resolve(dir, url), "utf8"), context)
  }
})
context.self = context
vm.runInContext(fs.readFileSync(workerPath, "utf8"), context)

async function send(data) {
  const event = { data }
  for (const fn of listeners) await fn(event)
  return [event.data, replies[replies.length - 1]]
}

;(async () => {
  const index = JSON.parse(fs.readFileSync(indexPath, "utf8"))
  await send({ type: 0, data: { ...index, options: { suggest: false } } })
  const out = []
  for (const query of JSON.parse(fs.readFileSync(queriesPath, "utf8"))) {
    const [message, reply] = await send({ type: 2, data: query })
    out.push({ query: message.data, items: reply.data.items.flat().map(item => [item.location, item.score]) })
  }
  process.stdout.write(JSON.stringify(out))
})().catch(err => { console.error(err); process.exit(1) })
