// A questionnaire shown as a preview: its form is never sent (it was an inline onsubmit="return false").
document.querySelectorAll("form[data-no-submit]").forEach(function (form) {
  form.addEventListener("submit", function (event) { event.preventDefault(); });
});
