// On a phone the filter form would push the results a screen down: fold it away (it opens with
// one tap on "Filter"). Without JavaScript it simply stays open.
(function () {
  if (window.matchMedia("(max-width: 61.99rem)").matches) {
    document.querySelectorAll("details.filters__panel").forEach(function (panel) {
      panel.open = false;
    });
  }
})();
