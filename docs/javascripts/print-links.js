// 打印时在正文链接后面注明网址（样式见 print.css）：把相对链接解析成完整地址，写进 data-print-url。
// 不注的：页内锚点（#…）和核实标记；表格里的链接（格子窄，注上网址就读不成表了）；自查、表单、日历这些
// 自带打印版式的工具。中文锚点解码，便于抄写。
const PLAIN = "table, .hb-sc, .hb-form, .hb-cal";
document.addEventListener("DOMContentLoaded", () => {
  for (const a of document.querySelectorAll(".md-content article a[href]")) {
    const href = a.getAttribute("href");
    if (href.startsWith("#") || a.matches(".headerlink, .hb-mark") || a.closest(PLAIN)) continue;
    let url = a.href;
    try { url = decodeURI(url); } catch (e) { /* 编码不合法时照原样显示 */ }
    a.dataset.printUrl = url;
  }
});
