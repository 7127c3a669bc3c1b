// 工作日历：按所选单位档案只显示适用的工作，下载按钮换成该档案的日历文件。只在有日历选择框的页面上运行。
// 每项工作适用于哪些档案，构建时已经算好写在 data-profiles 上（没有这个属性的适用于全部单位）。
document.addEventListener("DOMContentLoaded", () => {
  const picker = document.querySelector("[data-hb-calendar]");
  if (!picker) return;
  const select = picker.querySelector("select");
  const button = picker.querySelector("[data-hb-calendar-download]");
  const KEY = "hb-calendar/profile";
  const apply = () => {
    const id = select.value;
    for (const el of document.querySelectorAll(".hb-cal [data-profiles]")) {
      el.hidden = !el.dataset.profiles.split(" ").includes(id);
    }
    // 链接地址取自下载表里 MkDocs 生成的链接，在线站点和离线包都对
    button.href = document.querySelector(`a[data-ics="${id}"]`).href;
    button.textContent = `下载日历文件（.ics）：${select.selectedOptions[0].textContent}`;
    localStorage.setItem(KEY, id);
  };
  const saved = localStorage.getItem(KEY);
  if ([...select.options].some((o) => o.value === saved)) select.value = saved;
  select.addEventListener("change", apply);
  apply();
  picker.hidden = false;
});
