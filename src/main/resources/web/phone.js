"use strict";
// Browser phone: the keypad's buttons type into the keys field, which is sent as one entry.
(function () {
  var field = document.getElementById("digits");
  if (!field) {
    return;
  }
  document.querySelectorAll("button.key").forEach(function (button) {
    button.addEventListener("click", function () {
      field.value += button.getAttribute("data-key");
      field.focus();
    });
  });
})();
