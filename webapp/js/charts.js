// Bar and line charts with uPlot (from its WebJar). Loaded lazily so that the grid works even if the
// charting library could not be loaded.

let uPlotModule = null;
const charts = new WeakMap();

async function uPlot() {
  if (!uPlotModule) uPlotModule = (await import('../webjars/uplot/1.6.30/dist/uPlot.esm.js')).default;
  return uPlotModule;
}

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/**
 * Draws into `el`. `x` = {kind: 'time' (seconds) | 'number' | 'category', values, labels},
 * `y` = numbers (null for a gap), `type` = 'bar' | 'line'.
 */
export async function drawChart(el, { x, y, type = 'bar', yLabel = '', width }) {
  const U = await uPlot();
  charts.get(el)?.destroy();
  el.innerHTML = '';
  const fg = cssVar('--fg'), line = cssVar('--line'), accent = cssVar('--accent');
  const axis = { stroke: fg, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } };
  const category = x.kind === 'category';
  const xs = category ? x.values.map((_, i) => i) : x.values;
  const series = {
    label: yLabel, stroke: accent, width: type === 'line' ? 2 : 1,
    fill: type === 'bar' ? accent + 'b0' : accent + '22',
    points: { show: type === 'line' && xs.length <= 60 },
  };
  if (type === 'bar') series.paths = U.paths.bars({ size: [0.7, 60], align: 0 });
  const opts = {
    width: width || Math.max(200, el.clientWidth || 360), height: 240,
    legend: { show: false },
    scales: { x: { time: x.kind === 'time', range: category ? [-0.5, xs.length - 0.5] : undefined }, y: { range: (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.05 : 1] } },
    axes: [
      category ? { ...axis, values: (u, splits) => splits.map(v => (Number.isInteger(v) && x.labels[v] !== undefined ? x.labels[v] : '')), rotate: 0, space: 40 } : axis,
      { ...axis, size: 56, values: (u, splits) => splits.map(v => compact.format(v)) },
    ],
    series: [{}, series],
  };
  if (type === 'bar' && !category && xs.length > 1) {
    const step = (xs[xs.length - 1] - xs[0]) / (xs.length - 1);
    opts.scales.x.range = [xs[0] - step / 2, xs[xs.length - 1] + step / 2];
  }
  const chart = new U(opts, [xs, y], el);
  charts.set(el, chart);
  return chart;
}
