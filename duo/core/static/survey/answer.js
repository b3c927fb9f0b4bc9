// Answering a survey: shows and hides the questions that depend on an earlier answer, keeps the progress
// up to date and, where the form names a save URL, saves the answers as the person goes (the server
// checks everything again on submission, so this is comfort, not a rule).
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;
  var status = document.getElementById("survey-status");
  var saveUrl = form.dataset.saveUrl;
  var timer = null;
  var dirty = false;
  // One question per screen: the server applies the conditions and counts the progress.
  var all = form.dataset.mode !== "one";

  function valuesOf(code) {
    var values = [];
    form.querySelectorAll('[name="' + code + '"]').forEach(function (input) {
      if (input.disabled) return;
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value.trim()) values.push(input.value.trim());
    });
    return values;
  }

  function applyConditions() {
    if (!all) return;
    var shown = {};
    form.querySelectorAll("fieldset.survey-q").forEach(function (fieldset) {
      var target = fieldset.dataset.showIf;
      var show = true;
      if (target) {
        var wanted = (fieldset.dataset.showValues || "").split("|");
        show = !!shown[target] && valuesOf(target).some(function (v) { return wanted.indexOf(v) !== -1; });
      }
      fieldset.hidden = !show;
      fieldset.disabled = !show;
      shown[fieldset.dataset.code] = show;
    });
  }

  function updateProgress() {
    var box = document.getElementById("survey-progress");
    if (!all || !box || !box.dataset.template) return;
    var total = 0, answered = 0;
    form.querySelectorAll("fieldset.survey-q").forEach(function (fieldset) {
      if (fieldset.hidden) return;
      total += 1;
      if (valuesOf(fieldset.dataset.code).length) answered += 1;
    });
    box.querySelector("p").textContent = box.dataset.template.replace("__N__", answered).replace("__M__", total);
    var bar = box.querySelector("progress");
    bar.max = Math.max(total, 1);
    bar.value = answered;
  }

  function say(text, failed) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("survey-failed", !!failed);
  }

  function save() {
    timer = null;
    if (!saveUrl) return;
    dirty = false;
    say(form.dataset.savingText);
    fetch(saveUrl, {method: "POST", body: new FormData(form), credentials: "same-origin",
                    headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.message);
          return data;
        });
      })
      .then(function (data) { say(data.message); })
      .catch(function (error) {
        dirty = true;
        say(error && error.message && isNaN(error.message) ? error.message : form.dataset.failedText, true);
      });
  }

  function changed(delay) {
    applyConditions();
    updateProgress();
    if (!saveUrl) return;
    dirty = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  form.addEventListener("change", function () { changed(400); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "number" || event.target.type === "date") {
      changed(1000);
    }
  });
  // Leaving with a save still waiting: send it on the way out.
  window.addEventListener("pagehide", function () {
    if (saveUrl && dirty && navigator.sendBeacon) {
      if (timer) clearTimeout(timer);
      navigator.sendBeacon(saveUrl, new FormData(form));
    }
  });
  applyConditions();
  updateProgress();
})();
