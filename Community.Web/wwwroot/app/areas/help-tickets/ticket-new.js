// /help-tickets/new — a citizen files a ticket: its kind (help, complaint, suggestion), category (GET
// /api/tickets/categories, with the chosen one's description), region (the caller's own preselected), title and text;
// optionally where (an address, and the device's position when the citizen shares it) and a phone number; whether it
// may appear in the public column and, there, under the citizen's name. POST /api/tickets with an Idempotency-Key per
// draft (a retry of the same draft files it once); on 201 the ticket's page. Problem details' field errors are shown
// beside their fields. While the citizen writes, the open tickets of the chosen region and category that say the same
// are shown under the text (GET /api/tickets/similar, once the typing pauses), each opening in another tab so the draft
// stays: the problem may already be known and followed there.
import { draftKey, post } from '../../api.js';
import { h, icon, setI18n, setText } from '../../dom.js';
import { busy, errorTitleKey, field, messageBox, showProblem } from '../../forms.js';
import { lang, onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { fillRegionSelect, loadRegions } from '../../regions.js';
import { loadProfile, profileStore } from '../users/profile.js';
import { hintItem, loadHints, similarPath } from './similar-tickets.js';
import { KINDS, detailOf, linked, loadCategories, localName, ticketPage } from './ticket-view.js';

const MAX_TITLE = 100;
const MAX_BODY = 4000;
const MAX_ADDRESS = 200;
const MAX_PHONE = 20;
/** How long the typing pauses before the hints are asked for. */
const HINT_DELAY_MS = 600;

export async function render(container, ctx) {
  const { signal } = ctx;
  ctx.app.setTitle('tickets.new.title');

  const kind = h('select', { required: true });
  const fillKinds = () => {
    const value = kind.value || 'help';
    kind.replaceChildren(...KINDS.map((k) => h('option', { value: k, text: t(`tickets.kind.${k}`) })));
    kind.value = value;
  };
  fillKinds();
  const category = h('select', { required: true }, h('option', { value: '', text: t('tickets.new.categoryLoading') }));
  const region = h('select', { required: true }, h('option', { value: '', text: t('region.loading') }));
  const title = h('input', { type: 'text', maxlength: String(MAX_TITLE), required: true, autocomplete: 'off' });
  const body = h('textarea', { rows: 6, maxlength: String(MAX_BODY), required: true });
  const address = h('input', { type: 'text', maxlength: String(MAX_ADDRESS), autocomplete: 'street-address' });
  const phone = h('input', { type: 'tel', maxlength: String(MAX_PHONE), autocomplete: 'tel', inputmode: 'tel' });

  const kindField = field({ name: 'kind', labelKey: 'tickets.new.kind', control: kind, testid: 'ticket-kind' });
  const categoryField = field({ name: 'category', labelKey: 'tickets.new.category', control: category, testid: 'ticket-category' });
  const categoryHint = h('p', { class: 'field-hint', id: 'ticket-category-description', testid: 'ticket-category-description', hidden: true });
  categoryField.wrapper.insertBefore(categoryHint, categoryField.wrapper.querySelector('.field-error'));
  category.setAttribute('aria-describedby', `ticket-category-description ${category.getAttribute('aria-describedby')}`);
  const regionField = field({ name: 'regionCode', labelKey: 'tickets.new.region', control: region, hintKey: 'tickets.new.regionHint', testid: 'ticket-region' });
  const titleField = field({ name: 'title', labelKey: 'tickets.new.titleLabel', control: title, hintKey: 'tickets.new.titleHint', testid: 'ticket-title' });
  const bodyField = field({ name: 'body', labelKey: 'tickets.new.body', control: body, hintKey: 'tickets.new.bodyHint', testid: 'ticket-body' });
  const addressField = field({ name: 'address', labelKey: 'tickets.new.address', control: address, hintKey: 'tickets.new.addressHint', testid: 'ticket-address' });
  const phoneField = field({ name: 'phone', labelKey: 'tickets.new.phone', control: phone, hintKey: 'tickets.new.phoneHint', testid: 'ticket-phone' });

  // The device's position, only when the citizen asks for it.
  let position = null;
  const locate = h('button', { type: 'button', class: 'button button-small', testid: 'ticket-locate', i18n: 'tickets.new.locate' });
  const located = h('p', { class: 'field-hint', testid: 'ticket-located', role: 'status' });
  const clearLocation = h('button', { type: 'button', class: 'button button-small button-ghost', testid: 'ticket-locate-clear', i18n: 'tickets.new.locateClear', hidden: true });
  const showPosition = () => {
    if (position) setI18n(located, 'tickets.new.located', { lat: position.lat.toFixed(5), lon: position.lon.toFixed(5) });
    else setText(located, '');
    clearLocation.hidden = !position;
  };
  if (!navigator.geolocation) locate.hidden = true;
  locate.addEventListener('click', () => {
    setI18n(located, 'tickets.new.locating');
    navigator.geolocation.getCurrentPosition((found) => {
      if (signal.aborted) return;
      position = { lat: found.coords.latitude, lon: found.coords.longitude };
      showPosition();
    }, () => {
      if (!signal.aborted) setI18n(located, 'tickets.new.locateFailed');
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
  });
  clearLocation.addEventListener('click', () => {
    position = null;
    showPosition();
    locate.focus();
  });

  const publicBox = h('input', { type: 'checkbox', id: 'ticket-public', testid: 'ticket-public', 'aria-describedby': 'ticket-public-hint' });
  const showNameBox = h('input', { type: 'checkbox', id: 'ticket-show-name', testid: 'ticket-show-name', 'aria-describedby': 'ticket-show-name-hint', disabled: true });
  publicBox.addEventListener('change', () => {
    showNameBox.disabled = !publicBox.checked;
    if (!publicBox.checked) showNameBox.checked = false;
  });
  const privacy = h('fieldset', { class: 'ticket-group' },
    h('legend', { i18n: 'tickets.new.privacy' }),
    h('label', { class: 'ticket-check', for: 'ticket-public' }, publicBox, h('span', { i18n: 'tickets.privacy.public' })),
    h('p', { class: 'field-hint', id: 'ticket-public-hint', i18n: 'tickets.privacy.publicHint' }),
    h('label', { class: 'ticket-check', for: 'ticket-show-name' }, showNameBox, h('span', { i18n: 'tickets.privacy.showName' })),
    h('p', { class: 'field-hint', id: 'ticket-show-name-hint', i18n: 'tickets.privacy.showNameHint' }));

  const where = h('fieldset', { class: 'ticket-group' },
    h('legend', { i18n: 'tickets.new.where' }),
    addressField.wrapper,
    h('div', { class: 'ticket-locate' }, locate, clearLocation),
    located,
    phoneField.wrapper);

  // Duplicate hints: hidden until there are some; the count is told politely, the list itself is not read out.
  const hintList = h('ul', { class: 'ticket-list', testid: 'similar-hints', 'aria-labelledby': 'ticket-similar-title' });
  const hintStatus = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', testid: 'similar-hints-status' });
  const hints = h('section', { class: 'ticket-group', testid: 'similar-tickets', 'aria-labelledby': 'ticket-similar-title', hidden: true },
    h('h3', { id: 'ticket-similar-title', i18n: 'tickets.similar.title' }),
    h('p', { class: 'field-hint', i18n: 'tickets.similar.lead' }),
    hintList);

  const box = messageBox('ticket-new-message');
  const submit = h('button', { type: 'submit', class: 'button button-primary', testid: 'ticket-submit', i18n: 'tickets.new.submit' });
  const fields = [kindField, categoryField, regionField, titleField, bodyField, addressField, phoneField];
  const form = h('form', { class: 'card form ticket-form', testid: 'ticket-form', novalidate: true, 'aria-labelledby': 'ticket-new-form-title' },
    h('h2', { id: 'ticket-new-form-title', class: 'visually-hidden', i18n: 'tickets.new.formTitle' }),
    kindField.wrapper, categoryField.wrapper, regionField.wrapper, titleField.wrapper, bodyField.wrapper, hints, hintStatus, where, privacy,
    box.element, h('div', { class: 'form-actions' }, submit));

  container.append(h('div', { class: 'tickets-page ticket-new-page' },
    h('a', { class: 'back-link', href: '/help-tickets' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'tickets.back' })),
    h('h1', { i18n: 'tickets.new.title' }),
    h('p', { class: 'lead', i18n: 'tickets.new.lead' }),
    form));

  // ---- reference data: categories and regions -----------------------------------------------------------------------
  let categories = [];
  let regions = [];
  const fillCategories = () => {
    const value = category.value;
    category.replaceChildren(h('option', { value: '', text: t('tickets.new.categoryChoose') }),
      ...categories.map((c) => h('option', { value: c.code, text: localName(c) })));
    if (categories.some((c) => c.code === value)) category.value = value;
    describeCategory();
  };
  const describeCategory = () => {
    const chosen = categories.find((c) => c.code === category.value);
    // The directory describes its categories in English only: the description is shown with the English page.
    const text = lang() === 'en' ? chosen?.description ?? '' : '';
    setText(categoryHint, text);
    categoryHint.hidden = !text;
  };
  category.addEventListener('change', describeCategory);
  onLangChange(() => {
    fillKinds();
    if (categories.length) fillCategories();
    if (regions.length) fillRegionSelect(region, regions);
    showPosition();
  }, signal);

  const [loadedCategories, loadedRegions, profile] = await Promise.all([
    loadCategories().catch((error) => {
      if (!signal.aborted) box.show('error', 'tickets.new.categoriesFailed', detailOf(error));
      return [];
    }),
    loadRegions().catch(() => []),
    profileStore.get() ?? loadProfile().catch(() => null),
  ]);
  if (signal.aborted) return;
  categories = loadedCategories;
  regions = loadedRegions;
  fillCategories();
  fillRegionSelect(region, regions);
  if (profile?.regionCode && regions.some((r) => r.code === profile.regionCode)) region.value = profile.regionCode;

  // ---- duplicate hints ---------------------------------------------------------------------------------------------
  let hintTimer = 0;
  let hintRequest = null;
  let shownPath = null;
  const showHints = (list) => {
    hintList.replaceChildren(...list.map((hint) => hintItem(hint, { signal, newTab: true })));
    hints.hidden = list.length === 0;
    if (list.length) setI18n(hintStatus, 'tickets.similar.found', { n: list.length });
    else setText(hintStatus, '');
  };
  const askHints = async () => {
    const path = similarPath({ regionCode: region.value, category: category.value, title: title.value, body: body.value });
    if (path === shownPath) return;
    hintRequest?.abort();
    shownPath = path;
    if (!path) {
      showHints([]);
      return;
    }
    hintRequest = new AbortController();
    try {
      showHints(await loadHints(path, linked(signal, hintRequest.signal)));
    } catch {
      // Hints only help: without them the citizen files as before.
      if (!signal.aborted && shownPath === path) shownPath = null;
    }
  };
  const scheduleHints = () => {
    clearTimeout(hintTimer);
    hintTimer = setTimeout(askHints, HINT_DELAY_MS);
  };
  title.addEventListener('input', scheduleHints);
  body.addEventListener('input', scheduleHints);
  region.addEventListener('change', askHints);
  category.addEventListener('change', askHints);
  signal.addEventListener('abort', () => {
    clearTimeout(hintTimer);
    hintRequest?.abort();
  }, { once: true });

  // ---- filing ------------------------------------------------------------------------------------------------------
  const key = draftKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    box.clear();
    fields.forEach((f) => f.clearError());
    const draft = {
      kind: kind.value,
      title: title.value.trim(),
      body: body.value.trim(),
      regionCode: region.value,
      category: category.value,
      public: publicBox.checked,
      showName: publicBox.checked && showNameBox.checked,
    };
    const addressText = address.value.trim();
    if (position) draft.location = { ...position, ...(addressText ? { address: addressText } : {}) };
    const phoneText = phone.value.trim();
    if (phoneText) draft.contact = { phone: phoneText };

    const missing = [[categoryField, draft.category], [regionField, draft.regionCode], [titleField, draft.title], [bodyField, draft.body]]
      .filter(([, value]) => !value).map(([f]) => f);
    missing.forEach((f) => f.setError('validation.required', { translated: true }));
    // The API takes a place as a point with an optional address: an address alone is not sent.
    if (addressText && !position) {
      addressField.setError('tickets.new.addressNeedsPosition', { translated: true });
      missing.push(addressField);
    }
    if (missing.length) {
      box.show('error', 'error.fields');
      missing[0].control.focus();
      return;
    }

    let created;
    try {
      created = await busy(submit, 'tickets.new.submitting', () => post('/api/tickets', draft, { headers: key.for(draft), signal }));
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return;
      if (Object.keys(error?.fieldErrors ?? {}).length) {
        showProblem(error, {
          fields, box,
          aliases: {
            'location.address': 'address', 'location.lat': 'address', 'location.lon': 'address', location: 'address',
            'contact.phone': 'phone', contact: 'phone', region: 'regionCode',
          },
        });
      } else {
        box.show('error', errorTitleKey(error), detailOf(error));
      }
      return;
    }
    key.done();
    if (created?.ticketId) ctx.navigate(ticketPage(created.ticketId));
    else box.show('success', 'tickets.new.filed');
  });
}
