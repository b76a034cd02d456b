// /signin — one account signs in from any registered client of the three tiers.
import { post } from '../../api.js';
import { h } from '../../dom.js';
import { busy, field, messageBox, showProblem } from '../../forms.js';
import { onLangChange } from '../../i18n.js';
import { fillClientSelect, loadClients, loadRegions } from '../../regions.js';
import { saveSession } from '../../session.js';

export const DEFAULT_CLIENT = 'chao-news';

function safeNext(next) {
  // Only a path of this app, never another origin.
  return next && /^\/(?![/\\])/.test(next) && !next.includes('\\') ? next : '/';
}

export function render(container, ctx) {
  ctx.app.setTitle('signin.title');
  const userName = field({
    name: 'userName', labelKey: 'field.userName', testid: 'signin-username',
    control: h('input', { type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true, maxlength: 64 }),
  });
  const password = field({
    name: 'password', labelKey: 'field.password', testid: 'signin-password',
    control: h('input', { type: 'password', autocomplete: 'current-password', required: true, maxlength: 128 }),
  });
  const clientSelect = h('select', { required: true });
  clientSelect.append(h('option', { value: DEFAULT_CLIENT, i18n: 'signin.clientLoading' }));
  const client = field({ name: 'clientId', labelKey: 'field.client', hintKey: 'signin.clientHint', testid: 'signin-client', control: clientSelect });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-block', testid: 'signin-submit', i18n: 'signin.submit' });
  const box = messageBox('signin-error');
  const fields = [userName, password, client];

  userName.control.value = ctx.params.get('userName') ?? '';

  const form = h('form', { class: 'form', novalidate: true },
    box.element, userName.wrapper, password.wrapper, client.wrapper, submit);

  container.append(h('section', { class: 'auth' },
    h('div', { class: 'auth-card card' },
      h('h1', { i18n: 'signin.title' }),
      h('p', { class: 'lead', i18n: 'signin.lead' }),
      form,
      h('p', { class: 'auth-switch' },
        h('span', { i18n: 'signin.noAccount' }), ' ',
        h('a', { href: '/register', i18n: 'signin.toRegister' })))));

  if (ctx.params.get('registered')) box.show('success', 'signin.registered');
  else if (ctx.params.get('expired')) box.show('info', 'signin.expired');

  (userName.control.value ? password : userName).control.focus();

  // Clients grouped by tier; chao-news (the province's flagship) unless the user picks another.
  let clients = null;
  let regions = [];
  const fill = () => clients && fillClientSelect(clientSelect, clients, regions);
  Promise.all([loadClients(), loadRegions().catch(() => [])])
    .then(([loadedClients, loadedRegions]) => {
      if (ctx.signal.aborted) return;
      clients = loadedClients;
      regions = loadedRegions;
      const chosen = clientSelect.value;
      fill();
      clientSelect.value = clients.some((c) => c.clientId === chosen) ? chosen : DEFAULT_CLIENT;
    })
    .catch((error) => {
      if (!ctx.signal.aborted) showProblem(error, { fields, box, titleKey: 'signin.clientsFailed' });
    });
  onLangChange(fill, ctx.signal);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fields.forEach((f) => f.clearError());
    box.clear();
    const missing = [userName, password].filter((f) => !f.control.value.trim());
    if (missing.length) {
      missing.forEach((f) => f.setError('validation.required', { translated: true }));
      missing[0].control.focus();
      return;
    }
    const clientId = clientSelect.value || DEFAULT_CLIENT;
    await busy(submit, 'signin.submitting', async () => {
      try {
        const response = await post('/api/sessions', {
          userName: userName.control.value.trim(),
          password: password.control.value,
          clientId,
        }, { auth: false });
        const session = saveSession(response, clientId);
        ctx.app.signedIn(session);
        ctx.navigate(safeNext(ctx.params.get('next')), { replace: true });
      } catch (error) {
        if (error?.name === 'AbortError') return;
        if (error.status === 401) {
          box.show('error', 'signin.badCredentials');
          password.control.select();
        } else if (error.status === 429) {
          if (error.retryAfter) box.show('error', 'signin.rateLimitedFor', null, { seconds: error.retryAfter });
          else box.show('error', 'signin.rateLimited');
        } else {
          showProblem(error, { fields, box });
        }
      }
    });
  });
}
