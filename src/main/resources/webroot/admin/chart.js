/*
 * A small time-series line chart drawn as inline SVG: a fixed time axis (so a gap in the data
 * shows as a gap), lines broken where buckets are missing, isolated points drawn as dots.
 */
import { h, fmtClock, fmtDay, CHINA_OFFSET_MS } from './core.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 480;
const H = 220;
const M = { left: 40, right: 10, top: 12, bottom: 26 };
const HOUR = 3600 * 1000;

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) {
      node.setAttribute(k, String(v));
    }
  }
  for (const c of children) {
    if (c) {
      node.append(c);
    }
  }
  return node;
}

/** A 1, 2 or 5 times a power of ten step giving about {@code count} intervals over the range. */
function niceStep(range, count) {
  const raw = range / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/**
 * @param {object} o
 *   label: accessible name; from, to: time range in ms; bucketMs: bucket width;
 *   series: [{label, className, dashed, points: [[ms, value|null], ...]}];
 *   minY, maxY: the least range the y axis covers; unit: appended to y labels;
 *   refs: [{value, label}] horizontal reference lines; ticks: 'day' or 'week'.
 */
export function lineChart(o) {
  const values = o.series.flatMap((s) => s.points.map((p) => p[1])).filter((v) => typeof v === 'number');
  const refValues = (o.refs || []).map((r) => r.value);
  let lo = Math.min(o.minY, ...values, ...refValues);
  let hi = Math.max(o.maxY, ...values, ...refValues);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (hi - lo < 1e-9) {
    hi = lo + 1;
  }
  const step = niceStep(hi - lo, 4);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const x = (ms) => M.left + ((ms - o.from) / (o.to - o.from)) * (W - M.left - M.right);
  const y = (v) => H - M.bottom - ((v - lo) / (hi - lo)) * (H - M.top - M.bottom);

  const root = svg('svg', {
    viewBox: '0 0 ' + W + ' ' + H,
    class: 'chart',
    role: 'img',
    'aria-label': o.label,
    'data-points': String(values.length),
  });
  root.append(svg('title', {}, document.createTextNode(o.label)));
  const grid = svg('g', { class: 'grid' });
  for (let v = lo; v <= hi + step / 2; v += step) {
    const yy = y(v);
    grid.append(svg('line', { x1: M.left, x2: W - M.right, y1: yy, y2: yy }));
    const text = svg('text', { x: M.left - 6, y: yy + 4, 'text-anchor': 'end', class: 'tick' });
    text.textContent = formatTick(v, step) + (o.unit || '');
    grid.append(text);
  }
  for (const tick of timeTicks(o.from, o.to, o.ticks)) {
    const xx = x(tick);
    grid.append(svg('line', { x1: xx, x2: xx, y1: M.top, y2: H - M.bottom, class: 'vgrid' }));
    const text = svg('text', { x: xx, y: H - M.bottom + 16, 'text-anchor': 'middle', class: 'tick' });
    text.textContent = o.ticks === 'week' ? fmtDay(tick) : fmtClock(tick);
    grid.append(text);
  }
  root.append(grid);
  for (const ref of o.refs || []) {
    const yy = y(ref.value);
    root.append(svg('line', { x1: M.left, x2: W - M.right, y1: yy, y2: yy, class: 'ref' }));
    const text = svg('text', { x: W - M.right - 4, y: yy - 4, 'text-anchor': 'end', class: 'ref-label' });
    text.textContent = ref.label;
    root.append(text);
  }
  for (const s of o.series) {
    const g = svg('g', { class: 'series ' + (s.className || '') });
    for (const segment of segments(s.points, o.bucketMs)) {
      if (segment.length === 1) {
        g.append(svg('circle', { cx: x(segment[0][0]), cy: y(segment[0][1]), r: 2.5 }));
      } else {
        const d = segment.map((p, i) => (i ? 'L' : 'M') + x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join('');
        g.append(svg('path', { d, 'stroke-dasharray': s.dashed ? '5 4' : null }));
      }
    }
    root.append(g);
  }
  const legend = h(
    'ul',
    { class: 'legend' },
    o.series.map((s) => h('li', {}, h('span', { class: 'swatch ' + (s.className || '') + (s.dashed ? ' dashed' : ''), 'aria-hidden': 'true' }), s.label))
  );
  return h('figure', { class: 'chart-figure' }, h('figcaption', { text: o.label }), root, legend);
}

/** Runs of consecutive points with values, split where a bucket or more is missing. */
function segments(points, bucketMs) {
  const out = [];
  let run = [];
  let last = null;
  for (const p of points) {
    if (typeof p[1] !== 'number') {
      if (run.length) {
        out.push(run);
      }
      run = [];
      last = null;
      continue;
    }
    if (last !== null && p[0] - last > bucketMs * 1.5) {
      out.push(run);
      run = [];
    }
    run.push(p);
    last = p[0];
  }
  if (run.length) {
    out.push(run);
  }
  return out;
}

/** Every 3 hours (day view) or every midnight (week view), China time. */
function timeTicks(from, to, kind) {
  const every = kind === 'week' ? 24 * HOUR : 3 * HOUR;
  const first = Math.ceil((from + CHINA_OFFSET_MS) / every) * every - CHINA_OFFSET_MS;
  const out = [];
  for (let tick = first; tick <= to; tick += every) {
    out.push(tick);
  }
  return out;
}

function formatTick(v, step) {
  const digits = step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step)));
  return v.toFixed(digits);
}
