// The profile card: GET /api/me shown, and (editable) a form for display name and region via PATCH /api/me.
// It follows profileStore, so live profileUpdated events show up here without a reload.
import { patch } from '../../api.js';
import { h } from '../../dom.js';
import { busy, field, messageBox, showProblem } from '../../forms.js';
import { formatNumber, has, onLangChange, t } from '../../i18n.js';
import { loadProfile, profileError, profileStore } from './profile.js';
import { byCode, fillRegionSelect, loadRegions, regionName } from '../../regions.js';

export function roleLabel(role) {
  return has(`role.${role}`) ? t(`role.${role}`) : String(role);
}

/** "湖州市 · 德清县": the region under its city (the province alone for the province). */
export function regionPath(code, regionsByCode) {
  const region = regionsByCode.get(code);
  if (!region) return code ?? '';
  const parent = region.tier === 'county' ? regionsByCode.get(region.parentCode) : null;
  return parent ? `${regionName(parent)} · ${regionName(region)}` : regionName(region);
}

export function initial(name) {
  return name ? Array.from(name.trim())[0] ?? '' : '';
}

export function profileCard(ctx, { editable = false } = {}) {
  const view = h('div', { class: 'profile-view' });
  const root = h('section', { class: 'card profile-card', 'aria-labelledby': 'profile-title' },
    h('h2', { id: 'profile-title', i18n: 'profile.title' }), view);
  let regions = [];
  let regionsByCode = new Map();

  function renderView() {
    const profile = profileStore.get();
    const error = profileError.get();
    view.replaceChildren();
    if (!profile) {
      if (error) {
        view.append(h('p', { class: 'message message-error', role: 'alert', i18n: 'profile.loadFailed' }),
          h('button', { type: 'button', class: 'button button-small', i18n: 'action.retry', onClick: () => loadProfile().catch(() => {}) }));
      } else {
        view.append(h('p', { class: 'muted', i18n: 'app.loading' }));
      }
      return;
    }
    const roles = (profile.roles ?? []).map((role) => h('span', { class: `chip chip-${role}`, text: roleLabel(role) }));
    view.append(
      h('div', { class: 'profile-head' },
        h('span', { class: 'avatar avatar-large', 'aria-hidden': 'true', text: initial(profile.displayName) }),
        h('div', { class: 'profile-names' },
          h('p', { class: 'profile-name', testid: 'profile-displayname', text: profile.displayName }),
          h('p', { class: 'muted', testid: 'profile-username', text: `@${profile.userName}` }))),
      h('dl', { class: 'facts' },
        h('div', {}, h('dt', { i18n: 'profile.region' }), h('dd', { testid: 'profile-region-name', title: profile.regionCode, text: regionPath(profile.regionCode, regionsByCode) })),
        h('div', {}, h('dt', { i18n: 'profile.roles' }), h('dd', { class: 'chips', testid: 'profile-roles' }, roles)),
        h('div', {}, h('dt', { i18n: 'profile.points' }), h('dd', { testid: 'profile-points', text: formatNumber(profile.points) })),
        h('div', {}, h('dt', { i18n: 'profile.userId' }), h('dd', { class: 'mono', testid: 'profile-userid', text: profile.userId }))));
  }

  profileStore.subscribe(renderView, ctx.signal);
  profileError.subscribe(renderView, ctx.signal);
  onLangChange(renderView, ctx.signal);

  const editor = editable ? profileEditor(ctx, () => regions) : null;
  if (editor) root.append(editor.element);

  loadRegions()
    .then((loaded) => {
      if (ctx.signal.aborted) return;
      regions = loaded;
      regionsByCode = byCode(loaded);
      renderView();
      editor?.regionsLoaded();
    })
    .catch(() => {});

  return root;
}

function profileEditor(ctx, getRegions) {
  const nameInput = h('input', { type: 'text', autocomplete: 'nickname', maxlength: 40, required: true });
  const displayName = field({ name: 'displayName', labelKey: 'field.displayName', testid: 'profile-displayname-input', control: nameInput });
  const regionSelect = h('select', {});
  regionSelect.append(h('option', { value: '', i18n: 'region.loading' }));
  const region = field({ name: 'region', labelKey: 'field.region', testid: 'profile-region', control: regionSelect });
  const save = h('button', { type: 'submit', class: 'button button-primary', testid: 'profile-save', i18n: 'profile.save' });
  const box = messageBox('profile-status');
  const fields = [displayName, region];
  const form = h('form', { class: 'form profile-form', novalidate: true },
    h('h3', { i18n: 'profile.edit' }), displayName.wrapper, region.wrapper, h('div', { class: 'form-actions' }, save), box.element);

  // What the form last showed from the server: a field the user has not touched follows live changes.
  let synced = { displayName: null, regionCode: null };
  function sync(profile) {
    if (!profile) return;
    if (nameInput.value === (synced.displayName ?? '') || synced.displayName === null) nameInput.value = profile.displayName ?? '';
    if (regionSelect.value === (synced.regionCode ?? '') || synced.regionCode === null) regionSelect.value = profile.regionCode ?? '';
    synced = { displayName: profile.displayName, regionCode: profile.regionCode };
  }
  profileStore.subscribe(sync, ctx.signal);

  function fillRegions() {
    const regions = getRegions();
    if (!regions.length) return;
    fillRegionSelect(regionSelect, regions);
    if (!regionSelect.value && synced.regionCode) regionSelect.value = synced.regionCode;
  }
  onLangChange(fillRegions, ctx.signal);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    box.clear();
    fields.forEach((f) => f.clearError());
    const profile = profileStore.get();
    if (!profile) return;
    const name = nameInput.value.trim();
    if (!name) return displayName.setError('validation.required', { translated: true });
    if (name.length > 40) return displayName.setError('validation.displayNameLength', { translated: true });
    if (/[<>]/.test(name)) return displayName.setError('validation.plainText', { translated: true });
    const body = {};
    if (name !== profile.displayName) body.displayName = name;
    if (regionSelect.value && regionSelect.value !== profile.regionCode) body.regionCode = regionSelect.value;
    if (!Object.keys(body).length) {
      box.show('info', 'profile.noChanges');
      return;
    }
    await busy(save, 'profile.saving', async () => {
      try {
        const updated = await patch('/api/me', body);
        synced = { displayName: null, regionCode: null };
        profileStore.set({ ...profile, ...updated });
        box.show('success', 'profile.saved');
      } catch (error) {
        if (error?.name !== 'AbortError') showProblem(error, { fields, box, aliases: { regionCode: 'region' } });
      }
    });
  });

  return {
    element: form,
    regionsLoaded() {
      fillRegions();
      regionSelect.value = profileStore.get()?.regionCode ?? regionSelect.value;
    },
  };
}

