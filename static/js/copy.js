// "Copy" buttons: each copies the text of the element its data-copy names (the "cite this" line),
// as one line, and says so. Without JavaScript, or a clipboard, the button stays hidden and the
// text can be selected as usual.
(function () {
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    var status = button.parentElement.querySelector("[role=status]");
    if (!source) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent.replace(/\s+/g, " ").trim();
      navigator.clipboard.writeText(text).then(function () {
        if (status) {
          status.textContent = button.dataset.copied;
        }
      });
    });
  });
})();
