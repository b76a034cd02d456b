// Form fields with a label, an optional hint and an error slot beside the control, and the display of
// an ApiError: field errors next to their fields, the rest in the form's message box.
import { h, setI18n, setText } from './dom.js';
import { has } from './i18n.js';

let counter = 0;

/**
 * A labelled field. control: the input/select element (gets an id and aria-describedby).
 * testid: the control's data-testid; its error slot gets `${testid}-error`.
 */
export function field({ name, labelKey, control, hintKey, testid }) {
  counter += 1;
  const id = `field-${name}-${counter}`;
  control.id = id;
  control.name = name;
  if (testid) control.setAttribute('data-testid', testid);
  const hint = hintKey ? h('p', { class: 'field-hint', id: `${id}-hint`, i18n: hintKey }) : null;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true, testid: testid ? `${testid}-error` : null });
  control.setAttribute('aria-describedby', [hint?.id, error.id].filter(Boolean).join(' '));
  const wrapper = h('div', { class: 'field' }, h('label', { for: id, i18n: labelKey }), control, hint, error);
  return {
    name,
    wrapper,
    control,
    setError(message, { translated = false } = {}) {
      if (translated) setI18n(error, message);
      else setText(error, message);
      error.hidden = false;
      control.setAttribute('aria-invalid', 'true');
    },
    clearError() {
      setText(error, '');
      error.hidden = true;
      control.removeAttribute('aria-invalid');
    },
  };
}

/** A message box for a form: role=alert for errors, polite status for success. */
export function messageBox(testid) {
  const box = h('div', { class: 'message', hidden: true, testid, 'aria-live': 'polite' });
  const title = h('p', { class: 'message-title' });
  const detail = h('p', { class: 'message-detail' });
  box.append(title, detail);
  return {
    element: box,
    show(kind, titleKey, detailText, vars) {
      box.className = `message message-${kind}`;
      box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
      setI18n(title, titleKey, vars);
      setText(detail, detailText ?? '');
      detail.hidden = !detailText;
      box.hidden = false;
    },
    clear() {
      box.hidden = true;
    },
  };
}

/** The translated headline for an API failure, by status. */
export function errorTitleKey(error) {
  const status = error?.status ?? -1;
  const key = `error.${status}`;
  if (has(key)) return key;
  return status >= 500 ? 'error.5xx' : 'error.generic';
}

/**
 * Shows an ApiError on a form. fields: the field() objects; aliases: API field name → field name
 * (e.g. regionCode → region). Field errors go beside their fields; the rest, or a summary, goes to
 * the message box. Returns true when at least one field error was placed.
 */
export function showProblem(error, { fields, box, aliases = {}, titleKey }) {
  fields.forEach((f) => f.clearError());
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const unplaced = [];
  let firstInvalid = null;
  for (const [apiName, messages] of Object.entries(error?.fieldErrors ?? {})) {
    const name = (aliases[apiName] ?? apiName).toLowerCase();
    const text = (Array.isArray(messages) ? messages : [messages]).join(' ');
    const target = byName.get(name);
    if (target) {
      target.setError(text);
      firstInvalid ??= target.control;
    } else {
      unplaced.push(text);
    }
  }
  const detail = unplaced.length ? unplaced.join(' ') : firstInvalid ? null : error?.problem?.detail ?? error?.message;
  box.show('error', titleKey ?? (firstInvalid ? 'error.fields' : errorTitleKey(error)), detail);
  firstInvalid?.focus();
  return Boolean(firstInvalid);
}

/** Disables a submit button while work runs, with a busy label. */
export async function busy(button, busyKey, work) {
  const key = button.getAttribute('data-i18n');
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  if (busyKey) setI18n(button, busyKey);
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    if (busyKey && key) setI18n(button, key);
  }
}

