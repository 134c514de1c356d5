/* The indicator page's charts: target and actual by unit (bars) and over time (lines). The
   numbers come from the page itself (json_script blocks), which also shows them as tables; no
   inline script or style is needed, so the CSP stays strict. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var COLOURS = { target: "#6c757d", actual: "#1565c0" };
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
    var line = canvas.dataset.chartKind === "line";
    var box = canvas.parentNode;
    box.style.position = "relative";
    box.style.height = line ? "260px" : Math.max(180, 40 * data.labels.length + 80) + "px";
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series) {
          return {
            label: series.label,
            data: series.data,
            backgroundColor: COLOURS[series.key] || "#555",
            borderColor: COLOURS[series.key] || "#555",
            borderWidth: line ? 2 : 0,
            spanGaps: true
          };
        })
      },
      options: {
        locale: locale,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: line ? "x" : "y",
        scales: line
          ? { y: { beginAtZero: true } }
          : { x: { beginAtZero: true }, y: { ticks: { callback: shortLabel } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
