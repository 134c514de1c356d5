// "Add a row" on the form that assigns several tasks: adds an empty row in place, from the
// page's <template>, instead of sending the form back to the server (which works the same
// without JavaScript, keeping everything typed).
(function () {
  "use strict";

  var button = document.getElementById("add-row");
  var template = document.getElementById("assign-row-template");
  var rows = document.getElementById("assign-rows");
  var total = document.getElementById("id_rows-TOTAL_FORMS");
  if (!button || !template || !rows || !total) {
    return;
  }
  var most = parseInt(button.getAttribute("data-max-rows"), 10) || 50;

  button.addEventListener("click", function (event) {
    var count = parseInt(total.value, 10) || 0;
    event.preventDefault();
    if (count >= most) {
      button.disabled = true;
      return;
    }
    var html = template.innerHTML
      .replace(/__prefix__/g, String(count))
      .replace(/__number__/g, String(count + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(count + 1);
    var added = rows.lastElementChild;
    var first = added && added.querySelector("textarea, input, select");
    if (first) {
      first.focus();
    }
    if (count + 1 >= most) {
      button.disabled = true;
    }
  });
})();
