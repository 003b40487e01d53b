// The impact page's chart: one rate per group, a point for its value and a bar for its 95%
// interval, drawn by uPlot (vendored, loaded with this page only). Hidden groups leave a gap.
let uPlot;
let chart;

const INK = '#0b5cad';
const BAR = '#4a5b68';

// whiskers draws each group's interval as a vertical bar with caps, under its point.
function whiskers(lows, highs) {
  return (u) => {
    const { ctx } = u;
    const ratio = window.devicePixelRatio || 1;
    ctx.save();
    ctx.strokeStyle = BAR;
    ctx.lineWidth = 2 * ratio;
    for (let i = 0; i < lows.length; i++) {
      if (lows[i] == null) continue;
      const x = u.valToPos(i, 'x', true);
      const top = u.valToPos(highs[i], 'y', true);
      const bottom = u.valToPos(lows[i], 'y', true);
      const cap = 6 * ratio;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.moveTo(x - cap, top);
      ctx.lineTo(x + cap, top);
      ctx.moveTo(x - cap, bottom);
      ctx.lineTo(x + cap, bottom);
      ctx.stroke();
    }
    ctx.restore();
  };
}

// drawRates draws points[i] = {label, value, low, high} (value null when hidden) into el;
// joined says whether successive groups are joined by a line (cohorts in time, not branches).
export async function drawRates(el, points, { joined, percent, valueLabel }) {
  uPlot ??= (await import('./vendor/uPlot.esm.js')).default;
  chart?.destroy();
  el.replaceChildren();
  const xs = points.map((_, i) => i);
  const values = points.map((p) => p.value);
  const labels = points.map((p) => p.label);
  const opts = {
    width: Math.max(320, el.clientWidth || 800),
    height: 300,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: [-0.5, Math.max(points.length - 0.5, 0.5)] }, y: { range: [0, 1] } },
    axes: [
      { splits: () => xs, values: (u, splits) => splits.map((i) => labels[i] ?? ''), rotate: 0, gap: 6, stroke: BAR },
      { splits: () => [0, 0.25, 0.5, 0.75, 1], values: (u, splits) => splits.map(percent), stroke: BAR, size: 60 },
    ],
    series: [
      {},
      { label: valueLabel, stroke: joined ? INK : 'transparent', width: 2, spanGaps: false,
        points: { show: true, size: 9, fill: INK, stroke: INK } },
    ],
    hooks: { draw: [whiskers(points.map((p) => p.low), points.map((p) => p.high))] },
  };
  chart = new uPlot(opts, [xs, values], el);
}
