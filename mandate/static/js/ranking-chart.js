/* The ranking page's chart of the index over the years: one line per unit, from the page's own
   json_script block (the table above carries the same figures); no inline script, strict CSP. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    canvas.parentNode.style.position = "relative";
    canvas.parentNode.style.height = "320px";
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series) {
          return { label: series.label, data: series.values.map(function (v) { return v === null ? null : Number(v); }) };
        })
      },
      options: { maintainAspectRatio: false, plugins: { legend: { display: data.series.length <= 12 } } }
    });
  });
})();
