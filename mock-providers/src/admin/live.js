// A live page (the dashboard, the timeline): at every message of its stream (server-sent
// events; data-stream) its fragment (data-fragment) is fetched again and put in place.
// The dashboard's stream resumes after the newest event shown (data-since); the timeline's
// says only that something changed, so the fragment is also fetched once the stream opens.
// Without JavaScript, or if the stream fails, the Reload link does the same by hand.
// A row's call that was open (its <details>) stays open across a refresh.
// Also, with or without a stream: every time[datetime] is shown in the browser's local time,
// in one format, and a form with data-confirm asks before it is sent (then enables its
// disabled fields, the confirmation the server waits for).
(function () {
  "use strict";
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };
  var clock = { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" };
  function localTime(date) { return date.toLocaleTimeString([], clock); }

  function localize(root) {
    each(root.querySelectorAll("time[datetime]"), function (t) {
      var date = new Date(t.getAttribute("datetime"));
      if (!isNaN(date.getTime())) t.textContent = localTime(date);
    });
    var zone = document.getElementById("time-zone");
    if (zone) zone.textContent = "(your local time)";
  }

  each(document.querySelectorAll("form[data-confirm]"), function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
        return;
      }
      each(form.querySelectorAll("input[disabled]"), function (input) { input.disabled = false; });
    });
  });
  localize(document);

  var live = document.getElementById("live");
  var tables = document.querySelector("[data-fragment]");
  if (!window.EventSource || !window.fetch || !live || !tables) return;
  var fragment = tables.getAttribute("data-fragment");
  var resumes = tables.hasAttribute("data-since");
  // The newest event the tables show, where the dashboard's stream resumes.
  var shown = Number(tables.getAttribute("data-since")) || 0;
  var note = "";
  var busy = false;
  var again = false;

  function say(text) { live.textContent = text; }

  // A key for the focused button (its form's action and hidden values), to focus it again.
  function formKey(form) {
    var values = Array.prototype.map.call(form.querySelectorAll("input[type=hidden]"),
      function (input) { return input.value; });
    return form.getAttribute("action") + "|" + values.join("|");
  }

  function focusKey() {
    var el = document.activeElement;
    if (!el || !tables.contains(el) || !el.form) return null;
    return formKey(el.form);
  }

  function refocus(key) {
    if (!key) return;
    each(tables.querySelectorAll("form"), function (form) {
      var button = form.querySelector("button");
      if (button && formKey(form) === key) button.focus();
    });
  }

  // The rows that may be fresh, each with a key: the timeline's data-key, or the
  // dashboard's event number (its first cell).
  var ROWS = "tr[data-key], table.events tr";
  function rowKey(row) {
    return row.getAttribute("data-key") || (row.cells[0] && row.cells[0].textContent);
  }
  function rowKeys() { return Array.prototype.map.call(tables.querySelectorAll(ROWS), rowKey); }

  // Marks the rows that were not there before, for a few seconds, so what just happened
  // stands out even when several refreshes follow each other.
  var freshUntil = {};
  function markFresh(before) {
    var now = Date.now();
    each(tables.querySelectorAll(ROWS), function (row) {
      var key = rowKey(row);
      if (before.indexOf(key) < 0 && !freshUntil[key]) freshUntil[key] = now + 4000;
      if (freshUntil[key] > now) row.classList.add("fresh");
    });
  }

  // The rows whose call is open (a <details>), to open them again after a refresh.
  var OPENS = "tr[data-key] details";
  function openKeys() {
    var open = tables.querySelectorAll(OPENS + "[open]");
    return Array.prototype.map.call(open, function (d) { return rowKey(d.closest("tr")); });
  }
  function reopen(keys) {
    each(tables.querySelectorAll(OPENS), function (d) {
      if (keys.indexOf(rowKey(d.closest("tr"))) >= 0) d.open = true;
    });
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    var before = rowKeys();
    var open = openKeys();
    var key = focusKey();
    fetch(fragment, { headers: { Accept: "text/html" } })
      .then(function (answer) {
        if (!answer.ok) throw new Error("HTTP " + answer.status);
        return answer.text();
      })
      .then(function (html) {
        tables.innerHTML = html;
        reopen(open);
        localize(tables);
        markFresh(before);
        refocus(key);
        say("Live: updated at " + localTime(new Date()) + "." + note);
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
    say("Live: the page updates as things happen.");
    if (!resumes) refresh();
  };
  source.onerror = function () { say("Live updates interrupted; reconnecting (Reload works too)."); };
  source.onmessage = function (message) {
    var event = JSON.parse(message.data);
    if (event.kind === "revocation") note = " Latest revocation: " + event.summary;
    refresh();
  };
})();
