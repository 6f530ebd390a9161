"use strict";
// A verification's page: asks for its status every 2 seconds until it is no longer pending.
(function () {
  var status = document.getElementById("status");
  if (!status || status.textContent !== "pending") {
    return;
  }
  var timer = setInterval(function () {
    fetch(status.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) {
        if (v === null || v.status === "pending") {
          return;
        }
        clearInterval(timer);
        status.textContent = v.status + (v.reason ? " (" + v.reason + ")" : "");
        var badge = status.previousElementSibling;
        var holder = document.createElement("template");
        holder.innerHTML = v.badge;
        badge.replaceWith(holder.content.firstElementChild);
      });
  }, 2000);
})();
