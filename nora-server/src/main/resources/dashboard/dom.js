// Building the page. Every text that came from a trace goes in as a text node, never as markup:
// prompts, responses, tool results and metadata are data (STYLE.md, habit 9). There is no
// innerHTML anywhere in the dashboard.

/** An element: h('a', {href: '#/x', class: 'y', onclick: f}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') {
      // Through the CSSOM, which the page's policy allows (style attributes it would not).
      for (const [name, value] of Object.entries(v)) {
        el.style.setProperty(name.replace(/[A-Z]/g, c => '-' + c.toLowerCase()), value);
      }
    }
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** An SVG element, for charts. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/** Appends children to an existing element; null and false are skipped (Element.append would print them). */
export function put(el, ...children) {
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function status(s) {
  return h('span', {class: 'status ' + (s || 'pending')}, s || 'pending');
}

export function seconds(v) {
  if (v === null || v === undefined) return '';
  return v < 1 ? Math.round(v * 1000) + ' ms' : v.toFixed(2) + ' s';
}

export function cost(v) {
  if (v === null || v === undefined) return '';
  return '$' + (v < 0.01 ? v.toFixed(6) : v.toFixed(4));
}

export function num(v) {
  return v === null || v === undefined ? '' : Number(v).toLocaleString('en');
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString('en-GB', {hour12: false});
}

/** A JSON value, formatted, as text. */
export function json(v) {
  if (typeof v === 'string') {
    try { return JSON.stringify(JSON.parse(v), null, 2); } catch (e) { return v; }
  }
  return JSON.stringify(v, null, 2);
}

/** The text of an input or output value: strings as they are, anything else as JSON. */
export function textOf(v) {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}
