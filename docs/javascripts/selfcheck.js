// 自查工具（个性化清单 › 自查）：选择单位 → 本单位清单；勾选、备注存在本机浏览器（按档案和年度），
// 打印、导出 CSV/JSON、导入 JSON。只在有 #hb-selfcheck 的页面上运行。
// 条目文字一律用 textContent 写入，从不当作 HTML。
(() => {
  "use strict";

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.getElementById("hb-selfcheck");
    if (!root) return;
    // 数据由页面里的 <script src=".../data/responsibilities.js"> 载入（与 responsibilities.json 同一份）：
    // 从文件夹打开（file://）时浏览器不允许 fetch 本地文件，脚本文件却可以载入
    const data = window.hbResponsibilities;
    if (data) start(root, data);
    else root.querySelector(".hb-sc-status").textContent = "清单数据读取失败：没有载入 data/responsibilities.js";
  });

  // ---- 规则求值：与 scripts/handbook/core/model.py 的 Model.checklist 和 matches 逐句对应 ----------
  // 规则只在数据里（units.yml → responsibilities.json），这里不写任何具体规则。
  // tests/test_selfcheck.py 对每个档案和全部维度组合比较两边的结果。
  function matches(condition, selection) {
    return Object.entries(condition).every(([dim, values]) => values.includes(selection[dim]));
  }

  function checklist(data, selection) {
    const rules = data.rules.filter((r) => matches(r.when, selection));
    const excluded = new Set(rules.flatMap((r) => r.exclude));
    const subjects = Object.fromEntries(rules.filter((r) => r.reassign).map((r) => [r.reassign.list, r.reassign.subject]));
    const groups = [];
    for (const lst of data.lists) {
      if (!lst.in_checklist) continue;
      const items = lst.items
        .filter((i) => !excluded.has(i.id) && matches(i.applies, selection))
        .map((i) => ({ ...i, notes: i.variants.filter((v) => matches(v.when, selection)).map((v) => v.text) }));
      if (items.length) {
        groups.push({ list: lst.id, title: lst.title, subject: subjects[lst.id] ?? lst.subject, items });
      }
    }
    return groups;
  }

  // ---- 页面 -----------------------------------------------------------------------------------
  const STORE = "hb-selfcheck";

  function start(root, data) {
    const form = root.querySelector(".hb-sc-form");
    const status = root.querySelector(".hb-sc-status");
    const dims = data.dimensions.map((d) => d.id);
    const groupTemplate = root.querySelector("#hb-sc-group").content;
    const itemTemplate = root.querySelector("#hb-sc-item").content;
    // 清单原文页面的地址取自页面上由 MkDocs 生成的链接，在线站点和离线包都对
    const listPages = Object.fromEntries(
      [...document.querySelectorAll("a[data-list]")].map((a) => [a.dataset.list, a.href.split("#")[0]]));
    let groups = [];
    let record = {};
    // 依据的纯文字写法：条款号未核实的加上与 Word、Excel 相同的标记（core/status.py 的 PLAIN_MARK，模板传入）
    const basisText = (item) =>
      item.basis.map((b) => b.text + (b.unconfirmed ? root.dataset.pendingMark : "")).join("；");

    const selection = () => Object.fromEntries(dims.map((d) => [d, form.elements[d].value]));
    const profileOf = (sel) => data.profiles.find((p) => dims.every((d) => p.selection[d] === sel[d]));
    const year = () => form.elements.year.value;
    const unitName = () => profileOf(selection())?.name ?? "自选组合";
    const label = (dim, value) => data.dimensions.find((d) => d.id === dim).values.find((v) => v.id === value).label;
    // 存储键：档案编号（自选组合用各维度取值）+ 年度
    const storeKey = () => {
      const sel = selection();
      const who = profileOf(sel)?.id ?? dims.map((d) => `${d}=${sel[d]}`).join(",");
      return `${STORE}/${year()}/${who}`;
    };
    const read = (key) => {
      try { return JSON.parse(localStorage.getItem(key)) || {}; } catch { return {}; }
    };
    const save = () => localStorage.setItem(storeKey(), JSON.stringify(record));
    // 下次打开时回到上次选的单位和年度
    const remember = () => localStorage.setItem(`${STORE}/last`, JSON.stringify({ selection: selection(), year: year() }));
    const say = (text) => { status.textContent = text; };

    function choose(sel, yr) {
      for (const d of dims) form.elements[d].value = sel[d];
      form.elements.profile.value = profileOf(sel)?.id ?? "";
      form.elements.year.value = /^\d{4}$/.test(yr) ? yr : String(new Date().getFullYear());
      render();
    }

    function render() {
      const sel = selection();
      groups = checklist(data, sel);
      record = read(storeKey());
      const container = root.querySelector(".hb-sc-groups");
      container.replaceChildren(...groups.map((g) => {
        const section = groupTemplate.cloneNode(true);
        section.querySelector(".hb-sc-group").dataset.list = g.list;
        section.querySelector(".hb-sc-group__title").textContent = `${g.title}（${g.items.length}项）`;
        section.querySelector(".hb-sc-group__subject span").textContent = g.subject;
        section.querySelector(".hb-sc-items").append(...g.items.map(renderItem));
        return section;
      }));
      root.querySelector(".hb-sc-print-title").textContent = `${root.dataset.title} · ${unitName()}`;
      root.querySelector(".hb-sc-print-meta").textContent =
        `年度：${year()}年　` + data.dimensions.map((d) => `${d.label}：${label(d.id, sel[d.id])}`).join("　");
      progress();
      remember();
      // 本单位（首页、日历共用）：选的是某个档案就记下它，自选组合不对应任何档案
      const profile = profileOf(sel);
      if (profile) window.hbUnit?.choose(profile.id, profile.name);
      else window.hbUnit?.clear();
    }

    function renderItem(item) {
      const li = itemTemplate.cloneNode(true).querySelector("li");
      const state = record[item.id] || {};
      const box = li.querySelector(".hb-sc-item__done");
      box.id = `hb-sc-${item.id}`;
      box.checked = Boolean(state.done);
      li.dataset.id = item.id;
      li.querySelector(".hb-sc-item__title").htmlFor = box.id;
      li.querySelector(".hb-sc-item__title").textContent = item.title;
      const link = li.querySelector(".hb-sc-item__id");
      link.textContent = item.id;
      if (listPages[item.list]) link.href = `${listPages[item.list]}#${item.id}`;
      li.querySelector(".hb-sc-item__text").textContent = item.text;
      li.querySelector(".hb-sc-item__notes").append(...item.notes.map((n) => {
        const note = document.createElement("li");
        note.textContent = `本单位：${n}`;
        return note;
      }));
      li.querySelector(".hb-sc-item__basis span").textContent = basisText(item);
      const area = li.querySelector("textarea");
      const printed = li.querySelector(".hb-sc-item__note-print");
      area.value = printed.textContent = state.note || "";
      box.addEventListener("change", () => update(item.id, { done: box.checked }));
      area.addEventListener("input", () => { printed.textContent = area.value; update(item.id, { note: area.value }); });
      return li;
    }

    function update(id, change) {
      record[id] = { ...record[id], ...change };
      save();
      progress();
    }

    function progress() {
      const ids = groups.flatMap((g) => g.items.map((i) => i.id));
      const done = ids.filter((id) => record[id]?.done).length;
      root.querySelector(".hb-sc-progress").textContent = `共 ${ids.length} 项，已完成 ${done} 项`;
    }

    function rows() {
      return groups.flatMap((g) => g.items.map((i) => ({ group: g, item: i, state: record[i.id] || {} })));
    }

    function download(name, type, text) {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const a = Object.assign(document.createElement("a"), { href: url, download: name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    }

    function exportCsv() {
      // 以 = + - @ 开头的单元格前加 '，避免表格软件把备注当作公式执行
      const cell = (v) => {
        const s = String(v).replace(/^[=+\-@]/, "'$&");
        return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      };
      const head = ["年度", "单位档案", "清单", "落实主体", "编号", "事项", "内容", "本单位落实方式", "依据", "完成", "备注"];
      const body = rows().map(({ group, item, state }) => [
        year(), unitName(), group.title, group.subject, item.id, item.title, item.text,
        item.notes.join("；"), basisText(item), state.done ? "是" : "否", state.note || ""]);
      // 开头的 BOM（\ufeff）让 Excel 和 WPS 按 UTF-8 读取，中文不乱码
      const text = "\ufeff" + [head, ...body].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
      download(`${unitName()}-${year()}年自查.csv`, "text/csv;charset=utf-8", text);
    }

    function exportJson() {
      const sel = selection();
      const out = {
        format: "hb-selfcheck", version: 1, edition: data.edition, year: Number(year()),
        profile: profileOf(sel)?.id ?? null, selection: sel, exported: new Date().toISOString(),
        items: rows().map(({ item, state }) => ({ id: item.id, title: item.title, done: Boolean(state.done), note: state.note || "" })),
      };
      download(`${unitName()}-${year()}年自查.json`, "application/json", JSON.stringify(out, null, 1) + "\n");
    }

    async function importJson(file) {
      let input;
      try {
        input = JSON.parse(await file.text());
      } catch {
        return say(`导入失败：${file.name} 不是 JSON 文件。`);
      }
      if (input?.format !== "hb-selfcheck" || !Array.isArray(input.items) || !input.selection) {
        return say(`导入失败：${file.name} 不是本站导出的自查记录。`);
      }
      const sel = Object.fromEntries(dims.map((d) => [d, String(input.selection[d] ?? "")]));
      if (dims.some((d) => ![...form.elements[d].options].some((o) => o.value === sel[d]))) {
        return say("导入失败：文件里的单位分类与本站的分类不一致。");
      }
      choose(sel, String(input.year || year()));
      const known = new Set(groups.flatMap((g) => g.items.map((i) => i.id)));
      const items = input.items.filter((i) => known.has(i.id));
      if (Object.keys(record).length && !confirm(`导入会替换“${unitName()}”${year()}年的现有记录，继续吗？`)) return;
      record = Object.fromEntries(items.map((i) => [i.id, { done: i.done === true, note: String(i.note ?? "") }]));
      save();
      render();
      const skipped = input.items.length - items.length;
      say(`已导入 ${items.length} 项记录${skipped ? `；${skipped} 项不在本单位清单中，未导入` : ""}。`);
    }

    const actions = {
      print: () => window.print(),
      csv: exportCsv,
      json: exportJson,
      import: () => form.elements.import.click(),
      reset: () => {
        if (!confirm(`清空“${unitName()}”${year()}年的全部勾选和备注？`)) return;
        localStorage.removeItem(storeKey());
        render();
        say("已清空本年度记录。");
      },
    };
    form.addEventListener("click", (e) => {
      const action = e.target.closest("[data-action]")?.dataset.action;
      if (action) actions[action]();
    });
    form.elements.import.addEventListener("change", () => {
      const file = form.elements.import.files[0];
      form.elements.import.value = "";
      if (file) importJson(file);
    });
    form.addEventListener("change", (e) => {
      if (e.target.name === "profile" && e.target.value) {
        choose(data.profiles.find((p) => p.id === e.target.value).selection, year());
      } else if (dims.includes(e.target.name) || e.target.name === "year") {
        choose(selection(), year());
      }
    });
    form.addEventListener("submit", (e) => e.preventDefault());

    // 打开时的单位：链接指定的（档案页“在自查中打开”带 ?profile=，单位选择器带各维度取值）、
    // 选定的本单位、上次在这里选的；都没有时用本单位版（make edition）预先选好的档案或第一个档案
    const isValid = (sel) => sel && dims.every((d) => [...form.elements[d].options].some((o) => o.value === sel[d]));
    const byId = (id) => data.profiles.find((p) => p.id === id)?.selection;
    const params = new URLSearchParams(location.search);
    const fromLink = byId(params.get("profile")) ?? Object.fromEntries(dims.map((d) => [d, params.get(d)]));
    const last = read(`${STORE}/last`);
    const preset = byId(form.elements.profile.value) ?? data.profiles[0].selection;
    const start = [fromLink, byId(window.hbUnit?.get()?.profile), last.selection].find(isValid) ?? preset;
    choose(start, last.year || String(new Date().getFullYear()));
    form.hidden = false;
  }
})();
