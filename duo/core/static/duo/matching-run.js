// The matching run: after a card is replaced, focus its message so keyboard and screen-reader users know
// what happened.
document.body.addEventListener("htmx:afterSettle", function () {
  var notice = document.querySelector("[data-focus-after-swap]");
  if (notice) { notice.removeAttribute("data-focus-after-swap"); notice.focus(); }
});
