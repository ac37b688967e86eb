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
  let peak = 0;
  let peakValue = -1;
  for (const h of profile.hours) {
    const x = h.hour * 12;
    if (h.typical !== null) {
      if (h.typical > peakValue) {
        peakValue = h.typical;
        peak = h.hour;
      }
      bar(h.typical, x + 1, 10, 'typical');
    }
    if (h.today !== null) {
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
  const current = profile.hours[hourNow] || {};
  const typ = current.typical === null || current.typical === undefined ? '?' : Math.round(current.typical);
  const nowCount = liveNow(props.id);
  const summary =
    nowCount && nowCount.seats.state === 'current'
      ? t('st_busy_summary', { now: nowCount.seats.value, typ: typ, peak: peak })
      : t('st_busy_summary_nonow', { typ: typ, peak: peak });
  s.append(el('p', 'busy-summary', summary));
  const weekday = new Date(profile.date + 'T12:00:00+08:00').getUTCDay();
  s.append(el('p', 'hint', t('st_busy_note', { w: profile.weeks, weekday: t('weekday_' + weekday) })));
  return s;
}
