// A live page (the dashboard, the timeline): at every message of its stream (server-sent
// events; data-stream) its fragment (data-fragment) is fetched again and put in place.
// The dashboard's stream resumes after the newest event shown (data-since); the timeline's
// says only that something changed, so the fragment is also fetched once the stream opens.
// Without JavaScript, or if the stream fails, the Reload link does the same by hand.
(function () {
  "use strict";
  var live = document.getElementById("live");
  var tables = document.querySelector("[data-fragment]");
  if (!window.EventSource || !window.fetch || !live || !tables) return;
  var fragment = tables.getAttribute("data-fragment");
  var resumes = tables.hasAttribute("data-since");
  // The newest event the tables show.
  var shown = Number(tables.getAttribute("data-since")) || 0;
  var note = "";
  var busy = false;
  var again = false;

  function say(text) { live.textContent = text; }

  // A key for the focused button (its form's action and hidden values), to focus it again.
  function focusKey() {
    var el = document.activeElement;
    if (!el || !tables.contains(el) || !el.form) return null;
    var values = Array.prototype.map.call(el.form.querySelectorAll("input[type=hidden]"),
      function (input) { return input.value; });
    return el.form.getAttribute("action") + "|" + values.join("|");
  }

  function refocus(key) {
    if (!key) return;
    Array.prototype.forEach.call(tables.querySelectorAll("form"), function (form) {
      var values = Array.prototype.map.call(form.querySelectorAll("input[type=hidden]"),
        function (input) { return input.value; });
      var button = form.querySelector("button");
      if (button && form.getAttribute("action") + "|" + values.join("|") === key) button.focus();
    });
  }

  // Marks the event rows of the last few seconds, so what just happened stands out even
  // when several refreshes follow each other.
  var freshUntil = {};
  function markFresh(before) {
    var now = Date.now();
    Array.prototype.forEach.call(tables.querySelectorAll("table.events tr"), function (row) {
      var seq = Number(row.cells[0] && row.cells[0].textContent);
      if (seq > before && !freshUntil[seq]) freshUntil[seq] = now + 4000;
      if (freshUntil[seq] > now) row.classList.add("fresh");
      if (seq > shown) shown = seq;
    });
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    var before = shown;
    var key = focusKey();
    fetch(fragment, { headers: { Accept: "text/html" } })
      .then(function (answer) {
        if (!answer.ok) throw new Error("HTTP " + answer.status);
        return answer.text();
      })
      .then(function (html) {
        tables.innerHTML = html;
        markFresh(before);
        refocus(key);
        say("Live: updated at " + new Date().toLocaleTimeString() + "." + note);
      })
      .catch(function () { say("The tables could not be fetched: use Reload."); })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  var stream = tables.getAttribute("data-stream");
  var source = new EventSource(resumes ? stream + "?since=" + shown : stream);
  source.onopen = function () {
    say("Live: the tables update as things happen.");
    if (!resumes) refresh();
  };
  source.onerror = function () { say("Live updates interrupted; reconnecting (Reload works too)."); };
  source.onmessage = function (message) {
    var event = JSON.parse(message.data);
    if (event.kind === "revocation") note = " Latest revocation: " + event.summary;
    refresh();
  };
})();
