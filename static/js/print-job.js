/* The background PDF job's page (papers/job.html): draws the progress bar from its
   data attributes and, while the job runs, polls its progress once a second until the
   download link can be shown. The job lives in the database and runs in a worker process,
   so a poll that fails (the web server restarting) is simply tried again a little later.
   A file, not an inline script, for the CSP. */
(function () {
  "use strict";

  var bar = document.getElementById("job-bar");
  if (!bar) { return; }
  var fill = bar.querySelector(".progress-bar");

  function show(id, on) { document.getElementById(id).hidden = !on; }

  function draw(job) {
    // Setting the width through the CSSOM is allowed; a style="" attribute is not.
    fill.style.width = job.progress + "%";
    fill.textContent = job.progress + "%";
    bar.setAttribute("aria-valuenow", job.progress);
    show("job-waiting", job.state === "running");
    show("job-failed", job.state === "failed");
    // Why it failed (worker stopped, not started, ...), as the server words it.
    if (job.error) { document.getElementById("job-failed").textContent = job.error; }
    show("job-download", job.state === "done");
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
