(function () {
  "use strict";
  // Every value from the data block reaches the page through textContent or a form
  // option's text, never through innerHTML, so cloud-supplied text stays text.
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var P = data.policies, R = data.resources, F = data.findings, S = data.strings;
  var SEV = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
  var STATUS = { fail: 0, error: 1, waived: 2, pass: 3 };
  var PRINT_LIMIT = 2000;
  // Finding tuple: policy, resource, status, evidence, message, waiver, baseline.
  // Resource tuple: id, name, type, provider, account, region, tags.

  var byId = function (id) { return document.getElementById(id); };
  var tbody = document.querySelector("#findings-table tbody");
  var shown = byId("shown");
  var sizeSelect = byId("page-size");
  var prev = byId("prev");
  var next = byId("next");
  var state = { page: 0, size: parseInt(sizeSelect.value, 10), sort: "", dir: 1 };
  var filters = {};
  var selects = Array.prototype.slice.call(document.querySelectorAll("#filters [data-key]"));
  var order = F.map(function (_, i) { return i; });
  var visible = order;
  var haystack = null;
  var open = {};

  var policyIndex = {};
  P.forEach(function (p, i) { policyIndex[p.id] = i; });
  var frameworkPolicies = {};
  data.frameworks.forEach(function (fw) {
    var all = {};
    fw.controls.forEach(function (c) {
      var set = {};
      c.policies.forEach(function (p) { set[p] = true; all[p] = true; });
      frameworkPolicies[fw.id + ":" + c.id] = set;
    });
    frameworkPolicies[fw.id] = all;
  });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function json(value) {
    var text = JSON.stringify(value);
    return text === undefined ? "null" : text;
  }
  function option(select, value, label) {
    var o = el("option", label === undefined ? value : label);
    o.value = value;
    select.appendChild(o);
    return o;
  }
  function distinct(field) {
    var seen = {};
    R.forEach(function (r) { if (r[field] !== "") { seen[r[field]] = true; } });
    return Object.keys(seen).sort();
  }
  function fillSelects() {
    distinct(3).forEach(function (v) { option(byId("f-provider"), v); });
    distinct(4).forEach(function (v) { option(byId("f-account"), v); });
    distinct(5).forEach(function (v) { option(byId("f-region"), v); });
    distinct(2).forEach(function (v) { option(byId("f-type"), v); });
    var fwSelect = byId("f-framework");
    data.frameworks.forEach(function (fw) {
      var group = document.createElement("optgroup");
      group.label = fw.name;
      var all = el("option", "All of " + fw.name);
      all.value = fw.id;
      group.appendChild(all);
      fw.controls.forEach(function (c) {
        var o = el("option", c.id + (c.title ? " " + c.title : ""));
        o.value = fw.id + ":" + c.id;
        group.appendChild(o);
      });
      fwSelect.appendChild(group);
    });
    P.slice().sort(function (a, b) { return a.title < b.title ? -1 : a.title > b.title ? 1 : 0; })
      .forEach(function (p) { option(byId("f-policy"), p.id, p.title + " (" + p.id + ")"); });
  }

  function buildHaystack() {
    haystack = F.map(function (f) {
      var r = R[f[1]], p = P[f[0]];
      var parts = [p.id, p.title, r[0], r[1], r[2], r[4], r[5], f[4]];
      var tags = r[6];
      for (var k in tags) { if (Object.prototype.hasOwnProperty.call(tags, k)) { parts.push(k + "=" + tags[k]); } }
      if (f[5]) { parts.push(f[5].id || "", f[5].reason || "", f[5].approved_by || ""); }
      return parts.join("\n").toLowerCase();
    });
  }

  function matches(i) {
    var f = F[i], r = R[f[1]], p = P[f[0]];
    if (filters.status && f[2] !== filters.status) { return false; }
    if (filters.severity && p.severity !== filters.severity) { return false; }
    if (filters.provider && r[3] !== filters.provider) { return false; }
    if (filters.account && r[4] !== filters.account) { return false; }
    if (filters.region && r[5] !== filters.region) { return false; }
    if (filters.type && r[2] !== filters.type) { return false; }
    if (filters.policy && p.id !== filters.policy) { return false; }
    if (filters.baseline && f[6] !== filters.baseline) { return false; }
    if (filters.framework) {
      var set = frameworkPolicies[filters.framework];
      if (!set || !set[f[0]]) { return false; }
    }
    if (filters.text) {
      if (haystack === null) { buildHaystack(); }
      if (haystack[i].indexOf(filters.text) === -1) { return false; }
    }
    return true;
  }

  var sorters = {
    status: function (a, b) { return (STATUS[F[a][2]] - STATUS[F[b][2]]) || (SEV[P[F[b][0]].severity] - SEV[P[F[a][0]].severity]); },
    severity: function (a, b) { return SEV[P[F[b][0]].severity] - SEV[P[F[a][0]].severity]; },
    policy: function (a, b) { return cmp(P[F[a][0]].title, P[F[b][0]].title); },
    resource: function (a, b) { return cmp(R[F[a][1]][1] || R[F[a][1]][0], R[F[b][1]][1] || R[F[b][1]][0]); },
    account: function (a, b) { return cmp(R[F[a][1]][4], R[F[b][1]][4]); },
    region: function (a, b) { return cmp(R[F[a][1]][5], R[F[b][1]][5]); }
  };
  function cmp(x, y) { return x < y ? -1 : x > y ? 1 : 0; }

  function sortBy(key) {
    if (state.sort === key) { state.dir = -state.dir; } else { state.sort = key; state.dir = 1; }
    var fn = sorters[key];
    order = F.map(function (_, i) { return i; });
    order.sort(function (a, b) { return (fn(a, b) * state.dir) || (a - b); });
    Array.prototype.forEach.call(document.querySelectorAll("#findings-table th[aria-sort]"), function (th) {
      var button = th.querySelector("button.sort");
      th.setAttribute("aria-sort", button.getAttribute("data-sort") === key ? (state.dir === 1 ? "ascending" : "descending") : "none");
    });
    refilter(false);
  }

  function readFilters() {
    filters = {};
    selects.forEach(function (input) {
      var value = input.value;
      if (input.getAttribute("data-key") === "text") { value = value.trim().toLowerCase(); }
      if (value) { filters[input.getAttribute("data-key")] = value; }
    });
  }

  function refilter(resetPage) {
    readFilters();
    var active = Object.keys(filters).length > 0;
    visible = active ? order.filter(matches) : order;
    if (resetPage !== false) { state.page = 0; }
    render();
  }

  function evidenceSummary(f) {
    if (f[4]) { return f[4]; }
    var ev = f[3], lines = [];
    for (var j = 0; j < ev.length && lines.length < 2; j++) {
      if (f[2] === "pass" || !ev[j][4]) {
        lines.push(S[ev[j][0]] + " " + S[ev[j][1]] + " " + json(ev[j][2]) + ": observed " + json(ev[j][3]));
      }
    }
    var text = lines.join("; ");
    return text.length > 240 ? text.slice(0, 239) + "\u2026" : text;
  }

  function row(i) {
    var f = F[i], r = R[f[1]], p = P[f[0]];
    var tr = document.createElement("tr");
    tr.setAttribute("data-index", String(i));
    tr.setAttribute("data-status", f[2]);
    var tdButton = el("td");
    var button = el("button", open[i] ? "Hide" : "Details", "details");
    button.type = "button";
    button.setAttribute("aria-expanded", open[i] ? "true" : "false");
    button.setAttribute("aria-label", (open[i] ? "Hide details of " : "Show details of ") + p.title + " on " + (r[1] || r[0]));
    button.addEventListener("click", function () { open[i] = !open[i]; render(); });
    tdButton.appendChild(button);
    tr.appendChild(tdButton);
    var tdStatus = el("td");
    tdStatus.appendChild(el("span", f[2], "status st-" + f[2]));
    if (f[6] === "new") { tdStatus.appendChild(el("span", "new", "badge new")); }
    tr.appendChild(tdStatus);
    var tdSev = el("td");
    tdSev.appendChild(el("span", p.severity, "sev sev-" + p.severity));
    tr.appendChild(tdSev);
    var tdPolicy = el("td", p.title);
    tdPolicy.appendChild(el("div", p.id, "mono muted small"));
    tr.appendChild(tdPolicy);
    var tdRes = el("td");
    tdRes.appendChild(el("div", r[1] || r[0], "resource-name"));
    tdRes.appendChild(el("div", r[0], "mono muted small"));
    tr.appendChild(tdRes);
    tr.appendChild(el("td", r[4], "mono small"));
    tr.appendChild(el("td", r[5]));
    tr.appendChild(el("td", evidenceSummary(f), "mono small"));
    return tr;
  }

  function dl(pairs) {
    var list = document.createElement("dl");
    pairs.forEach(function (pair) {
      if (pair[1] === undefined || pair[1] === null || pair[1] === "") { return; }
      list.appendChild(el("dt", pair[0]));
      list.appendChild(el("dd", pair[1]));
    });
    return list;
  }

  function detail(i) {
    var f = F[i], r = R[f[1]], p = P[f[0]];
    var tr = el("tr", null, "detail");
    var td = el("td");
    td.colSpan = 8;
    var grid = el("div", null, "detail-grid");

    var policyBox = el("div");
    policyBox.appendChild(el("h4", "Policy"));
    policyBox.appendChild(dl([
      ["Title", p.title], ["Id", p.id], ["Severity", p.severity], ["Checks", p.description],
      ["Why it matters", p.rationale], ["Remediation", p.remediation.text],
      ["Console", p.remediation.console], ["CLI", p.remediation.cli],
      ["References", p.references.join(" ")]
    ]));
    grid.appendChild(policyBox);

    var resBox = el("div");
    resBox.appendChild(el("h4", "Resource"));
    resBox.appendChild(dl([
      ["Name", r[1]], ["Id", r[0]], ["Type", r[2]], ["Provider", r[3]], ["Account", r[4]], ["Region", r[5]]
    ]));
    var tagKeys = Object.keys(r[6]).sort();
    if (tagKeys.length) {
      var tags = el("table", null, "tags");
      tags.appendChild(el("caption", "Tags"));
      var head = el("tr");
      head.appendChild(el("th", "Key")); head.appendChild(el("th", "Value"));
      head.children[0].scope = "col"; head.children[1].scope = "col";
      var thead = el("thead"); thead.appendChild(head); tags.appendChild(thead);
      var tb = el("tbody");
      tagKeys.forEach(function (k) {
        var t = el("tr");
        t.appendChild(el("td", k, "mono"));
        t.appendChild(el("td", r[6][k], "mono tag-value"));
        tb.appendChild(t);
      });
      tags.appendChild(tb);
      resBox.appendChild(tags);
    }
    grid.appendChild(resBox);

    var evBox = el("div");
    evBox.appendChild(el("h4", "Evidence"));
    evBox.appendChild(dl([["Status", f[2]], ["Baseline", f[6]], ["Message", f[4]]]));
    if (f[3].length) {
      var evt = el("table", null, "evidence");
      evt.appendChild(el("caption", "Observed values that decided the outcome"));
      var eh = el("tr");
      ["Path", "Check", "Expected", "Observed", "Holds"].forEach(function (h) { var th = el("th", h); th.scope = "col"; eh.appendChild(th); });
      var ethead = el("thead"); ethead.appendChild(eh); evt.appendChild(ethead);
      var ebody = el("tbody");
      f[3].forEach(function (e) {
        var t = el("tr");
        t.appendChild(el("td", S[e[0]], "mono"));
        t.appendChild(el("td", S[e[1]], "mono"));
        t.appendChild(el("td", json(e[2]), "mono"));
        var obs = el("td", null, "mono");
        obs.appendChild(el("pre", json(e[3])));
        t.appendChild(obs);
        t.appendChild(el("td", e[4] ? "yes" : "no", e[4] ? "st-pass" : "st-fail"));
        ebody.appendChild(t);
      });
      evt.appendChild(ebody);
      evBox.appendChild(evt);
    }
    grid.appendChild(evBox);

    if (f[5]) {
      var wBox = el("div", null, "waiver");
      wBox.appendChild(el("h4", "Waiver"));
      wBox.appendChild(dl([
        ["Waiver", f[5].id], ["Reason", f[5].reason], ["Approved by", f[5].approved_by], ["Expires", f[5].expires]
      ]));
      grid.appendChild(wBox);
    }
    td.appendChild(grid);
    tr.appendChild(td);
    return tr;
  }

  function render(all) {
    var total = visible.length;
    var start = all ? 0 : state.page * state.size;
    var end = all ? Math.min(total, PRINT_LIMIT) : Math.min(total, start + state.size);
    var frag = document.createDocumentFragment();
    for (var k = start; k < end; k++) {
      var i = visible[k];
      frag.appendChild(row(i));
      if (open[i]) { frag.appendChild(detail(i)); }
    }
    tbody.textContent = "";
    if (total === 0) {
      var empty = el("tr");
      var td = el("td", "No finding matches these filters.");
      td.colSpan = 8;
      empty.appendChild(td);
      frag.appendChild(empty);
    }
    tbody.appendChild(frag);
    shown.textContent = total === 0 ? "0 of " + F.length + " findings" :
      "Showing " + (start + 1) + "\u2013" + end + " of " + total + " findings" +
      (total !== F.length ? " (" + F.length + " in all)" : "");
    shown.setAttribute("data-total", String(total));
    prev.disabled = start === 0;
    next.disabled = end >= total;
    byId("print-note").textContent = total > PRINT_LIMIT ?
      "The first " + PRINT_LIMIT + " of " + total + " matching findings are printed; narrow the filters to print the rest." :
      total + " findings match the filters in use.";
  }

  function showFindings(button) {
    var form = byId("filters");
    form.reset();
    var keys = ["policy", "framework", "status", "baseline", "account"];
    keys.forEach(function (key) {
      var value = button.getAttribute("data-" + key);
      var input = document.querySelector('#filters [data-key="' + key + '"]');
      if (value && input) { input.value = value; }
    });
    refilter(true);
    byId("findings").scrollIntoView();
    byId("findings-h").setAttribute("tabindex", "-1");
    byId("findings-h").focus({ preventScroll: true });
  }

  var pending = null;
  selects.forEach(function (input) {
    if (input.tagName === "INPUT") {  // typing: wait for a pause before filtering again
      input.addEventListener("input", function () {
        if (pending !== null) { clearTimeout(pending); }
        pending = setTimeout(function () { pending = null; refilter(true); }, 120);
      });
    } else {
      input.addEventListener("change", function () { refilter(true); });
    }
  });
  byId("filters").addEventListener("reset", function () { setTimeout(function () { refilter(true); }, 0); });
  byId("filters").addEventListener("submit", function (e) {  // Enter in the search box
    e.preventDefault();
    if (pending !== null) { clearTimeout(pending); pending = null; }
    refilter(true);
  });
  sizeSelect.addEventListener("change", function () { state.size = parseInt(sizeSelect.value, 10); state.page = 0; render(); });
  prev.addEventListener("click", function () { if (state.page > 0) { state.page -= 1; render(); } });
  next.addEventListener("click", function () { if ((state.page + 1) * state.size < visible.length) { state.page += 1; render(); } });
  Array.prototype.forEach.call(document.querySelectorAll("button.sort"), function (b) {
    b.addEventListener("click", function () { sortBy(b.getAttribute("data-sort")); });
  });
  document.addEventListener("click", function (e) {
    var target = e.target;
    var button = target && target.closest ? target.closest("[data-show-findings]") : null;
    if (button) { e.preventDefault(); showFindings(button); }
  });

  var closedDetails = [];
  window.addEventListener("beforeprint", function () {
    closedDetails = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    closedDetails.forEach(function (d) { d.open = true; });
    render(true);
  });
  window.addEventListener("afterprint", function () {
    closedDetails.forEach(function (d) { d.open = false; });
    closedDetails = [];
    render();
  });

  fillSelects();
  refilter(true);
  document.documentElement.setAttribute("data-ready", "true");
})();
