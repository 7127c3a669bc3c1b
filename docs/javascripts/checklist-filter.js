// 个性化清单首页：按维度筛选单位档案。没有脚本时表格照常显示全部档案。
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-hb-filter]");
  if (!form) return;
  const rows = [...document.querySelectorAll("a[data-scale]")].map((a) => ({ a, row: a.closest("tr") }));
  const apply = () => {
    const chosen = Object.fromEntries([...form.elements].filter((el) => el.name).map((el) => [el.name, el.value]));
    for (const { a, row } of rows) {
      row.hidden = Object.entries(chosen).some(([dim, value]) => value && a.dataset[dim] !== value);
    }
  };
  form.hidden = false;
  form.addEventListener("change", apply);
});
