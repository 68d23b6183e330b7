/* Small behaviours every page may use, wired by data attributes: the site's
   Content-Security-Policy allows no inline scripts or on*= handlers (config/settings.py).

   <input type="checkbox" data-select-all="member">  ticks or clears every checkbox named
                                                     "member" in the same form.
   <button type="button" data-print>                 prints the page. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var box = event.target.closest("input[data-select-all]");
    if (!box) { return; }
    var scope = box.form || document;
    scope.querySelectorAll('input[type="checkbox"][name="' + box.dataset.selectAll + '"]')
      .forEach(function (each) { each.checked = box.checked; });
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
})();
