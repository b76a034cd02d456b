// DOM building without HTML strings: user text only ever goes through textContent and attributes.
import { t } from './i18n.js';

const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'required', 'readOnly', 'multiple']);

/**
 * Creates an element. props: class, text, i18n (data-i18n key, translated now), i18nVars, testid,
 * dataset, on<Event> handlers, DOM properties (value, disabled, ...) and plain attributes.
 * Children: nodes, strings (as text), arrays, null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  let i18nKey = null;
  let i18nVars;
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'i18n') i18nKey = value;
    else if (key === 'i18nVars') i18nVars = value;
    else if (key === 'testid') el.setAttribute('data-testid', value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (/^on[A-Z]/.test(key) && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  if (i18nKey) setI18n(el, i18nKey, i18nVars);
  append(el, children);
  return el;
}

/** Sets the translated text of el and keeps it translated across language switches. */
export function setI18n(el, key, vars) {
  el.setAttribute('data-i18n', key);
  if (vars) el.setAttribute('data-i18n-vars', JSON.stringify(vars));
  else el.removeAttribute('data-i18n-vars');
  el.textContent = t(key, vars);
  return el;
}

/** Plain text that must not be re-translated. */
export function setText(el, text) {
  el.removeAttribute('data-i18n');
  el.removeAttribute('data-i18n-vars');
  el.textContent = text ?? '';
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A small line icon from path data (constants in icons.js, never user input). */
export function icon(paths, { size = 24, className = 'icon' } = {}) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', className);
  for (const d of paths) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
