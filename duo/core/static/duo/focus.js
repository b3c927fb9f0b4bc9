// Every page: move keyboard and screen-reader focus to the error summary when a form comes back with
// errors, otherwise to a result the page marks with data-autofocus (e.g. the check of an imported file).
// A static file rather than inline code: the Content-Security-Policy allows no inline script.
(function () {
  var target = document.getElementById("error-summary") || document.querySelector("[data-autofocus]");
  if (target) { target.focus(); }
})();
