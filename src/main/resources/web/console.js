"use strict";
// Live calls: each server-sent event replaces one call's card; the list is fetched again
// whenever the stream (re)opens, so that nothing changed while it was closed is missed.
(function () {
  function list() {
    return document.getElementById("calls");
  }

  function reload() {
    fetch("/console/calls/list", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null || !list()) {
          return;
        }
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var empty = document.getElementById("no-calls");
        if (empty) {
          empty.remove();
        }
        list().replaceWith.apply(list(), Array.prototype.slice.call(holder.childNodes));
      });
  }

  function apply(change) {
    var old = document.getElementById("call-" + change.call);
    if (change.html === null) {
      if (old) {
        old.remove();
      }
      return;
    }
    var template = document.createElement("template");
    template.innerHTML = change.html;
    var card = template.content.firstElementChild;
    if (old) {
      old.replaceWith(card);
    } else {
      list().prepend(card);
    }
    var empty = document.getElementById("no-calls");
    if (empty) {
      empty.remove();
    }
  }

  if (!list()) {
    return;
  }
  var source = new EventSource("/console/calls/stream");
  source.addEventListener("open", reload);
  source.addEventListener("reload", reload);
  source.addEventListener("call", function (e) {
    apply(JSON.parse(e.data));
  });
  document.body.setAttribute("data-stream", "connecting");
  source.addEventListener("open", function () {
    document.body.setAttribute("data-stream", "open");
  });
})();
