// Folded data tables (a figure's history, a ledger's rows) print open in every browser, then fold
// again: Chromium alone opens them from the style sheet (::details-content in portal.css).
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.history-chart__data:not([open]), details.bar-chart__data:not([open])").forEach(
      function (details) {
        details.open = true;
        opened.push(details);
      }
    );
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.open = false;
    });
    opened = [];
  });
})();
