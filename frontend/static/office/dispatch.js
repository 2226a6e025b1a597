// The dispatch board's hands: drag a job onto a worker row (HTML5 drag and drop), or choose a job
// (click, tap or Enter) and then a worker's "Assign here". Both post to the board's assign endpoint;
// the dispatch service judges, and its answer (given, or why not) is shown in the message line.
// Nothing moves before the server agrees: the board is fetched again after every answer, so a
// refused job stays where it was. The poll (htmx, every 5 s) waits while a job is chosen or dragged.
(function () {
  "use strict";
  var script = document.currentScript;
  var assignUrl = script.dataset.assignUrl;
  var chosen = null;  // the order id chosen for tap-to-assign
  var dragging = false;
  var message = document.getElementById("dispatch-message");
  var choice = document.getElementById("dispatch-choice");

  function board() { return document.getElementById("board"); }

  function say(text, ok) {
    message.textContent = text;
    message.className = "notice " + (ok ? "success" : "error");
    message.hidden = false;
  }

  function choose(button) {
    chosen = button ? button.dataset.order : null;
    document.querySelectorAll(".job-block[aria-pressed=true]").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    document.querySelectorAll(".dispatch-row").forEach(function (r) { r.classList.toggle("is-target", !!button); });
    if (!button) { choice.hidden = true; return; }
    button.setAttribute("aria-pressed", "true");
    document.getElementById("dispatch-choice-text").textContent = script.dataset.chosen + " " + button.dataset.label + ". " + script.dataset.then;
    document.getElementById("dispatch-choice-link").href = button.dataset.link;
    choice.hidden = false;
  }

  function refresh() {
    var current = board();
    if (!current || !window.htmx) { window.location.reload(); return; }
    window.htmx.ajax("GET", current.dataset.refresh, {target: "#board", swap: "outerHTML"});
  }

  function assign(orderId, workerId) {
    var body = new FormData();
    body.append("order", orderId);
    body.append("worker", workerId);
    var token = document.querySelector("[name=csrfmiddlewaretoken]");
    var headers = {"Accept": "application/json"};
    var hx = document.body.getAttribute("hx-headers");
    if (hx) { try { Object.assign(headers, JSON.parse(hx)); } catch (e) { /* no token: the server says 403 */ } }
    if (token) { headers["X-CSRFToken"] = token.value; }
    fetch(assignUrl, {method: "POST", body: body, headers: headers, credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (answer) { say(answer.message, answer.ok); })
      .catch(function () { say(script.dataset.failed, false); })
      .finally(function () { choose(null); refresh(); });
  }

  document.addEventListener("click", function (event) {
    var job = event.target.closest(".job-block");
    if (job && board().contains(job)) {
      choose(chosen === job.dataset.order ? null : job);
      return;
    }
    var here = event.target.closest(".assign-here");
    var row = event.target.closest(".dispatch-row");
    if (here || (row && chosen)) {
      var workerId = here ? here.dataset.worker : row.dataset.worker;
      if (!chosen) { say(script.dataset.chooseFirst, false); return; }
      assign(chosen, workerId);
    }
  });
  document.getElementById("dispatch-choice-cancel").addEventListener("click", function () { choose(null); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && chosen) { choose(null); } });

  document.addEventListener("dragstart", function (event) {
    var job = event.target.closest && event.target.closest(".job-block");
    if (!job) { return; }
    dragging = true;
    job.classList.add("dragging");
    event.dataTransfer.setData("text/plain", job.dataset.order);
    event.dataTransfer.effectAllowed = "move";
  });
  document.addEventListener("dragend", function (event) {
    dragging = false;
    if (event.target.classList) { event.target.classList.remove("dragging"); }
    document.querySelectorAll(".drop-over").forEach(function (r) { r.classList.remove("drop-over"); });
  });
  document.addEventListener("dragover", function (event) {
    var row = event.target.closest && event.target.closest(".dispatch-row");
    if (!row) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    row.classList.add("drop-over");
  });
  document.addEventListener("dragleave", function (event) {
    var row = event.target.closest && event.target.closest(".dispatch-row");
    if (row && !row.contains(event.relatedTarget)) { row.classList.remove("drop-over"); }
  });
  document.addEventListener("drop", function (event) {
    var row = event.target.closest && event.target.closest(".dispatch-row");
    if (!row) { return; }
    event.preventDefault();
    dragging = false;
    var orderId = event.dataTransfer.getData("text/plain");
    if (orderId) { assign(orderId, row.dataset.worker); }
  });

  // The poll never replaces the board under the dispatcher's hand.
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if ((dragging || chosen) && event.detail.elt && event.detail.elt.id === "board") { event.preventDefault(); }
  });
}());
