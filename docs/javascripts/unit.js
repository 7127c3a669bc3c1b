// 本单位：读者选定的单位档案记在本机浏览器里（localStorage 的 hb-unit），首页、单位选择器、档案页、自查、日历共用。
// 本文件还负责：单位选择器（个性化清单首页）、首页“我单位要做什么”一格、档案页上“按你的回答”一句。
window.hbUnit = (() => {
  "use strict";
  const KEY = "hb-unit";
  const get = () => {
    try { return JSON.parse(localStorage.getItem(KEY)); } catch { return null; }
  };
  return {
    // { profile, name, why? }
    get,
    // 选定一个档案。details（选择器的理由）不写时，同一档案保留原来的理由
    choose(profile, name, details) {
      const old = get();
      const kept = !details && old?.profile === profile ? old : {};
      try { localStorage.setItem(KEY, JSON.stringify({ ...kept, ...details, profile, name })); } catch { /* 浏览器禁用了存储 */ }
    },
    clear() {
      try { localStorage.removeItem(KEY); } catch { /* 同上 */ }
    },
    // 链接里指定的档案（档案页的“在自查中打开”“本单位工作日历”）：?profile=<档案>
    requested: () => new URLSearchParams(location.search).get("profile"),
  };
})();

(() => {
  "use strict";

  // ---- 单位选择器 ----------------------------------------------------------------------------
  // 组织规模的判断只用数据：每个规模的设立人数、能否经批准设立、条文原文都在表单后面隐藏的一块里（来自 units.yml），
  // 档案的名称、地址和各维度取值取自本页档案表里的链接（data-*）。
  function picker(form) {
    const scaleDim = form.dataset.scaleDim;
    const scales = [...document.querySelectorAll("[data-hb-picker-rules] [data-scale]")]
      .map((p) => ({ id: p.dataset.scale, label: p.dataset.label, members: Number(p.dataset.members),
                     approval: "approval" in p.dataset, rule: p.textContent }));
    const dims = [scaleDim, ...[...form.querySelectorAll("fieldset[data-dim]")].map((f) => f.dataset.dim)];
    const profiles = [...document.querySelectorAll("a[data-profile]")].map((a) => ({
      id: a.dataset.profile, href: a.href, name: a.textContent, selection: Object.fromEntries(dims.map((d) => [d, a.dataset[d]])) }));
    const answer = form.querySelector("[data-hb-picker-answer]");
    const ruleBox = form.querySelector("[data-hb-picker-rule]");
    const custom = form.querySelector("[data-hb-picker-custom]");
    const selfcheck = document.querySelector("[data-hb-picker-selfcheck]");
    custom.append(selfcheck, "。");
    const go = form.querySelector("[data-hb-picker-go]");
    const selfcheckBase = selfcheck.href.split("?")[0];
    let chosen = null;

    // 人数够哪一级就设哪一级；经批准设立的更高一级优先
    function scaleOf(members, approvedId) {
      const byCount = scales.find((s) => members >= s.members);
      const approved = scales.find((s) => s.id === approvedId && s.approval);
      if (approved && (!byCount || scales.indexOf(approved) < scales.indexOf(byCount))) {
        return { scale: approved, why: `党员${members}人，不足${approved.members}人，经上级党组织批准设立${approved.label}` };
      }
      if (byCount) return { scale: byCount, why: `党员${members}人，按人数（${byCount.members}人以上）设立${byCount.label}` };
      return null;
    }

    // 三项都相同的档案；没有就取最接近的：先比组织规模，再比单位性质，最后比职能（问题的先后）
    function nearest(selection) {
      const score = (p) => dims.reduce((sum, d, i) => sum + (p.selection[d] === selection[d] ? 2 ** (dims.length - i) : 0), 0);
      return profiles.reduce((best, p) => (score(p) > score(best) ? p : best));
    }

    function update() {
      const members = Number(form.elements.members.value);
      const values = Object.fromEntries(dims.slice(1).map((d) => [d, form.elements[d].value]));
      chosen = null;
      ruleBox.hidden = custom.hidden = true;
      go.disabled = true;
      if (!Number.isInteger(members) || members < 1) {
        answer.textContent = "回答上面的问题，这里显示本单位对应的档案和依据的规定。";
        return;
      }
      const result = scaleOf(members, form.elements.approved.value);
      if (!result) {
        const smallest = scales[scales.length - 1];
        answer.textContent = `正式党员不足${smallest.members}人，不能单独成立党支部，请按上级机关工委的安排。`;
        ruleBox.textContent = smallest.rule;
        ruleBox.hidden = false;
        return;
      }
      ruleBox.textContent = `依据：${result.scale.rule}`;
      ruleBox.hidden = false;
      const missing = dims.slice(1).filter((d) => !values[d]);
      if (missing.length) {
        answer.textContent = `组织规模：${result.scale.label}（${result.why}）。再选择下面的${missing.length}项，就能找到本单位的档案。`;
        return;
      }
      const selection = { [scaleDim]: result.scale.id, ...values };
      const profile = nearest(selection);
      const exact = dims.every((d) => profile.selection[d] === selection[d]);
      chosen = { profile, why: result.why, answers: { members, approved: form.elements.approved.value, ...values } };
      answer.textContent = `本单位档案：${profile.name}。组织规模：${result.scale.label}（${result.why}）。`;
      custom.hidden = exact;
      selfcheck.href = `${selfcheckBase}?${new URLSearchParams(selection)}`;
      go.disabled = false;
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!chosen) return;
      window.hbUnit.choose(chosen.profile.id, chosen.profile.name, { why: chosen.why, answers: chosen.answers });
      location.href = chosen.profile.href;
    });
    // 上次的回答
    const last = window.hbUnit.get()?.answers;
    if (last) {
      form.elements.members.value = last.members ?? "";
      form.elements.approved.value = last.approved ?? "";
      for (const d of dims.slice(1)) {
        const radio = [...form.elements[d]].find((r) => r.value === last[d]);
        if (radio) radio.checked = true;
      }
    }
    update();
    form.hidden = false;
  }

  // ---- 首页“我单位要做什么”：选过单位的，直接链接到本单位的档案页 --------------------------------
  function homeTile(text) {
    const unit = window.hbUnit.get();
    const link = unit && document.querySelector(`.hb-task-profiles a[data-profile="${unit.profile}"]`);
    if (!link) return;
    const mine = Object.assign(link.cloneNode(true), { textContent: unit.name || link.textContent });
    text.replaceChildren("本单位：", mine, "。重新选择请点上面的标题。");
  }

  // ---- 档案页：读者从选择器来的，说明是按哪条规则落到这里的 ---------------------------------------
  function why(el) {
    const unit = window.hbUnit.get();
    if (unit?.profile !== el.dataset.hbUnitWhy || !unit.why) return;
    el.textContent = `按你在“我单位要做什么”里的回答（${unit.why}），这是本单位的档案。`;
    el.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("form[data-hb-picker]");
    if (form) picker(form);
    const tile = document.querySelector("[data-hb-unit-mine]");
    if (tile) homeTile(tile);
    const note = document.querySelector("[data-hb-unit-why]");
    if (note) why(note);
  });
})();
