// One trace: its groups, generations and tools as a tree, each beside its bar on a shared
// timeline; the selected span shown whole; the trace's input, output, metadata and scores.
import {h, put, clear, status, seconds, cost, num, time, json, textOf} from '/dom.js';
import {api} from '/api.js';
import {go} from '/router.js';

function kv(pairs) {
  const dl = h('dl', {class: 'kv'});
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '') continue;
    dl.append(h('dt', {}, k), h('dd', {}, v));
  }
  return dl;
}

/** Whether an API value was given (null and absent are not; 0 and '' are). */
function present(v) {
  return v !== null && v !== undefined;
}

/** An open, collapsible block of text. */
function section(title, id, text) {
  return h('details', {open: true}, h('summary', {}, title), h('pre', {id}, text));
}

function message(m) {
  const role = m.role || 'message';
  const hasContent = m.content !== null && m.content !== undefined && m.content !== '';
  return h('div', {class: 'msg ' + role, dataset: {role}},
    h('div', {class: 'role'}, role, m.name ? ' (' + m.name + ')' : '',
      m.tool_call_id ? ' \u2190 ' + m.tool_call_id : ''),
    hasContent ? h('pre', {class: 'body'}, textOf(m.content)) : null,
    (m.tool_calls || []).map(toolCall));
}

function toolCall(c) {
  return h('div', {class: 'toolcall'},
    h('div', {}, h('b', {}, c.name || '(tool)'), c.id ? h('span', {class: 'muted'}, '  ' + c.id) : ''),
    h('pre', {class: 'args'}, json(c.arguments)));
}

function messages(title, list) {
  if (!list || !list.length) return null;
  return h('section', {}, h('h2', {}, title), (Array.isArray(list) ? list : [list]).map(m =>
    typeof m === 'object' && m !== null && ('role' in m || 'content' in m) ? message(m) : h('pre', {}, textOf(m))));
}

function usage(u) {
  if (!u) return null;
  return kv([['input tokens', num(u.input_tokens)], ['output tokens', num(u.output_tokens)],
    ['total tokens', num(u.total_tokens)], ['cached tokens', num(u.cached_tokens)],
    ['cache creation tokens', num(u.cache_creation_tokens)], ['reasoning tokens', num(u.reasoning_tokens)]]);
}

function errorBox(e) {
  if (!e) return null;
  return h('div', {class: 'card error-text', role: 'alert'}, h('b', {}, e.type || 'error'),
    e.http_status ? ' (HTTP ' + e.http_status + ')' : '', ': ', e.message || '');
}

function spanDetail(s) {
  const out = [h('h2', {}, h('span', {class: 'kind ' + s.type}, s.type), s.name), errorBox(s.error),
    kv([['status', status(s.status)], ['start', time(s.start_time)], ['duration', seconds(s.duration)],
      ['provider', s.provider], ['model', s.request_model || s.model],
      ['response model', s.model !== s.request_model ? s.model : null],
      ['operation', s.operation], ['finish reason', s.finish_reason], ['streamed', s.stream ? 'yes' : null],
      ['time to first token', present(s.time_to_first_token) ? seconds(s.time_to_first_token) : null],
      ['cost', cost(s.cost)], ['response id', s.response_id], ['tool call id', s.tool_call_id]])];
  if (s.usage) out.push(h('h2', {}, 'Usage'), usage(s.usage));
  if (s.parameters && Object.keys(s.parameters).length) {
    out.push(h('h2', {}, 'Parameters'), kv(Object.entries(s.parameters).map(([k, v]) => [k, textOf(v)])));
  }
  if (s.type === 'tool') {
    out.push(h('h2', {}, 'Arguments'), h('pre', {class: 'args'}, json(s.arguments)));
    out.push(h('h2', {}, 'Result'), h('pre', {class: 'result'}, json(s.result)));
  } else {
    out.push(messages('Input', s.input), messages('Output', s.output));
  }
  if (s.tool_calls && s.tool_calls.length) out.push(h('h2', {}, 'Tool calls'), s.tool_calls.map(toolCall));
  if (s.tools && s.tools.length) {
    out.push(h('details', {}, h('summary', {}, s.tools.length + ' tool definitions'), h('pre', {}, json(s.tools))));
  }
  if (s.metadata && Object.keys(s.metadata).length) out.push(h('h2', {}, 'Metadata'), h('pre', {}, json(s.metadata)));
  return out;
}

/**
 * The spans as a tree (children under their parent, in start order). A framework's own spans (a
 * client's HTTP request under a call, an advisor chain) are left out unless asked for: their
 * children hang from the nearest span shown.
 */
function tree(spans, showFramework) {
  const byParent = new Map();
  const byId = new Map(spans.map(s => [s.id, s]));
  const hidden = (s) => !showFramework && s.framework === true;
  for (const s of spans) {
    if (hidden(s)) continue;
    let p = s.parent_id && byId.has(s.parent_id) ? s.parent_id : null;
    for (let hops = 0; p && hidden(byId.get(p)) && hops < spans.length; hops++) {
      const up = byId.get(p).parent_id;
      p = up && byId.has(up) ? up : null;
    }
    if (!byParent.has(p)) byParent.set(p, []);
    byParent.get(p).push(s);
  }
  for (const list of byParent.values()) list.sort((a, b) => a.start_time < b.start_time ? -1 : 1);
  return byParent;
}

