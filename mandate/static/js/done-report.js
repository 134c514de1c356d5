// The done report's confirmation: before the form is sent, a dialog shows what will be sent
// (the result, the product files with their sizes, the product document) and sends it only when
// asked to; "go back" keeps everything typed. Without JavaScript the form's own check box is the
// confirmation.
(function () {
  "use strict";

  function sizeOf(bytes) {
    var language = document.documentElement.lang || "vi";
    var megabytes = bytes / 1048576;
    if (megabytes >= 0.1) {
      return megabytes.toLocaleString(language, { maximumFractionDigits: 1 }) + " MB";
    }
    return Math.max(1, Math.round(bytes / 1024)).toLocaleString(language) + " KB";
  }

  function show(dialog, name, text) {
    var target = dialog.querySelector('[data-show="' + name + '"]');
    if (target) {
      target.textContent = text;
    }
  }

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    var dialog = document.getElementById(form.getAttribute("data-confirm"));
    var confirm = form.querySelector('input[type=checkbox][name$="-confirm"]');
    if (!dialog || typeof dialog.showModal !== "function" || !confirm) {
      return;
    }
    var none = (dialog.querySelector('[data-text="none"]') || {}).textContent || "—";
    var row = confirm.closest(".mb-2");
    if (row) {
      row.hidden = true;
    }
    var confirmed = false;

    form.addEventListener("submit", function (event) {
      if (confirmed) {
        return;
      }
      event.preventDefault();
      var reason = form.querySelector('textarea[name$="-reason"]');
      var files = form.querySelector('input[type=file][name$="-product_files"]');
      var product = form.querySelector('input[name$="-product_document"]');
      show(dialog, "reason", reason && reason.value.trim() ? reason.value.trim() : none);
      var names = [];
      if (files) {
        Array.prototype.forEach.call(files.files, function (file) {
          names.push(file.name + " (" + sizeOf(file.size) + ")");
        });
      }
      show(dialog, "product_files", names.length ? names.join("; ") : none);
      show(dialog, "product_document", product && product.value.trim() ? product.value.trim() : none);
      dialog.showModal();
    });

    dialog.querySelector('[data-dialog="send"]').addEventListener("click", function () {
      confirm.checked = true;
      confirmed = true;
      dialog.close();
      form.requestSubmit();
    });
    dialog.querySelector('[data-dialog="back"]').addEventListener("click", function () {
      dialog.close();
    });
  });
})();
