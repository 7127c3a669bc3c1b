// 搜索框的粘贴、拖入和输入法上屏：Material 只在 keyup 时读取查询，这些输入不产生按键事件，
// 框里有字却一直显示“键入以开始搜索”。每次 input 事件后补发一个 keyup；
// Material 对查询去重（值没变就不再搜索），键盘输入的 input 之后再来的真 keyup 不会重复搜索。
// 输入法组字过程中（拼音还没上屏）不补发，上屏时（compositionend 之后的 input）再搜。
document.addEventListener("input", event => {
  const box = event.target;
  if (box instanceof HTMLInputElement && box.matches(".md-search__input") && !event.isComposing)
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
});