function scoresSection(trace, reload) {
  const list = h('ul', {id: 'scores'}, (trace.scores || []).map(sc => h('li', {},
    h('b', {}, sc.name), ': ', sc.value !== undefined && sc.value !== null ? String(sc.value) : '',
    sc.comment ? h('span', {class: 'muted'}, ' \u2014 ' + sc.comment) : '')));
  const name = h('input', {name: 'name', required: true, placeholder: 'helpfulness', 'aria-label': 'Score name'});
  const value = h('input', {name: 'value', required: true, placeholder: '0.9 or good', 'aria-label': 'Score value'});
  const comment = h('input', {name: 'comment', placeholder: 'comment', 'aria-label': 'Comment'});
  const error = h('span', {class: 'error-text', role: 'alert'});
  const form = h('form', {class: 'filters', onsubmit: async (ev) => {
    ev.preventDefault();
    const raw = value.value.trim();
    // true/false and numbers as such, anything else as a category.
    const v = raw === 'true' || raw === 'false' ? raw === 'true'
      : raw !== '' && !isNaN(Number(raw)) ? Number(raw) : raw;
    const score = {trace_id: trace.id, name: name.value.trim(), value: v,
      comment: comment.value.trim() || undefined, source: 'dashboard'};
    try {
      await api('/v1/scores', {method: 'POST', body: score});
      await reload();
    } catch (e) {
      error.textContent = e.message;
    }
  }}, name, value, comment, h('button', {class: 'primary', type: 'submit'}, 'Add score'), error);
  return h('section', {class: 'card'}, h('h2', {}, 'Scores'), list, form);
}

/** Whether the trace view shows framework spans; kept while the dashboard is open. */
let showFramework = false;

export async function traceView(main, id) {
  const trace = await api('/v1/traces/' + encodeURIComponent(id));
  const spans = trace.spans || [];
  const start = Math.min(...spans.map(s => Date.parse(s.start_time)), Date.parse(trace.start_time || trace.created_at));
  const end = Math.max(...spans.map(s => Date.parse(s.end_time || s.start_time)), start + 1);
  const byParent = tree(spans, showFramework);
  const frameworkCount = spans.filter(s => s.framework === true).length;
  const frameworkToggle = frameworkCount ? h('label', {class: 'muted small'}, h('input', {type: 'checkbox',
    id: 'show-framework', checked: showFramework, onchange: async () => {
      showFramework = !showFramework;
      clear(main);
      await traceView(main, id);
    }}), ' show ' + frameworkCount + ' framework span' + (frameworkCount === 1 ? '' : 's')) : null;
  const detail = h('div', {class: 'card', id: 'span-detail', 'aria-live': 'polite'});
  const nodes = [];
  let selected = null;

  function select(s, node) {
    if (selected) selected.classList.remove('selected');
    selected = node;
    node.classList.add('selected');
    put(clear(detail), spanDetail(s));
  }
  function branch(parent) {
    const children = byParent.get(parent) || [];
    if (!children.length) return null;
    const root = parent === null;
    return h('ul', {role: root ? 'tree' : 'group', class: root ? 'tree' : null}, children.map(s => {
      const spanStart = Date.parse(s.start_time);
      const left = ((spanStart - start) / (end - start)) * 100;
      const width = Math.max(0.3, ((Date.parse(s.end_time || s.start_time) - spanStart) / (end - start)) * 100);
      const node = h('div', {class: 'node', tabindex: 0, role: 'treeitem', dataset: {span: s.id, type: s.type},
        title: s.name + ' \u2014 ' + seconds(s.duration)},
      h('span', {class: 'label'}, h('span', {class: 'kind ' + s.type}, s.type), s.name,
        s.status === 'error' ? h('span', {class: 'error-text'}, ' \u2716') : ''),
      h('div', {class: 'bar-track'}, h('div', {class: 'bar ' + s.type + (s.status === 'error' ? ' error' : ''),
        style: {left: left + '%', width: Math.min(width, 100 - left) + '%'}})));
      node.addEventListener('click', () => select(s, node));
      node.addEventListener('keydown', (ev) => {
        const i = nodes.indexOf(node);
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(s, node); }
        if (ev.key === 'ArrowDown' && nodes[i + 1]) { ev.preventDefault(); nodes[i + 1].focus(); }
        if (ev.key === 'ArrowUp' && nodes[i - 1]) { ev.preventDefault(); nodes[i - 1].focus(); }
      });
      nodes.push(node);
      return h('li', {}, node, branch(s.id));
    }));
  }

  const tokens = trace.tokens || {};
  put(main, 
    h('p', {}, h('a', {href: '#/traces'}, '\u2190 Traces')),
    h('h1', {}, trace.trace_name, ' ', status(trace.status)),
    errorBox(trace.error),
    h('div', {class: 'card'}, kv([['started', time(trace.start_time)], ['latency', seconds(trace.latency)],
      ['calls', num(trace.calls)],
      ['tokens', num(tokens.total_tokens)
        + ' (' + num(tokens.prompt_tokens) + ' in, ' + num(tokens.completion_tokens) + ' out)'],
      ['cost', cost(trace.cost)], ['environment', trace.environment], ['user', trace.user_id],
      ['session', trace.session_id
        ? h('a', {href: '#/session/' + encodeURIComponent(trace.session_id)}, trace.session_id) : null],
      ['id', trace.id]]),
    trace.metadata && Object.keys(trace.metadata).length
      ? section('Metadata', 'trace-metadata', json(trace.metadata)) : null,
    present(trace.input) ? section('Input', 'trace-input', textOf(trace.input)) : null,
    present(trace.output) ? section('Output', 'trace-output', textOf(trace.output)) : null),
    h('div', {class: 'trace-layout'},
      h('div', {class: 'card'}, h('h2', {}, 'Spans and timeline (' + seconds((end - start) / 1000) + ')'),
        frameworkToggle, branch(null) || h('p', {class: 'muted'}, 'No spans yet.')),
      detail),
    scoresSection(trace, async () => { clear(main); await traceView(main, id); }));
  const first = nodes.find(n => n.dataset.type === 'generation') || nodes[0];
  if (first) first.click();
}
