/* Fleet Auditor report: filtering, search and sorting of the findings, and chart bars that filter them.
   Everything is readable without this script; it only hides rows and reorders them. No eval, no network,
   no inline handlers (CSP). A row is one device and one app; its data-f lists each of its findings as
   "priority:status", so the count of findings shown agrees with the cards; data-dev names its device, so the
   count of devices shown agrees with the charts (which count devices, never one device once per policy). */
(function () {
  "use strict";
  var doc = document;
  var controls = doc.getElementById("controls");
  var rows = Array.prototype.slice.call(doc.querySelectorAll("#findings tr[data-f]"));
  var groups = Array.prototype.slice.call(doc.querySelectorAll("#findings section.group"));
  var marks = rows.map(function (row) {
    return row.getAttribute("data-f").split(" ").map(function (mark) { return mark.split(":"); });
  });
  var totalFindings = marks.reduce(function (sum, list) { return sum + list.length; }, 0);
  var texts = null; // lower-cased row text, built on the first search only
  var pending = false;
  var SELECTS = { platform: "f-platform", app: "f-app", dept: "f-dept" };

  function checked(name) {
    var out = {};
    doc.querySelectorAll("input[name=" + name + "]").forEach(function (box) { out[box.value] = box.checked; });
    return out;
  }

  function value(id) {
    var element = doc.getElementById(id);
    return element ? element.value : "";
  }

  function statusMatches(wanted, status) {
    return !wanted || wanted === status || (wanted === "open" && (status === "overdue" || status === "violation"));
  }

  function apply() {
    pending = false;
    var prio = checked("prio");
    var status = value("f-status");
    var platform = value("f-platform"), app = value("f-app"), dept = value("f-dept");
    var query = value("q").trim().toLowerCase();
    if (query && texts === null) {
      texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    }
    var lines = 0, findings = 0, devices = {}, deviceCount = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var n = 0;
      if ((!platform || row.getAttribute("data-pl") === platform) && (!app || row.getAttribute("data-app") === app) &&
          (!dept || row.getAttribute("data-dept") === dept) && (!query || texts[i].indexOf(query) !== -1)) {
        marks[i].forEach(function (mark) { if (prio[mark[0]] !== false && statusMatches(status, mark[1])) { n++; } });
      }
      var ok = n > 0;
      if (row.hidden === ok) { row.hidden = !ok; }
      if (ok) {
        lines++; findings += n;
        var device = row.getAttribute("data-dev");
        if (!devices[device]) { devices[device] = true; deviceCount++; }
      }
    }
    groups.forEach(function (group) {
      var any = group.querySelector("tr[data-f]:not([hidden])") !== null;
      if (group.hidden === any) { group.hidden = !any; }
    });
    doc.getElementById("f-count").textContent = "Showing " + findings + " of " + totalFindings + " findings, on " +
      lines + " of " + rows.length + " lines (one per device and app), " + deviceCount +
      (deviceCount === 1 ? " device." : " devices.");
  }

  function schedule() {
    if (!pending) { pending = true; window.requestAnimationFrame(apply); }
  }

  function reset() {
    controls.querySelectorAll("input[name=prio]").forEach(function (box) { box.checked = true; });
    controls.querySelectorAll("select").forEach(function (select) { select.value = ""; });
    doc.getElementById("q").value = "";
  }

  /* A click on a chart bar lists the devices that bar counts, with their open findings: the same number of
     devices, in the list's count. */
  function filterFromChart(kind, key) {
    reset();
    doc.getElementById("f-status").value = "open";
    if (kind === "prio") {
      controls.querySelectorAll("input[name=prio]").forEach(function (box) { box.checked = box.value === key; });
    } else if (SELECTS[kind]) {
      doc.getElementById(SELECTS[kind]).value = key;
    }
    apply();
    doc.getElementById("findings").scrollIntoView();
    doc.getElementById("f-count").focus();
  }

  function sortKey(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.getAttribute("data-k") || cell.textContent.trim().toLowerCase();
  }

  function sortBy(th) {
    var table = th.closest("table");
    var body = table.tBodies[0];
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var list = Array.prototype.slice.call(body.rows);
    list.sort(function (a, b) {
      var x = sortKey(a, index), y = sortKey(b, index);
      var nx = parseFloat(x), ny = parseFloat(y);
      var cmp = (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y) ? nx - ny : x.localeCompare(y);
      return ascending ? cmp : -cmp;
    });
    var fragment = doc.createDocumentFragment();
    list.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
  }

  if (controls) {
    controls.hidden = false;
    controls.addEventListener("input", schedule);
    controls.addEventListener("change", schedule);
    doc.getElementById("f-reset").addEventListener("click", function () { reset(); apply(); });
    doc.querySelectorAll("svg.chart [data-filter]").forEach(function (bar) {
      bar.addEventListener("click", function () {
        filterFromChart(bar.getAttribute("data-filter"), bar.getAttribute("data-key"));
      });
    });
    doc.querySelectorAll(".js-only").forEach(function (element) { element.hidden = false; });
  }
  doc.querySelectorAll("th[data-sortable]").forEach(function (th) {
    var label = th.textContent;
    var button = doc.createElement("button");
    button.type = "button";
    button.textContent = label;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () { sortBy(th); });
  });
  /* Printing shows what is folded away (full paths and hashes of the sources, the runs of the trend). */
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.slice.call(doc.querySelectorAll("details:not([open])"));
    folded.forEach(function (details) { details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (details) { details.open = false; });
    folded = [];
  });
  doc.documentElement.setAttribute("data-ready", "1");
  doc.documentElement.setAttribute("data-ready-ms", String(Math.round(window.performance.now()))); // for bench/
})();
