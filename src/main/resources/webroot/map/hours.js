/*
 * Opening hours in words ("每天 08:00–20:00", "Mon–Fri 08:00–18:00; Sun closed") from the
 * OpenStreetMap opening_hours text the registry stores. The common forms are read here: weekday
 * ranges and lists, several periods, 24/7, days off ("off", "closed"), rules after ";". Anything
 * else (dates, holidays, sunrise, comments) is not put in words: the caller shows the text as it is.
 */

import { t } from '../i18n.js';

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** The hours in the reader's language, or null when the text is not one of the forms read here. */
export function hoursInWords(spec) {
  if (typeof spec !== 'string' || !spec.trim()) {
    return null;
  }
  const text = spec.trim();
  if (text === '24/7') {
    return t('hours_24_7');
  }
  const rules = text.split(';').map((r) => r.trim()).filter((r) => r);
  const words = [];
  for (const rule of rules) {
    const w = ruleInWords(rule);
    if (w === null) {
      return null;
    }
    words.push(w);
  }
  return words.length ? words.join(t('hours_rule_sep')) : null;
}

/** One rule: "[days] [times | off | closed]", or null. */
function ruleInWords(rule) {
  const m = /^((?:Mo|Tu|We|Th|Fr|Sa|Su)(?:\s*[-,]\s*(?:Mo|Tu|We|Th|Fr|Sa|Su))*)?\s*(.*)$/.exec(rule);
  const days = m[1] ? daysInWords(m[1]) : t('hours_daily');
  if (days === null) {
    return null;
  }
  const rest = m[2].trim();
  if (rest === 'off' || rest === 'closed') {
    return t('hours_days_off', { days: days });
  }
  if (rest === '24/7' && !m[1]) {
    return t('hours_24_7');
  }
  if (!rest) {
    return m[1] ? t('hours_days_times', { days: days, times: t('hours_all_day') }) : null;
  }
  const periods = [];
  for (const part of rest.split(',')) {
    const p = /^(\S+)\s*-\s*(\S+)$/.exec(part.trim());
    if (!p || !TIME.test(p[1]) || !TIME.test(p[2]) || p[1] === '24:00') {
      return null;
    }
    periods.push(p[1] === '00:00' && p[2] === '24:00' ? t('hours_all_day') : p[1] + '–' + p[2]);
  }
  return t('hours_days_times', { days: days, times: periods.join(t('hours_list_sep')) });
}

/** "Mo-Fr,Su" as "周一至周五、周日" / "Mon–Fri, Sun"; every day as "每天" / "Daily". */
function daysInWords(selector) {
  const groups = [];
  const covered = new Set();
  for (const item of selector.split(',').map((s) => s.trim())) {
    const range = item.split('-').map((s) => s.trim());
    if (range.length > 2) {
      return null;
    }
    const from = DAYS.indexOf(range[0]);
    const to = DAYS.indexOf(range[range.length - 1]);
    for (let d = from; ; d = (d + 1) % 7) {
      covered.add(d);
      if (d === to) {
        break;
      }
    }
    groups.push(
      from === to
        ? t('day_' + DAYS[from])
        : t('hours_day_range', { from: t('day_' + DAYS[from]), to: t('day_' + DAYS[to]) })
    );
  }
  return covered.size === 7 ? t('hours_daily') : groups.join(t('hours_list_sep'));
}
