// Checks the size of the files chosen in <input type="file" data-max-bytes> before the form is
// sent, so that a file over the limit is said at once, next to the field, and nothing typed is
// lost (the server says the same inside the form if this script did not run: core/upload_size.py).
// The messages are the server's own, with %(name)s, %(size)s and %(limit)s filled here in the
// page's number format ("25,0" in Vietnamese, "25.0" in English).
(function () {
  "use strict";

  var MB = 1024 * 1024;
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "vi", {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });

  function megabytes(bytes) {
    return numbers.format(Math.round((bytes / MB) * 10) / 10);
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function problem(input) {
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    var files = Array.prototype.slice.call(input.files || []);
    var total = files.reduce(function (sum, file) { return sum + file.size; }, 0);
    if (!limit || total <= limit) {
      return "";
    }
    if (files.length > 1) {
      return fill(input.getAttribute("data-too-large-total") || "", {
        size: megabytes(total), limit: megabytes(limit),
      });
    }
    return fill(input.getAttribute("data-too-large") || "", {
      name: files[0].name, size: megabytes(total), limit: megabytes(limit),
    });
  }

  function show(input, message) {
    var id = input.id + "_size_error";
    var box = document.getElementById(id);
    if (!box) {
      box = document.createElement("div");
      box.id = id;
      box.className = "invalid-feedback d-block";
      box.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", box);
    }
    box.textContent = message;
    box.hidden = !message;
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (part) {
      return part && part !== id;
    });
    if (message) {
      described.push(id);
      input.setAttribute("aria-invalid", "true");
      input.classList.add("is-invalid");
    } else {
      input.removeAttribute("aria-invalid");
      input.classList.remove("is-invalid");
    }
    if (described.length) {
      input.setAttribute("aria-describedby", described.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file" && input.hasAttribute("data-max-bytes")) {
      show(input, problem(input));
    }
  });

  document.addEventListener("submit", function (event) {
    var inputs = event.target.querySelectorAll("input[type=file][data-max-bytes]");
    for (var i = 0; i < inputs.length; i += 1) {
      var message = problem(inputs[i]);
      show(inputs[i], message);
      if (message) {
        event.preventDefault();
        inputs[i].focus();
        return;
      }
    }
  }, true);
})();
