// The JSON API, as the signed-in browser calls it: the session cookie authenticates, the
// X-Nora-UI header marks the dashboard's own writes, X-Nora-Project picks the administrator's
// project.

export const state = {me: null, project: localStorage.getItem('nora.project') || 'default'};

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export async function api(path, options = {}) {
  const headers = {'X-Nora-UI': '1', 'X-Nora-Project': state.project};
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method: options.method || 'GET',
    credentials: 'same-origin',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    if (res.status === 401 && options.signInOnFail !== false) window.dispatchEvent(new Event('nora:signed-out'));
    throw new ApiError(res.status, (body && body.detail) || res.statusText);
  }
  return body;
}

/** A query string of the non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
