// Filters the options of a long unit <select> as the user types, accents optional: "van hoa"
// finds "Văn hóa". The search box is hidden until this script shows it, so a page without
// JavaScript shows only the list. Chosen units always stay visible.
(function () {
  "use strict";

  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase();
  }

  document.querySelectorAll("[data-filter-for]").forEach(function (box) {
    var select = document.getElementById(box.getAttribute("data-filter-for"));
    var input = box.querySelector("input");
    if (!select || !input) {
      return;
    }
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(select.options, function (option) {
        var text = fold(option.textContent);
        var matches = words.every(function (word) {
          return text.indexOf(word) !== -1;
        });
        option.hidden = !option.selected && !matches;
      });
    });
  });
})();
