// The traces page: newest first, live, filtered by everything the API can filter by; the
// filters live in the address. Pages are keyed (a cursor, not an offset), so page 500 costs what
// page 1 does.
import {h, put, clear, status, seconds, cost, num, time} from '/dom.js';
import {api, query} from '/api.js';
import {go} from '/router.js';

const FILTERS = ['name', 'status', 'environment', 'user_id', 'session_id', 'model', 'q',
  'metadata_key', 'metadata_value', 'from', 'to', 'min_latency', 'min_calls', 'min_tokens', 'min_cost'];
// Key (the server's sort order), heading, how a cell shows, its class.
const COLUMNS = [
  ['time', 'Time', t => time(t.start_time)],
  ['name', 'Name', t => t.trace_name],
  ['status', 'Status', t => status(t.status)],
  ['latency', 'Latency', t => seconds(t.latency), 'num'],
  ['calls', 'Calls', t => num(t.calls), 'num'],
  ['tokens', 'Tokens', t => num(t.tokens && t.tokens.total_tokens), 'num'],
  ['cost', 'Cost', t => cost(t.cost), 'num'],
  ['environment', 'Environment', t => t.environment],
  ['user', 'User', t => t.user_id || ''],
  ['session', 'Session', t => t.session_id || ''],
];
const POLL_MS = 3000;

function filtersOf(params) {
  const f = {};
  for (const k of FILTERS) if (params[k]) f[k] = params[k];
  return f;
}

function toApiTime(v) {
  // datetime-local values are local times; the API takes ISO-8601 UTC.
  return v ? new Date(v).toISOString() : undefined;
}

function apiFilters(f) {
  return {...f, from: toApiTime(f.from), to: toApiTime(f.to)};
}

function filterForm(params) {
  const keepEnvironment = params.environment ? {environment: params.environment} : {};
  const field = (name, label, attrs = {}) =>
    h('label', {}, label, h('input', {name, value: params[name] || '', ...attrs}));
  const statuses = ['', 'success', 'error', 'pending'].map(s => h('option', {value: s}, s || 'any'));
  const statusSelect = h('select', {name: 'status'}, statuses);
  statusSelect.value = params.status || '';
  const form = h('form', {class: 'filters card', role: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    const next = {};
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) next[k] = String(v).trim();
    if (params.environment) next.environment = params.environment;
    if (params.sort) next.sort = params.sort;
    go('/traces', next);
  }},
  field('q', 'Search inputs and outputs', {type: 'search', size: 28}),
  field('name', 'Name'),
  h('label', {}, 'Status', statusSelect),
  field('user_id', 'User'),
  field('session_id', 'Session'),
  field('model', 'Model'),
  field('metadata_key', 'Metadata key', {size: 10}),
  field('metadata_value', 'value', {size: 10}),
  field('min_latency', 'Latency \u2265 s', {type: 'number', min: 0, step: 'any', size: 6}),
  field('min_calls', 'Calls \u2265', {type: 'number', min: 0, size: 4}),
  field('min_tokens', 'Tokens \u2265', {type: 'number', min: 0, size: 6}),
  field('min_cost', 'Cost \u2265 $', {type: 'number', min: 0, step: 'any', size: 6}),
  field('from', 'From', {type: 'datetime-local'}),
  field('to', 'To', {type: 'datetime-local'}),
  h('button', {class: 'primary', type: 'submit'}, 'Apply'),
  h('button', {type: 'button', onclick: () => go('/traces', keepEnvironment)}, 'Clear'));
  return form;
}

function row(t, fresh) {
  const open = () => go('/trace/' + encodeURIComponent(t.id));
  return h('tr', {tabindex: 0, class: fresh ? 'fresh' : null, dataset: {id: t.id}, onclick: open,
    onkeydown: (ev) => { if (ev.key === 'Enter') open(); }},
  COLUMNS.map(([, , show, cls]) => h('td', {class: cls}, show(t))));
}

