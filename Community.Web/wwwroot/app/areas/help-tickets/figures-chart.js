// The figures page's bar chart of the daily series (tickets received and closed), drawn with Chart.js. The library is
// the one the creator dashboard loads (wwwroot/lib/chartjs, checked against its integrity, only when a chart is drawn).
// Colours come from the page's CSS custom properties (--fig-received, --fig-closed, light and dark); the closed bars
// are outlined and the received ones solid, so the two series differ by more than colour.
import { loadChartJs } from '../creators/dashboard-charts.js';

/**
 * Draws into canvas. themeRoot: the element whose --fig-* properties give the colours; locale(): the language.
 * Returns { update({ labels, received, closed, seriesLabel }), retheme() }, destroyed when signal aborts. Rejects
 * when Chart.js cannot be loaded.
 */
export async function createDailyChart({ canvas, themeRoot, locale, signal }) {
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
      surface: read('--surface', '#ffffff'),
      received: read('--fig-received', '#0b5fd4'),
      closed: read('--fig-closed', '#1d7a46'),
      font: getComputedStyle(document.body).fontFamily,
    };
  };

  const options = (th) => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: reduced ? false : { duration: 250 },
    locale: locale(),
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { display: true, labels: { color: th.text, boxHeight: 10, font: { family: th.font } } },
      tooltip: { titleFont: { family: th.font }, bodyFont: { family: th.font } },
    },
    scales: {
      x: { grid: { display: false }, ticks: { color: th.text, maxRotation: 0, autoSkip: true, maxTicksLimit: 6, font: { family: th.font } } },
      y: { beginAtZero: true, grid: { color: th.grid }, border: { display: false },
        ticks: { color: th.text, precision: 0, maxTicksLimit: 5, font: { family: th.font } } },
    },
  });

  const datasets = (th) => [
    { label: '', data: [], backgroundColor: th.received, borderColor: th.received, borderWidth: 0, borderRadius: 3, maxBarThickness: 16 },
    { label: '', data: [], backgroundColor: th.surface, borderColor: th.closed, borderWidth: 2, borderRadius: 3, maxBarThickness: 16 },
  ];

  let th = theme();
  const chart = new Chart(canvas, { type: 'bar', data: { labels: [], datasets: datasets(th) }, options: options(th) });
  signal.addEventListener('abort', () => chart.destroy(), { once: true });

  function update(next) {
    if (signal.aborted) return;
    last = next;
    chart.data.labels = next.labels;
    chart.data.datasets[0].label = next.seriesLabel('received');
    chart.data.datasets[0].data = next.received;
    chart.data.datasets[1].label = next.seriesLabel('closed');
    chart.data.datasets[1].data = next.closed;
    chart.options.locale = locale();
    chart.update();
  }

  /** Reads the colours again (the colour scheme changed). */
  function retheme() {
    if (signal.aborted) return;
    th = theme();
    chart.options = options(th);
    chart.data.datasets = datasets(th);
    if (last) update(last);
    else chart.update();
  }

  return { update, retheme };
}
