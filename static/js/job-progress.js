/* The page of a background job (a print run's PDF, a township's month close): draws the
   progress bar from its data attributes and, while the job runs, polls its progress once a
   second. Elements with data-job-show="<state> …" show only in those states (running, done,
   failed); data-job-error receives the reason a job failed, as the server words it. Each
   answer is also dispatched as a "job:progress" event, for what a page draws beyond that.
   The job lives in the database and runs in a worker process, so a poll that fails (the web
   server restarting) is simply tried again a little later. A file, not an inline script,
   for the CSP. */
(function () {
  "use strict";

  document.querySelectorAll(".progress[data-progress-url]").forEach(function (bar) {
    var fill = bar.querySelector(".progress-bar");

    function draw(job) {
      // Setting the width through the CSSOM is allowed; a style="" attribute is not.
      fill.style.width = job.progress + "%";
      fill.textContent = job.progress + "%";
      bar.setAttribute("aria-valuenow", job.progress);
      document.querySelectorAll("[data-job-show]").forEach(function (element) {
        element.hidden = element.dataset.jobShow.split(" ").indexOf(job.state) === -1;
      });
      var error = document.querySelector("[data-job-error]");
      if (error && job.error) { error.textContent = job.error; }
      bar.dispatchEvent(new CustomEvent("job:progress", {detail: job, bubbles: true}));
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
  });
})();
