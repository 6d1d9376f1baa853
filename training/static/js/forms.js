/* Form helpers for the pages that load this file; each page works without it.
   - A button with data-print prints the page (the page itself says how to print without JS).
   - A checkbox with data-reveal-passwords shows or hides the password boxes of its form. */
(function () {
  "use strict";
  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-reveal-passwords]"), function (box) {
      var form = box.form;
      var holder = box.closest("[hidden]");
      if (holder) { holder.hidden = false; }
      var inputs = form.querySelectorAll("input[data-password]");
      box.checked = false;
      box.addEventListener("change", function () {
        Array.prototype.forEach.call(inputs, function (input) {
          input.type = box.checked ? "text" : "password";
        });
      });
      form.addEventListener("submit", function () {
        Array.prototype.forEach.call(inputs, function (input) { input.type = "password"; });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
