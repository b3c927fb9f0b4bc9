// Long checkbox lists get a filter box: typing hides the options whose label does not contain the words.
// Without JavaScript the lists stay whole and scrollable.
document.addEventListener("DOMContentLoaded", () => {
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  document.querySelectorAll("[data-adv-filter]").forEach((box) => {
    const options = document.getElementById(box.dataset.advFilter);
    if (!options) return;
    const wrapper = box.closest(".adv-filter");
    const labels = Array.from(options.querySelectorAll("label.adv-option"));
    if (labels.length < 8) return;  // a short list is read at a glance
    wrapper.hidden = false;
    const status = wrapper.querySelector("[role=status]");
    box.addEventListener("input", () => {
      const words = fold(box.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      labels.forEach((label) => {
        const text = fold(label.textContent);
        // Ticked options stay in view: filtering must not hide what was chosen.
        const keep = label.querySelector("input").checked || words.every((w) => text.includes(w));
        label.hidden = !keep;
        if (keep) shown += 1;
      });
      if (status) status.textContent = status.dataset.template.replace("#", shown);
    });
  });
});
