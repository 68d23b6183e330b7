/* The month close run's page (assessments/points/close_job.html): the counts and the
   branches that could not be closed, redrawn from each progress answer of job-progress.js
   (loaded after this file). A file, not an inline script, for the CSP. */
(function () {
  "use strict";

  var labels = document.getElementById("close-labels");
  if (!labels) { return; }

  document.addEventListener("job:progress", function (event) {
    var job = event.detail;
    if (job.branches === undefined) { return; }
    document.getElementById("close-counts").textContent = labels.dataset.counts
      .replace("{n}", job.branches).replace("{c}", job.closed).replace("{a}", job.already_closed);
    var list = document.getElementById("close-refused");
    list.textContent = "";
    job.refused.forEach(function (r) {
      var item = document.createElement("li");
      item.textContent = r.name + "：" + r.reason;
      list.appendChild(item);
    });
    document.getElementById("close-refused-box").hidden = job.refused.length === 0;
  });
})();
