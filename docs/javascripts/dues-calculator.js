// 党费计算器：只在有 [data-hb-dues] 的页面（党费）上运行，其他页面什么也不做。
// 数据嵌在页面里（与上方标准表同一份 party-dues.yml），离线、从文件夹打开都能用。
// 金额一律换算成整数“分”、比例换算成“万分比”，只做整数运算，避免浮点误差：
//   党费（分）= 基数（分）× 万分比 ÷ 10000，四舍五入到分。
// 基数限制在10亿元以内，乘积不超过 2^53，普通数字就能精确表示（不依赖较新浏览器才有的 BigInt）。
(function () {
  "use strict";

  var DIGITS = { "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7", "８": "8", "９": "9", "．": ".", "－": "-", "，": "," };

  // 文字 → 分（整数）；不合格时返回 { error: 中文说明 }
  function parseAmount(raw) {
    var text = String(raw).replace(/[０-９．－，]/g, function (ch) { return DIGITS[ch]; })
      .replace(/\s+/g, "").replace(/元$/, "");
    if (text === "") return { error: "请输入金额。" };
    if (/^[-−]/.test(text)) return { error: "金额不能是负数。" };
    if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) text = text.replace(/,/g, "");
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return { error: "金额只能包含数字和小数点，例如 5000 或 5000.50。" };
    var parts = text.split(".");
    var frac = parts[1] || "";
    if (frac.length > 2) return { error: "金额最多保留两位小数（到分），例如 5000.50。" };
    var whole = parts[0].replace(/^0+(?=\d)/, "");
    if (whole.length > 9) return { error: "金额太大（超过10亿元），请检查是否多输入了数字。" };
    return { fen: Number(whole || "0") * 100 + Number((frac + "00").slice(0, 2)) };
  }

  // 整数除法（被除数、除数都是安全整数）
  function div(a, b) { return (a - a % b) / b; }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  function yuan(fen) { return div(fen, 100) + "." + pad(fen % 100, 2); }

  // 整数（百万分之一元）→ 至少两位小数的写法，如 30.0001
  function exact(micro) {
    var frac = pad(micro % 1000000, 6).replace(/0+$/, "");
    return div(micro, 1000000) + "." + (frac.length < 2 ? (frac + "00").slice(0, 2) : frac);
  }

  function compute(cat, fen) {
    for (var i = 0; i < cat.brackets.length; i++) {
      var b = cat.brackets[i];
      if (b.upto_fen === null || fen <= b.upto_fen) {
        var micro = fen * b.rate_bp;                     // 单位：百万分之一元
        return { bracket: b, micro: micro, amount: div(micro + 5000, 10000) };
      }
    }
    return null;
  }

  function init(root) {
    var data = JSON.parse(root.querySelector("[data-hb-dues-data]").textContent);
    var form = root.querySelector("[data-hb-dues-form]");
    var select = form.elements.category;
    var input = form.elements.amount;
    var amountRow = form.querySelector("[data-hb-amount-row]");
    var basis = form.querySelector("[data-hb-basis]");
    var error = form.querySelector("[data-hb-error]");
    var result = form.querySelector("[data-hb-result]");
    var byId = {};
    data.categories.forEach(function (c) { byId[c.id] = c; });

    function clear() {
      while (result.firstChild) result.removeChild(result.firstChild);
    }

    // 结果一律作为文本插入（textContent），不拼接 HTML
    function show(rows) {
      clear();
      rows.forEach(function (row) {
        var dt = document.createElement("dt");
        var dd = document.createElement("dd");
        dt.textContent = row[1];
        dd.textContent = row[2];
        dd.setAttribute("data-hb-field", row[0]);
        result.appendChild(dt);
        result.appendChild(dd);
      });
      result.hidden = false;
      error.hidden = true;
    }

    function fail(message) {
      error.textContent = message;
      error.hidden = false;
      result.hidden = true;
      clear();
    }

    function quoteRows(cat) {
      return cat.quotes.map(function (q) { return ["quote", "依据（" + q.role + "）", "“" + q.text + "”——" + q.cite]; });
    }

    function fixedRows(cat) {
      var amount = cat.fixed_fen !== null ? yuan(cat.fixed_fen) + "元"
        : yuan(cat.fixed_min_fen) + "元至" + yuan(cat.fixed_max_fen) + "元（具体数额按上级党组织规定）";
      return [["base", "计算基数", "不按收入计算"], ["standard", "交纳标准", cat.text], ["amount", "每月党费", amount]]
        .concat(quoteRows(cat));
    }

    function update() {
      var cat = byId[select.value];
      var fixed = cat.brackets.length === 0;
      amountRow.hidden = fixed;
      basis.textContent = fixed ? "这一类别每月交纳固定金额，不按收入计算。" : "计算基数：" + cat.basis + "。";
    }

    function calculate() {
      var cat = byId[select.value];
      if (cat.brackets.length === 0) return show(fixedRows(cat));
      var parsed = parseAmount(input.value);
      if (parsed.error) return fail(parsed.error);
      var r = compute(cat, parsed.fen);
      var rows = [
        ["base", "计算基数", yuan(parsed.fen) + "元（" + cat.basis + "）"],
        ["bracket", "适用档次", r.bracket.text],
        ["rate", "交纳比例", r.bracket.rate + (cat.note ? "（" + cat.note + "）" : "")],
        ["amount", "每月党费", yuan(r.amount) + "元"],
        ["process", "计算过程", yuan(parsed.fen) + " × " + r.bracket.rate + " = " + exact(r.micro) + "，保留到分为" + yuan(r.amount) + "元；整个基数适用同一比例，不分段累进"],
      ];
      show(rows.concat(quoteRows(cat)));
    }

    select.addEventListener("change", function () {
      update();
      if (byId[select.value].brackets.length === 0 || input.value.trim() !== "") calculate();
      else { result.hidden = true; error.hidden = true; }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); calculate(); });
    update();
    form.hidden = false;
  }

  function start() {
    var roots = document.querySelectorAll("[data-hb-dues]");
    for (var i = 0; i < roots.length; i++) {
      if (!roots[i].hasAttribute("data-hb-ready")) { roots[i].setAttribute("data-hb-ready", ""); init(roots[i]); }
    }
  }
  // Material 开启即时导航时页面不重新加载，document$ 会在每次换页时通知
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
