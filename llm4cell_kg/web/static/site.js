// Progressive enhancement of the server-rendered pages (everything works without it):
// search suggestions as you type, sortable tables (vendored tablesort) with a text filter, finder filters applied
// as they are ticked, and the finder's sort order kept in the URL and the CSV link.
(function () {
  "use strict";

  // -- search box suggestions --------------------------------------------------------------------------------
  var input = document.getElementById("site-search");
  var list = document.getElementById("suggestions");
  var timer = null, last = "";
  function show(items) {
    list.innerHTML = "";
    items.forEach(function (it) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      var a = document.createElement("a");
      a.href = it.url || ("/search?q=" + encodeURIComponent(it.label));
      a.textContent = it.label;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " " + it.kind + " · " + it.curie;
      a.appendChild(kind);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }
  if (input && list) {
    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < 2) { show([]); return; }
      timer = setTimeout(function () {
        if (q === last) { return; }
        last = q;
        fetch("/suggest?q=" + encodeURIComponent(q)).then(function (r) { return r.json(); })
          .then(function (items) { if (input.value.trim() === q) { show(items); } })
          .catch(function () { show([]); });
      }, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { show([]); }
      if (e.key === "ArrowDown" && !list.hidden) { e.preventDefault(); list.querySelector("a").focus(); }
    });
    document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== input) { show([]); } });
  }

  // -- every table: sortable and filterable ----------------------------------------------------------------------
  function enhance(table, i) {
    if (!table.tHead || !table.tBodies.length || table.classList.contains("card-printed")) { return; }
    var rows = table.tBodies[0].rows;
    if (window.Tablesort) {
      // the server's sort order stays; tablesort marks the column the user sorts by
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
      table.classList.add("sortable");
      new window.Tablesort(table);  // eslint-disable-line no-new
    }
    // a card's tables are short and read at a glance; long tables (the finders, the provenance) get a filter
    if (rows.length < (table.closest(".card") ? 30 : 6)) { return; }
    var box = document.createElement("input");
    box.type = "search";
    box.className = "table-filter";
    box.placeholder = "Filter these " + rows.length + " rows…";
    box.setAttribute("aria-label", "filter table");
    box.id = "filter-" + i;
    box.addEventListener("input", function () {
      var q = box.value.toLowerCase();
      Array.prototype.forEach.call(rows, function (tr) {
        tr.hidden = q !== "" && tr.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
    table.parentNode.insertBefore(box, table);
  }
  Array.prototype.forEach.call(document.querySelectorAll("main table"), enhance);

  // -- a link to a collapsed section (#facts, #incoming) opens it ------------------------------------------------
  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);

  // -- finder: apply filters as they change; keep the sort in the URL --------------------------------------------
  var finder = document.getElementById("finder");
  if (finder) {
    finder.addEventListener("change", function (e) {
      if (e.target.matches("input[type=checkbox], select")) { finder.submit(); }
    });
    var results = document.getElementById("results");
    if (results) {
      results.addEventListener("afterSort", function () {
        var th = results.querySelector("th[aria-sort]");
        if (!th || !th.dataset.key) { return; }
        var url = new URL(window.location.href);
        url.searchParams.set("sort", th.dataset.key);
        url.searchParams.set("order", th.getAttribute("aria-sort") === "descending" ? "desc" : "");
        window.history.replaceState(null, "", url);
        finder.querySelector("input[name=sort]").value = th.dataset.key;
        finder.querySelector("input[name=order]").value = url.searchParams.get("order");
        var csv = document.getElementById("csv-link");
        if (csv) { csv.href = url.pathname + ".csv" + url.search; }
      });
    }
  }
})();
