// Translations: zh-CN is the default, English can be switched to; the choice is kept in localStorage.
// Static text carries data-i18n="key" (and data-i18n-placeholder / -label / -title / -aria-label) and is
// re-translated by applyI18n(); dynamic parts listen with onLangChange().
// i18n/zh-CN.js and i18n/en.js hold the shell's strings; each area brings its own (app/areas/<name>/strings.js, named
// in areas.js), merged here once at start. A key defined twice is a mistake and is reported in the console.
import { AREAS } from './areas.js';
import zhCN from './i18n/zh-CN.js';
import en from './i18n/en.js';

export const LANGUAGES = ['zh-CN', 'en'];
export const DEFAULT_LANG = 'zh-CN';
const STORAGE_KEY = 'community.lang';
const CHANGE_EVENT = 'community:langchange';
const dictionaries = { 'zh-CN': { ...zhCN }, en: { ...en } };

for (const area of AREAS) {
  for (const language of LANGUAGES) {
    for (const [key, text] of Object.entries(area.strings?.[language] ?? {})) {
      if (key in dictionaries[language]) console.warn(`i18n: ${language} key ${key} of area ${area.name} is defined twice`);
      dictionaries[language][key] = text;
    }
  }
}

let current = readStoredLang();

function readStoredLang() {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(stored) ? stored : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

export function lang() {
  return current;
}

/** The text for key in the current language, with {name} placeholders filled from vars. */
export function t(key, vars) {
  const text = dictionaries[current][key] ?? dictionaries[DEFAULT_LANG][key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (match, name) => (vars[name] ?? match).toString());
}

/** Whether key has a translation (used to show unknown event kinds raw). */
export function has(key) {
  return key in dictionaries[current] || key in dictionaries[DEFAULT_LANG];
}

function varsOf(el) {
  const raw = el.getAttribute('data-i18n-vars');
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

const ATTRIBUTE_BINDINGS = [
  ['data-i18n-placeholder', 'placeholder'],
  ['data-i18n-label', 'label'],
  ['data-i18n-title', 'title'],
  ['data-i18n-aria-label', 'aria-label'],
];

/** Translates root and everything under it that carries data-i18n attributes. */
export function applyI18n(root = document) {
  const scope = root.querySelectorAll ? root : document;
  const withSelf = (selector) => {
    const found = [...scope.querySelectorAll(selector)];
    if (scope.matches?.(selector)) found.unshift(scope);
    return found;
  };
  for (const el of withSelf('[data-i18n]')) {
    el.textContent = t(el.getAttribute('data-i18n'), varsOf(el));
  }
  for (const [data, attribute] of ATTRIBUTE_BINDINGS) {
    for (const el of withSelf(`[${data}]`)) {
      el.setAttribute(attribute, t(el.getAttribute(data), varsOf(el)));
    }
  }
}

export function setLang(next) {
  if (!LANGUAGES.includes(next)) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = next;
  applyI18n(document);
  window.dispatchEvent(new CustomEvent(CHANGE_EVENT, { detail: { lang: next } }));
}

export function toggleLang() {
  setLang(current === 'en' ? 'zh-CN' : 'en');
}

/** Calls fn after every language switch, until signal aborts. */
export function onLangChange(fn, signal) {
  window.addEventListener(CHANGE_EVENT, () => fn(current), { signal });
}

/** A date/time in the current language. */
export function formatTime(value) {
  const date = value instanceof Date ? value : new Date(value);
  return date.toLocaleTimeString(current, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatNumber(value) {
  return Number(value ?? 0).toLocaleString(current);
}

/** When something was written: the time for today, else the date and time, in the current language. */
export function formatDateTime(value) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const now = new Date();
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString(current, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(current, {
      year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
      month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    });
}

/** A date (no time), in the current language. */
export function formatDate(value) {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString(current, { year: 'numeric', month: 'short', day: 'numeric' });
}
