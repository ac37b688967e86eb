/*
 * The worker map's calls to the API: JSON answers marked when the service worker answered from its
 * copy, problem+json details as messages, and the map config asked for once.
 */

import { t } from '../i18n.js';
import { els } from './state.js';

export const API = '/api/v1';

export function isAbort(error) {
  return error && error.name === 'AbortError';
}

/**
 * JSON from the API: {data, storedAt} where storedAt is set when the service worker answered
 * from its cache because the network was down (the ages in it are then older than they say).
 */
export async function fetchJson(url, signal) {
  let response;
  try {
    response = await fetch(url, { signal: signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (isAbort(error)) {
      throw error;
    }
    throw new Error(t('no_connection'));
  }
  if (!response.ok) {
    throw new Error(await problemDetail(response));
  }
  const stored = response.headers.get('X-Yizhan-Stored-At');
  const storedAt = stored ? Number(stored) : null;
  els.netNote.hidden = !storedAt;
  return { data: await response.json(), storedAt: storedAt };
}

export async function problemDetail(response) {
  try {
    const body = await response.json();
    if (body && typeof body.detail === 'string' && body.detail) {
      return body.detail;
    }
  } catch (ignored) {
    // not JSON
  }
  return t('server_error', { status: response.status });
}

/** When the ages of an answer were measured, on this device's clock. */
export function measuredAt(answer) {
  return answer.storedAt || Date.now();
}

let configAnswer = null;

/**
 * /api/v1/map-config (base map, and the walking speed and detour factor the server's walking
 * times use), asked for once per page; a failed answer is asked for again next time.
 */
export function mapConfig() {
  if (!configAnswer) {
    configAnswer = fetchJson(API + '/map-config').catch((error) => {
      configAnswer = null;
      throw error;
    });
  }
  return configAnswer;
}
