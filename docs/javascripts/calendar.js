// 工作日历：本月应办（日历页和首页）、过去的月份收起、按所选单位档案只显示适用的工作。
// 网站是静态的，“本月”由浏览器按当天日期算。每项工作适用于哪些档案，构建时已经算好写在 data-profiles 上
// （没有这个属性的适用于全部单位）；单位档案记在 hbUnit（docs/javascripts/unit.js），首页、自查、日历共用。
(() => {
  "use strict";
  const applies = (el, profile) => !profile || !el.dataset.profiles || el.dataset.profiles.split(" ").includes(profile);

  // 本月应办：从隐藏的全年工作里挑出本月、下月的，复制到两个列表
  function fillNow(box, profile, profileName) {
    const today = new Date();
    const month = today.getMonth() + 1;
    const next = month % 12 + 1;
    const all = [...box.querySelectorAll(".hb-now__all > li")];
    const pick = (m) => all.filter((li) => li.dataset.months.split(" ").includes(String(m)) && applies(li, profile))
      .map((li) => li.cloneNode(true));
    box.querySelector("[data-hb-now-title]").textContent =
      `${today.getFullYear()}年${month}月应办（${profileName || "全部单位"}）`;
    box.querySelector("[data-hb-now-this]").replaceChildren(...pick(month));
    box.querySelector("[data-hb-now-next-title]").textContent = `下月初（${next}月）：`;
    box.querySelector("[data-hb-now-next]").replaceChildren(...pick(next));
    box.hidden = false;
  }

  // 月历：本月突出显示，过去的月份收起（可以展开）；打印时全部展开
  function foldMonths() {
    const month = new Date().getMonth() + 1;
    document.querySelectorAll(".hb-cal__month").forEach((section, i) => {
      section.classList.toggle("hb-cal__month--now", i + 1 === month);
      if (i + 1 >= month) return;
      const list = section.querySelector("ul");
      const button = Object.assign(document.createElement("button"), { type: "button", className: "hb-cal__toggle" });
      const set = (open) => {
        list.hidden = !open;
        button.setAttribute("aria-expanded", String(open));
        button.textContent = open ? "收起" : "已过，展开";
      };
      button.addEventListener("click", () => set(list.hidden));
      section.querySelector(".hb-cal__title").after(button);
      set(false);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const box = document.querySelector("[data-hb-now]");
    const picker = document.querySelector("[data-hb-calendar]");
    if (!picker) {
      // 首页：按记住的单位档案
      if (box) {
        const unit = window.hbUnit?.get();
        fillNow(box, unit?.profile, unit?.name);
      }
      return;
    }
    const select = picker.querySelector("select");
    const button = picker.querySelector("[data-hb-calendar-download]");
    // 没有选档案（value 为空）时显示全部单位的工作，与首页一致；日历文件按档案生成，这时不提供下载
    const apply = (remember) => {
      const id = select.value;
      for (const el of document.querySelectorAll(".hb-cal [data-profiles]")) el.hidden = !applies(el, id);
      const name = id ? select.selectedOptions[0].textContent : "";
      button.style.display = id ? "" : "none";   // 不用 hidden 属性：md-button 的 display 会盖过它
      if (id) {
        // 链接地址取自下载表里 MkDocs 生成的链接，在线站点和离线包都对
        button.href = document.querySelector(`a[data-ics="${id}"]`).href;
        button.textContent = `下载日历文件（.ics）：${name}`;
      }
      if (box) fillNow(box, id, name);
      if (remember) id ? window.hbUnit?.choose(id, name) : window.hbUnit?.clear();
    };
    const wanted = window.hbUnit?.requested() ?? window.hbUnit?.get()?.profile;
    if ([...select.options].some((o) => o.value === wanted)) select.value = wanted;
    select.addEventListener("change", () => apply(true));
    foldMonths();
    apply(Boolean(window.hbUnit?.requested()));
    picker.hidden = false;
  });
})();
