// The creator dashboard's two charts of the daily series (views as bars; likes, shares, comments and new followers as
// lines), drawn with Chart.js. The library is vendored (wwwroot/lib/chartjs, see its README) and loaded here, on first
// use, as a same-origin classic script checked against its integrity: only the dashboard downloads it, and CSP
// `script-src 'self'` allows it. Colours come from the page's CSS custom properties (--dash-*, light and dark), so the
// theme stays in the stylesheet; each line also has its own point style and dash, so no series is told by colour alone.
const CHART_SRC = '/lib/chartjs/chart.umd.min.js';
const CHART_INTEGRITY = 'sha384-Emf5ZVIUiarAdhkgtqK+5/Z5qIvM6QoVrS+qAVtfyZVuD5lIHrac0me485+Antp0';

let loading = null;

/** Chart.js (the global `Chart`), loaded once; rejects when the file cannot be loaded (a later call tries again). */
export function loadChartJs() {
  if (globalThis.Chart) return Promise.resolve(globalThis.Chart);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = CHART_SRC;
    script.integrity = CHART_INTEGRITY;
    script.async = true;
    script.addEventListener('load', () => (globalThis.Chart ? resolve(globalThis.Chart) : reject(new Error('Chart.js did not load'))));
    script.addEventListener('error', () => {
      loading = null;
      script.remove();
      reject(new Error('Chart.js could not be loaded'));
    });
    document.head.append(script);
  });
  return loading;
}

export const ENGAGEMENT_SERIES = [
  { metric: 'likes', pointStyle: 'circle', dash: [] },
  { metric: 'shares', pointStyle: 'rect', dash: [6, 3] },
  { metric: 'comments', pointStyle: 'triangle', dash: [2, 2] },
  { metric: 'followers', pointStyle: 'rectRot', dash: [8, 3, 2, 3] },
];

/**
 * Draws the charts into two canvases. themeRoot: the element whose --dash-* properties give the colours.
 * Returns { update({ labels, daily, seriesLabel }) } (labels: the x-axis dates; seriesLabel(metric): a legend text),
 * destroyed when signal aborts. Rejects when Chart.js cannot be loaded.
 */
export async function createCharts({ viewsCanvas, engagementCanvas, themeRoot, locale, signal }) {
  const Chart = await loadChartJs();
  if (signal.aborted) return { update() {}, retheme() {} };
  const reduced = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  let last = null;

  const theme = () => {
    const style = getComputedStyle(themeRoot);
    const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return {
      text: read('--muted', '#5b6677'),
      grid: read('--border', '#dfe4ec'),
      font: getComputedStyle(document.body).fontFamily,
      colour: (metric) => read(`--dash-${metric}`, '#0b5fd4'),
    };
  };

  const options = (t, legend) => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: reduced ? false : { duration: 250 },
    locale: locale(),
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { display: legend, labels: { color: t.text, usePointStyle: true, boxHeight: 8, pointStyleWidth: 12, font: { family: t.font } } },
      tooltip: { titleFont: { family: t.font }, bodyFont: { family: t.font } },
    },
    scales: {
      x: { grid: { display: false }, ticks: { color: t.text, maxRotation: 0, autoSkip: true, maxTicksLimit: 6, font: { family: t.font } } },
      y: { beginAtZero: true, grid: { color: t.grid }, border: { display: false },
        ticks: { color: t.text, precision: 0, maxTicksLimit: 5, font: { family: t.font } } },
    },
  });

  let t = theme();
  const views = new Chart(viewsCanvas, {
    type: 'bar',
    data: { labels: [], datasets: [{ label: '', data: [], backgroundColor: t.colour('views'), borderRadius: 3, maxBarThickness: 18 }] },
    options: options(t, false),
  });
  const engagement = new Chart(engagementCanvas, {
    type: 'line',
    data: {
      labels: [],
      datasets: ENGAGEMENT_SERIES.map((series) => ({
        label: '', data: [], borderColor: t.colour(series.metric), backgroundColor: t.colour(series.metric),
        borderWidth: 2, borderDash: series.dash, pointStyle: series.pointStyle, pointRadius: 2.5, pointHoverRadius: 5, tension: 0.25,
      })),
    },
    options: options(t, true),
  });
  signal.addEventListener('abort', () => {
    views.destroy();
    engagement.destroy();
  }, { once: true });

  function update({ labels, daily, seriesLabel }) {
    if (signal.aborted) return;
    last = { labels, daily, seriesLabel };
    views.data.labels = labels;
    views.data.datasets[0].label = seriesLabel('views');
    views.data.datasets[0].data = daily.map((day) => day.views);
    views.options.locale = locale();
    engagement.data.labels = labels;
    ENGAGEMENT_SERIES.forEach((series, i) => {
      engagement.data.datasets[i].label = seriesLabel(series.metric);
      engagement.data.datasets[i].data = daily.map((day) => day[series.metric]);
    });
    engagement.options.locale = locale();
    views.update();
    engagement.update();
  }

  /** Reads the colours again (the colour scheme changed). */
  function retheme() {
    if (signal.aborted) return;
    t = theme();
    views.options = options(t, false);
    views.data.datasets[0].backgroundColor = t.colour('views');
    engagement.options = options(t, true);
    ENGAGEMENT_SERIES.forEach((series, i) => {
      engagement.data.datasets[i].borderColor = t.colour(series.metric);
      engagement.data.datasets[i].backgroundColor = t.colour(series.metric);
    });
    if (last) update(last);
    else {
      views.update();
      engagement.update();
    }
  }

  return { update, retheme };
}
