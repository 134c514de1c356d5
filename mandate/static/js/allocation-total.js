/* The allocation screen's running total: the sum of the targets typed so far, shown as they are
   typed (the page's language writes thousands with data-thousands). The server checks again. */
(function () {
  "use strict";
  var table = document.getElementById("allocation-table");
  var out = document.getElementById("running-total");
  if (!table || !out) {
    return;
  }
  var thousands = table.dataset.thousands || ".";
  var decimal = thousands === "." ? "," : ".";
  var locale = thousands === "." ? "vi-VN" : "en-GB";

  function read(text) {
    var clean = text.trim().split(thousands).join("").replace(decimal, ".");
    var value = Number(clean);
    return clean === "" || isNaN(value) ? 0 : value;
  }

  function update() {
    var total = 0;
    table.querySelectorAll("tbody input[type=text]").forEach(function (input) {
      total += read(input.value);
    });
    out.textContent = total.toLocaleString(locale);
  }

  table.addEventListener("input", update);
})();
