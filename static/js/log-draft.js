/* Drafts of a duty log entry survive a dropped connection or a closed browser tab.

   <form data-log-draft="new">   every field (but files and the CSRF token) is saved in
                                 localStorage while the member types, and put back when the
                                 form is opened again;
   <div data-log-draft-clear="new">  on the page after a successful save: the draft is forgotten. */
(function () {
  "use strict";
  var PREFIX = "log-draft:";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  var store = storage();
  if (!store) { return; }

  document.querySelectorAll("[data-log-draft-clear]").forEach(function (el) {
    store.removeItem(PREFIX + el.dataset.logDraftClear);
  });

  document.querySelectorAll("form[data-log-draft]").forEach(function (form) {
    var key = PREFIX + form.dataset.logDraft;
    var fields = function () {
      return Array.prototype.filter.call(form.elements, function (el) {
        return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "hidden"
          && el.type !== "submit" && el.type !== "button";
      });
    };

    function save() {
      var data = {};
      fields().forEach(function (el) {
        if (el.type === "radio" || el.type === "checkbox") {
          if (el.checked) { data[el.name] = el.value; }
        } else {
          data[el.name] = el.value;
        }
      });
      try { store.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full: no draft */ }
    }

    var saved = null;
    try { saved = JSON.parse(store.getItem(key) || "null"); } catch (e) { saved = null; }
    // A form the server sent back with errors shows what was posted; a draft restores only
    // into a fresh form.
    if (saved && !form.querySelector(".is-invalid, .alert-danger")) {
      fields().forEach(function (el) {
        if (!(el.name in saved)) { return; }
        if (el.type === "radio" || el.type === "checkbox") {
          el.checked = el.value === saved[el.name];
        } else {
          el.value = saved[el.name];
        }
      });
      var note = form.querySelector("[data-log-draft-note]");
      if (note) { note.hidden = false; }
    }

    form.addEventListener("input", save);
    form.addEventListener("change", save);
  });
})();
