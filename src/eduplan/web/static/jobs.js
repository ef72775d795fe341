// The job page's poller: reads the job's JSON twin once a second, shows its state and progress,
// and opens the result when the job is done. No inline script (CSP): the page carries the job's
// address in data-job-url; without script the page refreshes itself (<noscript> meta refresh).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var url = box.getAttribute("data-job-url");
  var ended = ["完成", "失败", "已取消"];

  function show(job) {
    document.getElementById("job-state").textContent = job.state;
    document.getElementById("job-stage").textContent = job.stage;
    var bar = document.getElementById("job-progress");
    bar.value = job.progress;
    bar.textContent = job.progress + "%";
    document.getElementById("job-percent").textContent = job.progress + "%";
    var error = document.getElementById("job-error");
    error.textContent = job.error || "";
    error.hidden = !job.error;
    if (job.result_url) {
      document.getElementById("job-result-link").setAttribute("href", job.result_url);
      document.getElementById("job-result").hidden = false;
    }
    var cancel = document.getElementById("job-cancel");
    if (cancel && !job.active) { cancel.hidden = true; }
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        show(job);
        if (job.state === "完成" && job.result_url) { window.location.assign(job.result_url); return; }
        if (ended.indexOf(job.state) < 0) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  if (ended.indexOf(box.getAttribute("data-state")) < 0) { window.setTimeout(poll, 500); }
}());
