// The register form: shows the fields of the chosen register only (số đến and ngày đến for an
// incoming document, số đi for an outgoing one), and hides the file inputs of a classified
// document, whose content is never stored (the server refuses it too). Hidden inputs are
// disabled, so that they are not sent. Without JavaScript every field is shown and the server
// says what does not fit.
(function () {
  "use strict";

  var form = document.getElementById("register-form");
  if (!form) {
    return;
  }

  function show(element, visible) {
    element.hidden = !visible;
    element.querySelectorAll("input, select, textarea").forEach(function (input) {
      input.disabled = !visible;
    });
  }

  function registerChanged() {
    var chosen = form.querySelector("input[name=direction]:checked");
    form.querySelectorAll("[data-register]").forEach(function (group) {
      show(group, chosen !== null && group.getAttribute("data-register") === chosen.value);
    });
  }

  function confidentialityChanged() {
    var select = form.querySelector("select[name=confidentiality]");
    var classified = (select.getAttribute("data-classified") || "").split(" ");
    var isClassified = classified.indexOf(select.value) !== -1;
    form.querySelectorAll("[data-content-files]").forEach(function (group) {
      if (isClassified) {
        group.querySelectorAll("input[type=file]").forEach(function (input) {
          input.value = "";
        });
      }
      show(group, !isClassified);
    });
    form.querySelectorAll("[data-classified-note]").forEach(function (note) {
      note.hidden = !isClassified;
    });
    var isPublic = form.querySelector("input[name=is_public]");
    if (isPublic) {
      if (isClassified) {
        isPublic.checked = false;
      }
      isPublic.disabled = isClassified;
    }
  }

  form.querySelectorAll("input[name=direction]").forEach(function (radio) {
    radio.addEventListener("change", registerChanged);
  });
  form.querySelector("select[name=confidentiality]").addEventListener("change", confidentialityChanged);
  registerChanged();
  confidentialityChanged();
})();
