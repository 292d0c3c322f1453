// Metrics over time: calls, tokens, cost, latency percentiles and error rate, split by model,
// provider or environment. Charts are plain SVG drawn here: no chart library to load.
import {h, put, svg, clear, cost, num, seconds} from '/dom.js';
import {api, query} from '/api.js';
import {go} from '/router.js';

const RANGES = {
  '1h': [3600e3, 'minute'], '24h': [86400e3, 'hour'], '7d': [7 * 86400e3, 'hour'], '30d': [30 * 86400e3, 'day']};
const TICK = {hour12: false, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'};
const COLORS = ['#3b5bdb', '#e8590c', '#2b8a3e', '#ae3ec9', '#0c8599', '#f08c00', '#c92a2a', '#5c940d'];

function chart(title, series, format) {
  // series: [{name, points: [[timeMs, value]]}]
  const W = 440, H = 170, L = 56, B = 22, T = 8, R = 8;
  const all = series.flatMap(s => s.points);
  const xs = all.map(p => p[0]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1);
  const ymax = Math.max(...all.map(p => p[1] || 0), 0) || 1;
  const X = t => L + (t - x0) / (x1 - x0) * (W - L - R);
  const Y = v => H - B - (v / ymax) * (H - B - T);
  const g = svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title});
  for (let i = 0; i <= 4; i++) {
    const v = ymax * i / 4;
    g.append(svg('line', {x1: L, x2: W - R, y1: Y(v), y2: Y(v), stroke: '#e9ecef'}),
      svg('text', {x: L - 4, y: Y(v) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#868e96'}, format(v)));
  }
  for (const [t, anchor] of [[x0, 'start'], [(x0 + x1) / 2, 'middle'], [x1, 'end']]) {
    g.append(svg('text', {x: X(t), y: H - 6, 'text-anchor': anchor, 'font-size': 10, fill: '#868e96'},
      new Date(t).toLocaleString('en-GB', TICK)));
  }
  series.forEach((s, i) => {
    const d = s.points.map((p, j) => (j ? 'L' : 'M') + X(p[0]).toFixed(1) + ' ' + Y(p[1] || 0).toFixed(1)).join(' ');
    g.append(svg('path', {d, fill: 'none', stroke: COLORS[i % COLORS.length], 'stroke-width': 1.8},
      svg('title', {}, s.name)));
  });
  return h('div', {class: 'card chart', dataset: {chart: title}}, h('h2', {}, title), g,
    h('div', {class: 'legend'}, series.map((s, i) => h('span', {style: {'--c': COLORS[i % COLORS.length]}}, s.name))));
}

export async function metricsView(main, params) {
  const range = RANGES[params.range] ? params.range : '24h';
  const groupBy = ['model', 'provider', 'environment'].includes(params.group_by) ? params.group_by : '';
  const [span, bucket] = RANGES[range];
  const to = new Date();
  const from = new Date(to.getTime() - span);
  const m = await api('/v1/metrics' + query({from: from.toISOString(), to: to.toISOString(), bucket,
    group_by: groupBy || undefined, environment: params.environment}));

  const rangeSelect = h('select',
    {'aria-label': 'Range', onchange: (ev) => go('/metrics', {...params, range: ev.target.value})},
    Object.keys(RANGES).map(r => h('option', {value: r}, 'last ' + r)));
  rangeSelect.value = range;
  const splits = [['', 'no split'], ['model', 'by model'], ['provider', 'by provider'],
    ['environment', 'by environment']];
  const groupSelect = h('select',
    {'aria-label': 'Split by', onchange: (ev) => go('/metrics', {...params, group_by: ev.target.value})},
    splits.map(([v, l]) => h('option', {value: v}, l)));
  groupSelect.value = groupBy;

  const sets = groupBy && m.groups
    ? m.groups.map(g => ({name: g.key, series: g.series}))
    : [{name: 'all', series: m.series}];
  const pts = (series, f) => series.map(p => [Date.parse(p.time), f(p)]);
  const perSet = f => sets.map(s => ({name: s.name, points: pts(s.series, f)}));
  const percentiles = ['latency_p50', 'latency_p95', 'latency_p99']
    .map(k => ({name: k.replace('latency_', ''), points: pts(m.series, p => p[k] || 0)}));
  const whole = v => num(Math.round(v));
  put(main, h('h1', {}, 'Metrics'),
    h('div', {class: 'filters card'}, rangeSelect, groupSelect, totalsLine(m.totals)),
    m.truncated
      ? h('p', {class: 'muted'}, 'More calls than the server aggregates at once: a shorter range shows them all.')
      : null,
    h('div', {class: 'charts'},
      chart('Calls', perSet(p => p.calls), whole),
      chart('Tokens', perSet(p => p.total_tokens), whole),
      chart('Cost', perSet(p => p.cost || 0), v => cost(v)),
      chart('Error rate', perSet(p => p.error_rate * 100), v => v.toFixed(0) + '%'),
      chart('Latency (all calls)', percentiles, v => seconds(v)),
      groupBy
        ? chart('Latency p95 ' + groupSelect.selectedOptions[0].textContent, perSet(p => p.latency_p95 || 0),
          v => seconds(v))
        : null),
    groupBy && m.groups ? groupsTable(groupBy, m.groups) : null);
}

function totalsLine(t) {
  const figure = (value, label) => h('span', {}, h('b', {}, value), label);
  return h('span', {class: 'totals', id: 'metric-totals'},
    figure(num(t.calls), ' calls'), figure(num(t.total_tokens), ' tokens'),
    figure(cost(t.cost) || '$0', ' cost'), figure((t.error_rate * 100).toFixed(1) + '%', ' errors'),
    h('span', {}, 'p50 ', h('b', {}, seconds(t.latency_p50)), ' p95 ', h('b', {}, seconds(t.latency_p95)),
      ' p99 ', h('b', {}, seconds(t.latency_p99))));
}

function groupsTable(groupBy, groups) {
  const columns = [groupBy, 'Calls', 'Tokens', 'Cost', 'Errors', 'p50', 'p95', 'p99'];
  const cell = text => h('td', {class: 'num'}, text);
  return h('table', {id: 'metric-groups'}, h('thead', {}, h('tr', {}, columns.map(c => h('th', {}, c)))),
    h('tbody', {}, groups.map(g => h('tr', {}, h('td', {}, g.key),
      cell(num(g.totals.calls)), cell(num(g.totals.total_tokens)), cell(cost(g.totals.cost)),
      cell((g.totals.error_rate * 100).toFixed(1) + '%'), cell(seconds(g.totals.latency_p50)),
      cell(seconds(g.totals.latency_p95)), cell(seconds(g.totals.latency_p99))))));
}

