// 宽表格的滑动提示：表格比它的框宽（手机上常见）时，在表格上方加一行“左右滑动查看”，
// 不然读者只看到被截断的几栏，不知道右边还有内容。窗口大小变化（手机横过来）时重新判断。
// 手机上排成卡片的表格（.hb-stack）不需要提示。样式见 extra.css 的 .hb-scroll-cue。
(function () {
  "use strict";

  // Material 的表格自己横向滚动；表单的登记表在 .hb-form__scroll 框里滚动
  var BOXES = ".md-typeset table:not([class]), .md-typeset .hb-form__scroll";
  var cues = [];

  function update() {
    cues.forEach(function (pair) {
      pair.cue.hidden = pair.box.scrollWidth <= pair.box.clientWidth + 1;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(BOXES).forEach(function (box) {
      // Material 把表格包在 .md-typeset__scrollwrap 里：提示放在包装的前面
      var anchor = box.closest(".md-typeset__scrollwrap") || box;
      var cue = document.createElement("p");
      cue.className = "hb-scroll-cue";
      cue.textContent = "表格较宽，左右滑动查看 →";
      cue.hidden = true;
      anchor.parentNode.insertBefore(cue, anchor);
      cues.push({ box: box, cue: cue });
    });
    update();
    window.addEventListener("resize", update);
    document.addEventListener("toggle", update, true);   // 折叠框（details）打开后里面的表格才有宽度
  });
}());
