/* The few jQuery, Bootstrap and bootstrap-table calls the Great Expectations Data Docs make, done locally.
 * GX writes its pages against jQuery, Bootstrap 4 and bootstrap-table from CDNs, which a closed network blocks:
 * the index then stays empty (its tables are built from data in a script). The privacy page serves the pages
 * with those tags removed and this file instead (plugins/dcn_airflow/data_docs.py). No network, no library. */
(function () {
  "use strict";
  var ready = [];
  document.addEventListener("DOMContentLoaded", function () {
    ready.forEach(function (fn) { fn(); });
    ready = null;
  });
  function onReady(fn) { if (ready) { ready.push(fn); } else { fn(); } }

  function text(html) { var d = document.createElement("div"); d.innerHTML = html; return d.textContent; }

  // bootstrap-table's client side: the columns and rows GX passes, as a plain sortable table of links
  function renderTable(table, options) {
    var columns = (options.columns || []).filter(function (c) { return c.visible !== "false" && c.visible !== false; });
    var rows = options.data || [];
    var head = table.createTHead().insertRow();
    columns.forEach(function (column, index) {
      var th = document.createElement("th");
      th.textContent = column.title || column.field;
      if (column.sortable) {
        th.style.cursor = "pointer";
        th.title = "sort";
        th.addEventListener("click", function () { sortBy(index); });
      }
      head.appendChild(th);
    });
    var body = table.tBodies[0] || table.createTBody();
    function draw(list) {
      body.innerHTML = "";
      list.forEach(function (row) {
        var tr = body.insertRow();
        tr.className = "clickable-row";
        if (row._table_row_link_path) {
          tr.setAttribute("data-href", row._table_row_link_path);
          tr.style.cursor = "pointer";
          tr.addEventListener("click", function () { window.location = row._table_row_link_path; });
        }
        columns.forEach(function (column) {
          var td = tr.insertCell();
          var value = row[column.field];
          td.innerHTML = value === undefined || value === null ? "" : String(value);
          if (column.align) { td.style.textAlign = column.align; }
        });
      });
    }
    var order = {};
    function sortBy(index) {
      var column = columns[index];
      var key = column.sortName || column.field;
      order[key] = !order[key];
      var sorted = rows.slice().sort(function (a, b) {
        var x = text(String(a[key] === undefined ? "" : a[key])), y = text(String(b[key] === undefined ? "" : b[key]));
        return (x < y ? -1 : x > y ? 1 : 0) * (order[key] ? 1 : -1);
      });
      draw(sorted);
    }
    if (options.sortName) {
      var first = rows.slice().sort(function (a, b) {
        var key = options.sortName, x = String(a[key] || ""), y = String(b[key] || "");
        return (x < y ? -1 : x > y ? 1 : 0) * (options.sortOrder === "desc" ? -1 : 1);
      });
      draw(first);
    } else {
      draw(rows);
    }
    table.classList.add("table", "table-sm", "dcn-offline-table");
  }

  function Wrapped(elements) { this.elements = elements; this.length = elements.length; }
  Wrapped.prototype.each = function (fn) { this.elements.forEach(function (el, i) { fn.call(el, i, el); }); return this; };
  Wrapped.prototype.bootstrapTable = function (options) {
    if (options && typeof options === "object") {
      var elements = this.elements;
      onReady(function () { elements.forEach(function (el) { if (el.tagName === "TABLE") { renderTable(el, options); } }); });
    }
    return this;  // 'clearFilterControl', 'resetSearch': nothing to reset in the plain table
  };
  Wrapped.prototype.on = function (event, fn) {
    if (event.indexOf(".bs.") < 0) { this.each(function () { this.addEventListener(event, fn); }); }
    return this;  // 'click-row.bs.table': rows are links already
  };
  Wrapped.prototype.ready = function (fn) { onReady(fn); return this; };
  Wrapped.prototype.fadeIn = function () { return this.each(function () { this.style.display = ""; }); };
  Wrapped.prototype.fadeOut = function () { return this.each(function () { this.style.display = "none"; }); };
  Wrapped.prototype.show = Wrapped.prototype.fadeIn;
  Wrapped.prototype.hide = Wrapped.prototype.fadeOut;
  Wrapped.prototype.parent = function () {
    return new Wrapped(this.elements.map(function (el) { return el.parentElement; }).filter(Boolean));
  };
  Wrapped.prototype.data = function (name) {
    var el = this.elements[0];
    return el ? el.getAttribute("data-" + name) : undefined;
  };

  function $(target) {
    if (typeof target === "function") { onReady(target); return new Wrapped([]); }
    if (target === document || target === window) { return new Wrapped([document]); }
    if (target && target.nodeType) { return new Wrapped([target]); }
    if (typeof target === "string") {
      var found = [];
      try { found = Array.prototype.slice.call(document.querySelectorAll(target)); } catch (e) { found = []; }
      if (!found.length && document.readyState === "loading") {
        return new Lazy(target);  // a script above its element: act once the page has loaded
      }
      return new Wrapped(found);
    }
    return new Wrapped([]);
  }
  // calls on elements that do not exist yet are replayed once the page has loaded
  function Lazy(selector) { this.selector = selector; }
  ["bootstrapTable", "on", "fadeIn", "fadeOut", "show", "hide"].forEach(function (name) {
    Lazy.prototype[name] = function () {
      var selector = this.selector, args = arguments;
      onReady(function () { var w = $(selector); w[name].apply(w, args); });
      return this;
    };
  });
  Lazy.prototype.ready = function (fn) { onReady(fn); return this; };
  Lazy.prototype.parent = function () { return this; };
  window.$ = window.jQuery = $;
  window.vegaEmbed = function () { return Promise.resolve(); };  // charts need vega (not shipped): text stays

  // Bootstrap 4's data attributes: tabs, collapse, the "show failed only" buttons
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-toggle]");
    if (!toggle) { return; }
    var kind = toggle.getAttribute("data-toggle");
    var selector = toggle.getAttribute("data-target") || toggle.getAttribute("href");
    if (kind === "tab" && selector) {
      event.preventDefault();
      var nav = toggle.closest(".nav");
      if (nav) { nav.querySelectorAll(".nav-link").forEach(function (a) { a.classList.remove("active"); }); }
      toggle.classList.add("active");
      var pane = document.querySelector(selector);
      if (pane && pane.parentElement) {
        Array.prototype.forEach.call(pane.parentElement.children, function (p) { p.classList.remove("active", "show"); });
        pane.classList.add("active", "show");
      }
    } else if (kind === "collapse" && selector) {
      event.preventDefault();
      document.querySelectorAll(selector).forEach(function (el) { el.classList.toggle("show"); });
    }
  });
})();