export async function tracesView(main, params) {
  const filters = filtersOf(params);
  const [sortKey, sortDir] = (params.sort || 'time:desc').split(':');
  const rows = [];
  const seen = new Set();
  let cursor = null;

  const totals = h('div', {class: 'totals', 'aria-live': 'polite'});
  const body = h('tbody', {});
  const more = h('button', {type: 'button', onclick: () => load(true)}, 'Load more');
  const nextDirection = key => key === sortKey && sortDir === 'desc' ? 'asc' : 'desc';
  const head = h('tr', {}, COLUMNS.map(([key, label, , cls]) => h('th', {class: cls, scope: 'col', tabindex: 0,
    'aria-sort': key === sortKey ? (sortDir === 'asc' ? 'ascending' : 'descending') : null,
    onclick: () => go('/traces', {...params, sort: key + ':' + nextDirection(key)}),
    onkeydown: (ev) => { if (ev.key === 'Enter') ev.target.click(); }},
  label, key === sortKey ? (sortDir === 'asc' ? ' \u25B2' : ' \u25BC') : '')));
  main.appendChild(h('h1', {}, 'Traces'));
  main.appendChild(filterForm(params));
  main.appendChild(totals);
  main.appendChild(h('table', {id: 'traces'}, h('thead', {}, head), body));
  main.appendChild(h('div', {class: 'pager'}, more));

  // Every column is sorted by the server, a page at a time over every matching trace.
  const known = COLUMNS.some(c => c[0] === sortKey);
  const serverSort = known ? {sort: sortKey, order: sortDir === 'asc' ? 'asc' : 'desc'} : {};
  const newestFirst = !known || (sortKey === 'time' && sortDir !== 'asc');
  function redraw(freshIds = new Set()) {
    clear(body);
    for (const t of rows) body.appendChild(row(t, freshIds.has(t.id)));
    if (!rows.length) {
      const empty = 'No traces match. Traces appear here as your application sends them.';
      body.appendChild(h('tr', {}, h('td', {colspan: COLUMNS.length, class: 'muted'}, empty)));
    }
  }
  function showTotals(t) {
    put(clear(totals), 
      h('span', {}, h('b', {id: 'total-traces'}, num(t.traces)), ' traces'),
      h('span', {}, h('b', {}, num(t.total_tokens)), ' tokens'),
      h('span', {}, h('b', {}, cost(t.cost) || '$0'), ' cost'),
      h('span', {}, h('b', {}, num(t.errors)), ' with errors'));
  }
  async function load(next) {
    const page = await api('/v1/traces' + query({...apiFilters(filters), ...serverSort, limit: 50,
      cursor: next ? cursor : undefined, totals: next ? undefined : 'true'}));
    if (!next) {
      rows.length = 0;
      seen.clear();
      showTotals(page.totals);
    }
    for (const t of page.data) if (!seen.has(t.id)) { seen.add(t.id); rows.push(t); }
    cursor = page.next_cursor;
    more.hidden = !cursor;
    redraw();
  }
  await load(false);

  // Live: the first page again every few seconds; new traces go on top, changed ones are updated.
  const live = document.getElementById('live');
  let stopped = false;
  const timer = setInterval(async () => {
    if (stopped || document.hidden) return;
    try {
      // Totals cost a pass over every matching trace (about 0.1 s at a million spans), so the
      // steady poll asks for the page alone, and for totals only when the page changed.
      const page = await api('/v1/traces' + query({...apiFilters(filters), ...serverSort, limit: 50}));
      if (!newestFirst) {
        // In another order, a new trace may belong anywhere: the first page is read again.
        const first = rows.slice(0, page.data.length);
        if (!stopped && JSON.stringify(first) !== JSON.stringify(page.data)) await load(false);
        live.classList.remove('off');
        return;
      }
      const fresh = new Set();
      let changed = false;
      const byId = new Map(rows.map((t, i) => [t.id, i]));
      for (const t of [...page.data].reverse()) {
        if (byId.has(t.id)) {
          const i = byId.get(t.id);
          if (JSON.stringify(rows[i]) !== JSON.stringify(t)) { rows[i] = t; changed = true; }
        } else { rows.unshift(t); seen.add(t.id); fresh.add(t.id); }
      }
      // Redrawn only when something changed, so that focus and selection stay put.
      if (!stopped && (changed || fresh.size)) {
        redraw(fresh);
        showTotals((await api('/v1/traces' + query({...apiFilters(filters), limit: 1, totals: 'true'}))).totals);
      }
      live.classList.remove('off');
    } catch (e) {
      live.classList.add('off');
    }
  }, POLL_MS);
  return () => { stopped = true; clearInterval(timer); };
}
