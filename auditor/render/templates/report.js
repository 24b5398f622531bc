/* Fleet Auditor report: filtering, search and sorting of the findings. Everything is readable without this
   script; it only hides rows and reorders them. No eval, no network, no inline handlers (CSP). */
(function () {
  "use strict";
  var doc = document;
  var controls = doc.getElementById("controls");
  var rows = Array.prototype.slice.call(doc.querySelectorAll("#findings tr[data-p]"));
  var groups = Array.prototype.slice.call(doc.querySelectorAll("#findings section.group"));
  var texts = null; // lower-cased row text, built on the first search only
  var pending = false;

  function checked(name) {
    var out = {};
    doc.querySelectorAll("input[name=" + name + "]").forEach(function (box) { out[box.value] = box.checked; });
    return out;
  }

  function apply() {
    pending = false;
    var prio = checked("prio");
    var status = doc.getElementById("f-status").value;
    var platform = doc.getElementById("f-platform").value;
    var query = doc.getElementById("q").value.trim().toLowerCase();
    if (query && texts === null) {
      texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    }
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = prio[row.getAttribute("data-p")] !== false &&
        (!status || row.getAttribute("data-s") === status) &&
        (!platform || row.getAttribute("data-pl") === platform) &&
        (!query || texts[i].indexOf(query) !== -1);
      if (row.hidden === ok) { row.hidden = !ok; }
      if (ok) { shown++; }
    }
    groups.forEach(function (group) {
      var any = group.querySelector("tr[data-p]:not([hidden])") !== null;
      if (group.hidden === any) { group.hidden = !any; }
    });
    doc.getElementById("f-count").textContent = "Showing " + shown + " of " + rows.length + " findings.";
  }

  function schedule() {
    if (!pending) { pending = true; window.requestAnimationFrame(apply); }
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
    doc.getElementById("f-reset").addEventListener("click", function () {
      controls.querySelectorAll("input[name=prio]").forEach(function (box) { box.checked = true; });
      doc.getElementById("f-status").value = "";
      doc.getElementById("f-platform").value = "";
      doc.getElementById("q").value = "";
      apply();
    });
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
  doc.documentElement.setAttribute("data-ready", "1");
  doc.documentElement.setAttribute("data-ready-ms", String(Math.round(window.performance.now()))); // for bench/
})();
