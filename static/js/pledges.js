// A duty picked from the post's menu becomes the pledge's text, to make concrete or keep.
(function () {
  "use strict";
  document.querySelectorAll("form[data-pledge-form]").forEach(function (form) {
    var pick = form.querySelector("select[name=from_duty]");
    var text = form.querySelector("textarea[name=text]");
    if (!pick || !text) {
      return;
    }
    pick.addEventListener("change", function () {
      if (pick.value && (!text.value.trim() || text.dataset.picked === text.value)) {
        text.value = pick.value;
        text.dataset.picked = pick.value;
      }
    });
  });
})();
