(function () {
  "use strict";
  var filter = document.getElementById("status-filter");
  var search = document.getElementById("text-filter");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#findings tbody tr"));
  var count = document.getElementById("shown-count");
  function apply() {
    var status = filter.value;
    var text = search.value.toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (status === "" || row.getAttribute("data-status") === status) &&
        (text === "" || row.textContent.toLowerCase().indexOf(text) !== -1);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = String(shown);
  }
  filter.addEventListener("change", apply);
  search.addEventListener("input", apply);
  apply();
})();
