// Draws the dashboard's charts from the page's own data (json_script: the figures as
// the server told this viewer, small numbers already suppressed; a suppressed figure is
// a gap, its words in the table). Selecting a point or bar opens the list behind it.
// A file, not an inline script: the CSP allows scripts from this site only.

const charts = JSON.parse(document.getElementById("dashboard-data").textContent);

// GOV.UK colours with at least 3:1 contrast on white (WCAG 1.4.11); each line also has
// its own marker and dash, so no series is told apart by colour alone (1.4.1).
const COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#505a5f", "#912b88"];
const MARKERS = ["circle", "triangle", "rect", "rectRot", "star", "crossRot"];
const DASHES = [[], [8, 4], [2, 3], [10, 4, 2, 4], [4, 4], [12, 3]];
const TEXT = "#0b0c0c";

function datasets(chart) {
  return chart.series.map((series, n) => ({
    label: series.label,
    data: series.values,
    words: series.words,
    queries: series.queries,
    borderColor: COLOURS[n % COLOURS.length],
    backgroundColor: COLOURS[n % COLOURS.length],
    pointStyle: MARKERS[n % MARKERS.length],
    pointRadius: 5,
    pointHoverRadius: 7,
    borderDash: DASHES[n % DASHES.length],
    borderWidth: 2,
    spanGaps: false,
  }));
}

function draw(chart) {
  const canvas = document.getElementById(`chart-${chart.slug}`);
  if (!canvas || !window.Chart) {
    return;
  }
  const href = canvas.dataset.href;
  new window.Chart(canvas, {
    type: chart.type,
    data: { labels: chart.labels, datasets: datasets(chart) },
    options: {
      animation: false,
      maintainAspectRatio: false,
      color: TEXT,
      scales: {
        x: { ticks: { color: TEXT } },
        y: {
          beginAtZero: true,
          ticks: { color: TEXT, precision: 0 },
          title: { display: true, color: TEXT, text: chart.measure === "median" ? "Median days" : "Number" },
        },
      },
      plugins: {
        legend: { labels: { color: TEXT, usePointStyle: true } },
        tooltip: {
          callbacks: {
            // The table's words: "fewer than 5", "about 10", not the plotted number.
            label: (item) => `${item.dataset.label}: ${item.dataset.words[item.dataIndex]}`,
          },
        },
      },
      onHover: (event, elements) => {
        event.native.target.style.cursor = elements.length ? "pointer" : "default";
      },
      onClick: (event, elements) => {
        if (!elements.length) {
          return;
        }
        const { datasetIndex, index } = elements[0];
        const query = charts.find((c) => c.slug === chart.slug).series[datasetIndex].queries[index];
        window.location.assign(`${href}?${query}`);
      },
    },
  });
  canvas.dataset.ready = "true";
}

charts.forEach(draw);
document.body.dataset.chartsReady = "true";
