/* The month close run's page (assessments/points/close_job.html): draws the progress bar
   and counts from the server and polls them once a second while the run goes on. The run
   lives in the database and a worker process, so a poll that fails is tried again later.
   A file, not an inline script, for the CSP. */
(function () {
  "use strict";

  var bar = document.getElementById("close-bar");
  if (!bar) { return; }
  var fill = bar.querySelector(".progress-bar");
  var countsText = document.getElementById("close-labels").dataset.counts;

  function show(id, on) { document.getElementById(id).hidden = !on; }

  function draw(job) {
    // Setting the width through the CSSOM is allowed; a style="" attribute is not.
    fill.style.width = job.progress + "%";
    fill.textContent = job.progress + "%";
    bar.setAttribute("aria-valuenow", job.progress);
    if (job.branches !== undefined) {
      document.getElementById("close-counts").textContent = countsText
        .replace("{n}", job.branches).replace("{c}", job.closed).replace("{a}", job.already_closed);
      var list = document.getElementById("close-refused");
      list.textContent = "";
      job.refused.forEach(function (r) {
        var item = document.createElement("li");
        item.textContent = r.name + "：" + r.reason;
        list.appendChild(item);
      });
      show("close-refused-box", job.refused.length > 0);
    }
    show("close-failed", job.state === "failed");
    show("close-done", job.state === "done");
  }

  function poll() {
    fetch(bar.dataset.progressUrl, {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (job) {
        draw(job);
        if (job.state === "running") { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }

  var job = {progress: Number(bar.dataset.progress), state: bar.dataset.state};
  draw(job);
  if (job.state === "running") { poll(); }
})();
