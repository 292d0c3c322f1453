// The dashboard's addresses: a view and its parameters in the hash (#/traces?status=error...), so
// that every view and filter can be shared as a link. The views and the page shell both use it;
// it uses neither.
import {state} from '/api.js';

/** The address as a view and its parameters. */
export function route() {
  const raw = location.hash.replace(/^#/, '') || '/traces';
  const [path, q] = raw.split('?');
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: Object.fromEntries(new URLSearchParams(q || '')),
  };
}

/** What every view's address carries: the environment, and the administrator's project. */
function shared(params = {}) {
  const out = {};
  const current = route().params;
  if (current.environment && params.environment === undefined) out.environment = current.environment;
  // The project travels in the address too, so that a link opens the same data.
  if (state.me && state.me.admin && state.project !== 'default') out.project = state.project;
  return out;
}

export function address(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({...shared(params), ...params})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return '#' + path + (s ? '?' + s : '');
}

/** Goes to a view with parameters; the environment and project travel along. */
export function go(path, params = {}) {
  location.hash = address(path, params);
}

