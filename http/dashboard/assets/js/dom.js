/**
 * A tiny DOM builder. Text always goes in as text nodes (never innerHTML), so
 * what customers type can never become markup.
 */
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'open', 'required', 'readOnly', 'multiple']);

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let counter = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A labelled form field: label, control and an optional hint. */
export function field(labelText, control, hint) {
  if (!control.id) control.id = uid('f');
  let hintEl;
  if (hint) {
    hintEl = h('small', { class: 'hint', id: uid('hint') }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
  }
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control, hintEl);
}

export function button(label, onClick, props = {}) {
  return h('button', { type: 'button', class: 'btn', ...props, onclick: onClick }, label);
}

/** Disables a button while `work` runs, so a double click does not send twice. */
export async function busy(btn, work) {
  const wasDisabled = btn.disabled;
  btn.disabled = true;
  btn.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    btn.disabled = wasDisabled;
    btn.removeAttribute('aria-busy');
  }
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Random id that works outside secure contexts too (crypto.randomUUID does not). */
export function randomId(prefix = '') {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** WhatsApp's own markup (*negrito*, _itálico_, ~riscado~) as DOM nodes, never as HTML. */
export function waText(text) {
  const nodes = [];
  const pattern = /([*_~])([^*_~\n]+?)\1/g;
  let last = 0;
  for (const match of String(text).matchAll(pattern)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    const tag = { '*': 'strong', _: 'em', '~': 's' }[match[1]];
    nodes.push(h(tag, null, match[2]));
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}
