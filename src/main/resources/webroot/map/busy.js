/*
 * The station page's occupancy chart: today's hourly count against the typical one for this
 * weekday, as SVG bars and a sentence for those who cannot see them.
 */

import { t } from '../i18n.js';
import { el, section } from './format.js';
import { liveNow } from './live.js';

/** Today's hourly occupancy over the typical one for this weekday: SVG bars and a sentence. */
export function busySection(profile, props) {
  const s = section('st_busy', 'st-busy');
  if (!profile || !Array.isArray(profile.hours) || profile.hours.every((h) => h.today === null && h.typical === null)) {
    s.append(el('p', 'hint', t('st_busy_none')));
    return s;
  }
  const cap = Math.max(1, profile.capacity || props.capacity || 1);
  const hourNow = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
  const W = 24 * 12;
  const H = 80;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + (H + 14));
  svg.setAttribute('class', 'busy-chart');
  svg.setAttribute('aria-hidden', 'true');
  /** One hour's bar of `value` seats at `x`, scaled to the capacity. */
  const bar = (value, x, width, cls) => {
    const r = document.createElementNS(ns, 'rect');
    const hh = (Math.min(value, cap) / cap) * H;
    r.setAttribute('x', x);
    r.setAttribute('y', H - hh);
    r.setAttribute('width', width);
    r.setAttribute('height', hh);
    r.setAttribute('class', cls);
    svg.append(r);
  };
  let drawnToday = false;
  let drawnTypical = false;
  for (const h of profile.hours) {
    const x = h.hour * 12;
    if (h.typical !== null) {
      drawnTypical = true;
      bar(h.typical, x + 1, 10, 'typical');
    }
    if (h.today !== null) {
      drawnToday = true;
      bar(h.today, x + 3, 6, h.hour === hourNow ? 'today now' : 'today');
    }
    if (h.hour % 6 === 0) {
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', x);
      label.setAttribute('y', H + 12);
      label.textContent = String(h.hour);
      svg.append(label);
    }
  }
  const cursor = document.createElementNS(ns, 'line');
  cursor.setAttribute('x1', hourNow * 12 + 6);
  cursor.setAttribute('x2', hourNow * 12 + 6);
  cursor.setAttribute('y1', 0);
  cursor.setAttribute('y2', H);
  cursor.setAttribute('class', 'cursor');
  svg.append(cursor);
  s.append(svg);
  s.append(el('p', 'busy-summary', busySentence(profile, props, hourNow)));
  s.append(el('p', 'hint busy-legend', busyLegend(profile, drawnToday, drawnTypical, hourNow)));
  return s;
}

/**
 * The hour of the highest typical occupancy, or null when no hour has a typical value above zero:
 * a peak is only named when the history shows one.
 */
export function typicalPeak(hours) {
  let peak = null;
  for (const h of hours) {
    if (typeof h.typical === 'number' && h.typical > 0 && (peak === null || h.typical > peak.typical)) {
      peak = h;
    }
  }
  return peak === null ? null : peak.hour;
}

/** The chart in words: the count now, the typical count at this hour and the usual peak, as known. */
function busySentence(profile, props, hourNow) {
  const nowCount = liveNow(props.id);
  const parts = [];
  if (nowCount && nowCount.seats.state === 'current') {
    parts.push(t('st_busy_now', { now: nowCount.seats.value }));
  }
  if (profile.hours.every((h) => h.typical === null)) {
    parts.push(t('st_busy_no_history'));
    return t('st_busy_sentence', { s: parts.join(t('st_busy_join')) });
  }
  const current = profile.hours[hourNow] || {};
  parts.push(
    typeof current.typical === 'number'
      ? t('st_busy_typical', { typ: Math.round(current.typical) })
      : t('st_busy_typical_none')
  );
  const peak = typicalPeak(profile.hours);
  if (peak !== null) {
    parts.push(t('st_busy_peak', { peak: peak }));
  }
  return t('st_busy_sentence', { s: parts.join(t('st_busy_join')) });
}

/** What the colours mean, naming only the series drawn. */
function busyLegend(profile, drawnToday, drawnTypical, hourNow) {
  const parts = [];
  if (drawnToday) {
    const nowDrawn = profile.hours.some((h) => h.hour === hourNow && h.today !== null);
    parts.push(t(nowDrawn ? 'st_busy_legend_today_now' : 'st_busy_legend_today'));
  }
  if (drawnTypical) {
    const weekday = new Date(profile.date + 'T12:00:00+08:00').getUTCDay();
    parts.push(t('st_busy_legend_typical', { w: profile.weeks, weekday: t('weekday_' + weekday) }));
  }
  parts.push(t('st_busy_legend_full'));
  return parts.join(t('st_busy_legend_join'));
}
