// On a phone the filter form would push the results a screen down: fold it away (it opens with
// one tap on "Filter"). Without JavaScript it simply stays open.
(function () {
  if (window.matchMedia("(max-width: 61.99rem)").matches) {
    document.querySelectorAll("details.filters__panel").forEach(function (panel) {
      panel.open = false;
    });
  }
})();

// Fields left empty (words, dates) stay out of the address, so that a filtered list reads
// /events/?country=uz&kind=training when shared. Disabled fields are not submitted; they are
// enabled again when the reader comes back to this page (the browser may keep it as it was).
(function () {
  var optional = "form.filters input[type=search], form.filters input[type=date]";
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll(optional).forEach(function (input) {
        if (!input.value) {
          input.disabled = true;
        }
      });
    });
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll(optional).forEach(function (input) {
      input.disabled = false;
    });
  });
})();
