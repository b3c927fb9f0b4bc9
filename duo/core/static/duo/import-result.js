// Import pages (records, stakeholders): after a check comes back, move focus to its heading (or its error
// summary) so that keyboard and screen-reader users land on the result.
document.body.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target.querySelector("#error-summary, [data-focus]");
  if (target) { target.focus(); }
});
