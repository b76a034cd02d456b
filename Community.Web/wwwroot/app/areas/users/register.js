// /register — one registration for every client of the province, its cities and counties.
import { post } from '../../api.js';
import { h } from '../../dom.js';
import { busy, field, messageBox, showProblem } from '../../forms.js';
import { onLangChange } from '../../i18n.js';
import { fillRegionSelect, loadRegions } from '../../regions.js';

const USER_NAME = /^[A-Za-z0-9_.-]{3,32}$/;

/** Client-side checks with translated messages; the server checks again and has the last word. */
function validate({ userName, password, displayName, region }) {
  const errors = [];
  const name = userName.control.value.trim();
  if (!name) errors.push([userName, 'validation.required']);
  else if (!USER_NAME.test(name)) errors.push([userName, 'validation.userName']);
  if (!password.control.value) errors.push([password, 'validation.required']);
  else if (password.control.value.length < 8) errors.push([password, 'validation.passwordLength']);
  const display = displayName.control.value.trim();
  if (!display) errors.push([displayName, 'validation.required']);
  else if (display.length > 40) errors.push([displayName, 'validation.displayNameLength']);
  else if (/[<>]/.test(display)) errors.push([displayName, 'validation.plainText']);
  if (!region.control.value) errors.push([region, 'validation.region']);
  return errors;
}

export function render(container, ctx) {
  ctx.app.setTitle('register.title');
  const userName = field({
    name: 'userName', labelKey: 'field.userName', hintKey: 'register.userNameHint', testid: 'reg-username',
    control: h('input', { type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true, maxlength: 32 }),
  });
  const password = field({
    name: 'password', labelKey: 'field.password', hintKey: 'register.passwordHint', testid: 'reg-password',
    control: h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 8, maxlength: 128 }),
  });
  const displayName = field({
    name: 'displayName', labelKey: 'field.displayName', hintKey: 'register.displayNameHint', testid: 'reg-displayname',
    control: h('input', { type: 'text', autocomplete: 'nickname', required: true, maxlength: 40 }),
  });
  const regionSelect = h('select', { required: true });
  regionSelect.append(h('option', { value: '', i18n: 'region.loading' }));
  const region = field({ name: 'region', labelKey: 'field.region', hintKey: 'register.regionHint', testid: 'reg-region', control: regionSelect });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-block', testid: 'reg-submit', i18n: 'register.submit' });
  const box = messageBox('reg-error');
  const fields = [userName, password, displayName, region];

  const form = h('form', { class: 'form', novalidate: true },
    box.element, userName.wrapper, password.wrapper, displayName.wrapper, region.wrapper, submit);

  container.append(h('section', { class: 'auth' },
    h('div', { class: 'auth-card card' },
      h('h1', { i18n: 'register.title' }),
      h('p', { class: 'lead', i18n: 'register.lead' }),
      form,
      h('p', { class: 'auth-switch' },
        h('span', { i18n: 'register.haveAccount' }), ' ',
        h('a', { href: '/signin', i18n: 'register.toSignIn' })))));
  userName.control.focus();

  let regions = null;
  const fill = () => regions && fillRegionSelect(regionSelect, regions);
  loadRegions()
    .then((loaded) => {
      if (ctx.signal.aborted) return;
      regions = loaded;
      fill();
    })
    .catch((error) => {
      if (!ctx.signal.aborted) showProblem(error, { fields, box, titleKey: 'register.regionsFailed' });
    });
  onLangChange(fill, ctx.signal);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    box.clear();
    fields.forEach((f) => f.clearError());
    const problems = validate({ userName, password, displayName, region });
    if (problems.length) {
      for (const [f, key] of problems) f.setError(key, { translated: true });
      problems[0][0].control.focus();
      return;
    }
    const name = userName.control.value.trim();
    await busy(submit, 'register.submitting', async () => {
      try {
        await post('/api/accounts', {
          userName: name,
          password: password.control.value,
          displayName: displayName.control.value.trim(),
          regionCode: region.control.value,
        }, { auth: false });
        ctx.navigate(`/signin?${new URLSearchParams({ userName: name, registered: '1' })}`);
      } catch (error) {
        if (error?.name === 'AbortError') return;
        if (error.status === 409) {
          userName.setError('register.taken', { translated: true });
          box.show('error', 'register.taken', error.problem?.detail);
          userName.control.focus();
        } else {
          showProblem(error, { fields, box, aliases: { regionCode: 'region' } });
        }
      }
    });
  });
}
