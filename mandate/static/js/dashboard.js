/* The dashboard's charts. The numbers come from the page itself (json_script blocks), which
   also shows them as tables; no inline script or style is needed, so the CSP stays strict. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var COLOURS = { completed: "#2e7d32", in_progress: "#1565c0", overdue: "#c62828" };
  var locale = document.documentElement.lang === "en" ? "en-GB" : "vi-VN";

  // Unit names can be long; the table below the chart carries them in full.
  function shortLabel(value) {
    var label = String(this.getLabelForValue(value));
    var limit = this.chart.width < 480 ? 18 : 32;
    return label.length > limit ? label.slice(0, limit - 1) + "\u2026" : label;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var stacked = canvas.dataset.chartKind === "stacked";
    var box = canvas.parentNode;
    if (stacked) {
      // One bar per unit, laid horizontally: the box grows with the number of units.
      box.style.position = "relative";
      box.style.height = Math.max(160, 28 * data.labels.length + 70) + "px";
    } else {
      box.style.position = "relative";
      box.style.height = "260px";
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series) {
          return {
            label: series.label,
            data: series.data,
            backgroundColor: COLOURS[series.key] || "#555",
            borderWidth: 0
          };
        })
      },
      options: {
        locale: locale,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: stacked ? "y" : "x",
        scales: {
          x: { stacked: stacked, beginAtZero: true, ticks: stacked ? { precision: 0 } : {} },
          y: { stacked: stacked, beginAtZero: true, ticks: stacked ? { callback: shortLabel } : { precision: 0 } }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
