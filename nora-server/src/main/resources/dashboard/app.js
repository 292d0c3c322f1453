// Nora's dashboard: a page per view, chosen by the address (#/traces?status=error...), so that
// every view and filter can be shared as a link. Views read the same JSON API as any client.
import {h, clear} from '/dom.js';
import {api, state, ApiError} from '/api.js';
import {route, address, go} from '/router.js';
import {tracesView} from '/traces.js';
import {traceView} from '/trace.js';
import {sessionsView, sessionView} from '/sessions.js';
import {metricsView} from '/metrics.js';

const main = document.getElementById('main');
const top = document.getElementById('top');
let dispose = () => {};

async function render() {
  dispose();
  dispose = () => {};
  if (!state.me) return;
  const {parts, params} = route();
  const view = parts[0] || 'traces';
  for (const a of document.querySelectorAll('header nav a')) a.href = address('/' + a.dataset.view);
  // A trace is under Traces, a session under Sessions.
  const section = view === 'trace' ? 'traces' : view === 'session' ? 'sessions' : view;
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', a.dataset.view === section);
  document.getElementById('environment').value = params.environment || '';
  clear(main);
  try {
    if (view === 'trace' && parts[1]) dispose = await traceView(main, parts[1], params) || dispose;
    else if (view === 'sessions') dispose = await sessionsView(main, params) || dispose;
    else if (view === 'session' && parts[1]) dispose = await sessionView(main, parts[1], params) || dispose;
    else if (view === 'metrics') dispose = await metricsView(main, params) || dispose;
    else dispose = await tracesView(main, params) || dispose;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    clear(main).appendChild(
      h('div', {class: 'card error-text', role: 'alert'}, 'Could not load this page: ' + e.message));
  }
}

function showLogin(message) {
  state.me = null;
  top.hidden = true;
  dispose();
  clear(main);
  const key = h('input',
    {type: 'password', id: 'api-key', name: 'api_key', autocomplete: 'off', placeholder: 'nora_...'});
  const password = h('input',
    {type: 'password', id: 'admin-password', name: 'password', autocomplete: 'current-password'});
  const error = h('p', {class: 'error-text', role: 'alert'}, message || '');
  const form = h('form', {onsubmit: async (ev) => {
    ev.preventDefault();
    const body = key.value.trim() ? {api_key: key.value.trim()} : {password: password.value};
    try {
      await api('/ui/login', {method: 'POST', body, signInOnFail: false});
      await start();
    } catch (e) {
      error.textContent = e.message;
    }
  }},
  h('label', {for: 'api-key'}, 'API key of a project'), key,
  h('label', {for: 'admin-password'}, 'or the administrator password'), password,
  h('button', {class: 'primary', type: 'submit'}, 'Sign in'), error);
  main.appendChild(h('div', {class: 'login card'}, h('h1', {}, 'Sign in to Nora'), form));
  key.focus();
}

async function environments() {
  try {
    return (await api('/v1/environments')).data;
  } catch (e) {
    return [];
  }
}

async function start() {
  try {
    state.me = await api('/ui/me', {signInOnFail: false});
  } catch (e) {
    showLogin();
    return;
  }
  const projects = state.me.projects.map(p => p.id);
  if (route().params.project) state.project = route().params.project;
  if (!projects.includes(state.project)) state.project = projects[0] || 'default';
  const projectSelect = clear(document.getElementById('project'));
  for (const p of state.me.projects) projectSelect.appendChild(h('option', {value: p.id}, p.name || p.id));
  projectSelect.value = state.project;
  projectSelect.disabled = !state.me.admin;
  const envSelect = document.getElementById('environment');
  clear(envSelect).appendChild(h('option', {value: ''}, 'all'));
  for (const e of await environments()) envSelect.appendChild(h('option', {value: e}, e));
  top.hidden = false;
  await render();
}

document.getElementById('project').addEventListener('change', (ev) => {
  state.project = ev.target.value;
  localStorage.setItem('nora.project', state.project);
  const project = state.project !== 'default' ? '?project=' + encodeURIComponent(state.project) : '';
  history.replaceState(null, '', '#/traces' + project);
  start();
});
document.getElementById('environment').addEventListener('change', (ev) => {
  const {parts, params} = route();
  go('/' + (parts.length ? parts.join('/') : 'traces'), {...params, environment: ev.target.value});
});
document.getElementById('logout').addEventListener('click', async () => {
  await api('/ui/logout', {method: 'POST', signInOnFail: false}).catch(() => {});
  showLogin('Signed out.');
});
window.addEventListener('hashchange', render);
window.addEventListener('nora:signed-out', () => showLogin('Your session ended; sign in again.'));
start();
