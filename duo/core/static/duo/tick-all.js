// Lists with a box per row: ticking the header box (#tick-all) ticks every row of this page, and only this page.
(function () {
  var all = document.getElementById("tick-all");
  if (!all) { return; }
  all.addEventListener("change", function (event) {
    document.querySelectorAll('input[name="rows"]').forEach(function (box) { box.checked = event.target.checked; });
  });
})();
