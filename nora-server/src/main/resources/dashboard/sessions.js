// Sessions: the traces that share a session_id, listed, and one session read as a conversation.
import {h, put, clear, status, seconds, cost, num, time, textOf} from '/dom.js';
import {api, query} from '/api.js';
import {go} from '/router.js';

export async function sessionsView(main, params) {
  const body = h('tbody', {});
  const more = h('button', {type: 'button'}, 'Load more');
  const columns = ['Session', 'User', 'Traces', 'First', 'Last', 'Tokens', 'Cost', 'Errors'];
  const header = columns.map((c, i) => h('th', {scope: 'col', class: i === 2 || i > 4 ? 'num' : null}, c));
  put(main, h('h1', {}, 'Sessions'), h('table', {id: 'sessions'}, h('thead', {}, h('tr', {}, header)), body),
  h('div', {class: 'pager'}, more));
  let cursor = null;
  async function load() {
    const page = await api('/v1/sessions' + query({environment: params.environment, limit: 50, cursor}));
    for (const s of page.data) {
      const open = () => go('/session/' + encodeURIComponent(s.session_id));
      body.appendChild(h('tr', {tabindex: 0, onclick: open, onkeydown: (ev) => { if (ev.key === 'Enter') open(); }},
        h('td', {}, s.session_id), h('td', {}, s.user_id || ''), h('td', {class: 'num'}, num(s.traces)),
        h('td', {}, time(s.first_time)), h('td', {}, time(s.last_time)), h('td', {class: 'num'}, num(s.total_tokens)),
        h('td', {class: 'num'}, cost(s.cost)), h('td', {class: 'num'}, num(s.errors))));
    }
    if (!body.firstChild) {
      const empty = 'No sessions yet: give a trace group a session_id.';
      body.appendChild(h('tr', {}, h('td', {colspan: 8, class: 'muted'}, empty)));
    }
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }
  more.addEventListener('click', load);
  await load();
}

export async function sessionView(main, id) {
  const s = await api('/v1/sessions/' + encodeURIComponent(id));
  const traces = [...(s.traces || [])].sort((a, b) => a.start_time < b.start_time ? -1 : 1);
  const tokens = traces.reduce((n, t) => n + ((t.tokens && t.tokens.total_tokens) || 0), 0);
  const message = (role, value) => value !== null && value !== undefined
    ? h('div', {class: 'msg ' + role}, h('div', {class: 'role'}, role), h('pre', {class: 'body'}, textOf(value)))
    : null;
  put(main, h('p', {}, h('a', {href: '#/sessions'}, '\u2190 Sessions')),
    h('h1', {}, 'Session ', s.session_id),
    h('p', {class: 'muted'}, traces.length + ' traces, ' + num(tokens) + ' tokens'),
    h('div', {class: 'conversation', id: 'conversation'}, traces.map(t => h('div', {class: 'turn card'},
      h('div', {}, h('a', {href: '#/trace/' + encodeURIComponent(t.id)}, t.trace_name), ' ', status(t.status),
        h('span', {class: 'muted'}, '  ' + time(t.start_time) + '  ' + seconds(t.latency))),
      message('user', t.input),
      message('assistant', t.output)))));
}
