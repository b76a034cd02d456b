// /creators — the creator studio (Chaominghao). For a user who staffs creator accounts (GET /api/me/creators): a
// picker of those accounts and, for the chosen one, its verification status (with the moderator's reason), its works
// (drafts, published, withdrawn) with publish / correct / withdraw, links to write a work, the alliance pool, the
// account's dashboard and the public page, and its staff (the owner adds by user name and removes). The chosen
// account's live stream (`creator:{id}`) refreshes the works and the status, announced in a polite live region. A user
// who staffs none gets the form to register an account, which stays pending until a moderator verifies it.
import { del, draftKey, get, post as postJson } from '../../api.js';
import { h, icon, setI18n, setText } from '../../dom.js';
import { busy, errorTitleKey, field, messageBox, showProblem } from '../../forms.js';
import { formatNumber, onLangChange, t } from '../../i18n.js';
import { byCode, fillRegionSelect, loadRegions, regionName } from '../../regions.js';
import { followCreator } from './creator-live.js';
import {
  ORG_TYPES, actionKey, creatorPage, creatorPath, detailOf, kindChip, sleep, statusChip, tierChips, timeElement,
  workPage, workPath,
} from './work-view.js';

const PAGE_SIZE = 20;
const REFRESH_KINDS = new Set(['workPublished', 'workCorrected', 'workWithdrawn', 'workReprinted', 'reprintUpdated',
  'verificationDecided', 'workCreated', 'workRevised']);
const NEW_ACCOUNT_TRIES = 25;
const NEW_ACCOUNT_WAIT_MS = 200;

export async function render(container, ctx) {
  const { signal } = ctx;
  ctx.app.setTitle('studio.title');
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', testid: 'studio-live' });
  const flash = messageBox('studio-message');
  const body = h('div', { class: 'studio', testid: 'studio' }, h('p', { class: 'muted', i18n: 'app.loading' }));
  container.append(
    h('header', { class: 'area-header' },
      h('span', { class: 'area-icon' }, icon(ctx.area.nav.icon)),
      h('div', {},
        h('h1', { i18n: 'studio.title' }),
        h('p', { class: 'lead', i18n: 'studio.lead' }))),
    flash.element, live, body);

  const done = ctx.params.get('done');
  if (done && ['published', 'saved', 'corrected'].includes(done)) flash.show('success', `studio.done.${done}`);

  let accounts;
  let regions = [];
  try {
    [accounts, regions] = await Promise.all([get('/api/me/creators', { signal }), loadRegions().catch(() => [])]);
  } catch (error) {
    if (signal.aborted || error?.name === 'AbortError') return;
    body.replaceChildren(h('div', { class: 'message message-error', role: 'alert' },
      h('p', { class: 'message-title', i18n: 'studio.loadFailed' }),
      h('p', { class: 'message-detail', text: detailOf(error) })));
    return;
  }
  if (signal.aborted) return;
  const regionsByCode = byCode(regions);
  if (!Array.isArray(accounts) || accounts.length === 0) {
    body.replaceChildren(registerForm(regions, ctx));
    return;
  }
  renderStudio(body, accounts, regionsByCode, live, ctx);
}

// ---- the studio of one chosen account ---------------------------------------------------------------------------------
function renderStudio(body, accounts, regionsByCode, live, ctx) {
  const { signal } = ctx;
  const wanted = ctx.params.get('creator');
  let chosen = accounts.find((a) => a.creatorId === wanted) ?? accounts[0];

  const picker = h('select', {}, accounts.map((account) => h('option', { value: account.creatorId, text: account.name })));
  picker.value = chosen.creatorId;
  const pickerField = field({ name: 'creator', labelKey: 'studio.account', control: picker, testid: 'studio-creator-select' });
  const slot = h('div', { class: 'studio-account' });
  body.replaceChildren(h('div', { class: 'studio-picker' }, pickerField.wrapper), slot);

  let accountController = null;
  const show = () => {
    accountController?.abort();
    accountController = new AbortController();
    const scoped = linked(signal, accountController.signal);
    renderAccount(slot, chosen, regionsByCode, live, { ...ctx, signal: scoped });
  };
  picker.addEventListener('change', () => {
    chosen = accounts.find((a) => a.creatorId === picker.value) ?? chosen;
    const query = new URLSearchParams({ creator: chosen.creatorId });
    window.history.replaceState(null, '', `/creators?${query}`);
    show();
  });
  signal.addEventListener('abort', () => accountController?.abort(), { once: true });
  show();
}

function renderAccount(slot, initial, regionsByCode, live, ctx) {
  const { signal } = ctx;
  let creator = initial;
  const id = creator.creatorId;
  const base = creatorPath(id);

  // ---- the account card: name, status, reason, facts, links ------------------------------------------------------
  const name = h('h2', { class: 'studio-name', testid: 'studio-name' });
  const status = h('span', { class: 'chip creator-status', testid: 'creator-status' });
  const reason = h('p', { class: 'creator-reason', testid: 'creator-reason', hidden: true });
  const pendingHint = h('p', { class: 'muted', testid: 'creator-pending-hint', i18n: 'studio.pendingHint', hidden: true });
  const facts = h('p', { class: 'creator-facts' });
  const links = h('nav', { class: 'studio-links', 'aria-label': t('studio.links'), 'data-i18n-aria-label': 'studio.links' },
    h('a', { class: 'button button-primary', href: `/creators/${encodeURIComponent(id)}/write`, testid: 'studio-write', i18n: 'studio.write' }),
    h('a', { class: 'button', href: `/creators/${encodeURIComponent(id)}/pool`, testid: 'studio-pool', i18n: 'studio.pool' }),
    h('a', { class: 'button', href: `/creators/${encodeURIComponent(id)}/dashboard`, testid: 'studio-dashboard', i18n: 'dashboard.link' }),
    h('a', { class: 'button', href: creatorPage(id), testid: 'studio-public-page', i18n: 'studio.publicPage' }));
  const card = h('section', { class: 'card studio-card', 'aria-labelledby': 'studio-name' },
    h('div', { class: 'studio-card-head' }, name, status), reason, pendingHint, facts, links);
  name.id = 'studio-name';

  // ---- works ---------------------------------------------------------------------------------------------------------
  const worksBox = messageBox('studio-works-message');
  const worksList = h('ul', { class: 'studio-works', testid: 'studio-works' });
  const worksEmpty = h('p', { class: 'muted', testid: 'studio-works-empty', i18n: 'studio.noWorks', hidden: true });
  const moreButton = h('button', { type: 'button', class: 'button button-block', testid: 'studio-works-more', i18n: 'list.more', hidden: true });
  const works = h('section', { class: 'card studio-section', 'aria-labelledby': 'studio-works-title' },
    h('h2', { id: 'studio-works-title', i18n: 'studio.works' }), worksBox.element, worksList, worksEmpty, moreButton);

  // ---- staff ---------------------------------------------------------------------------------------------------------
  const staffSection = h('section', { class: 'card studio-section', 'aria-labelledby': 'studio-staff-title' },
    h('h2', { id: 'studio-staff-title', i18n: 'staff.title' }));
  const staffList = h('ul', { class: 'staff-list', testid: 'staff-list' });
  const staffBox = messageBox('staff-message');
  staffSection.append(staffList, staffBox.element);

  slot.replaceChildren(card, works, staffSection);

  function renderCard() {
    setText(name, creator.name);
    const known = ['pending', 'verified', 'rejected'].includes(creator.status) ? creator.status : 'pending';
    status.className = `chip creator-status creator-status-${known}`;
    status.dataset.status = known;
    setI18n(status, `creator.status.${known}`);
    const why = creator.verificationReason;
    reason.hidden = !why || known === 'pending';
    if (why) setI18n(reason, known === 'rejected' ? 'studio.rejectedReason' : 'studio.reason', { reason: why });
    pendingHint.hidden = known !== 'pending';
    const region = regionsByCode.get(creator.regionCode);
    setText(facts, [
      t(`creator.org.${ORG_TYPES.includes(creator.orgType) ? creator.orgType : 'individual'}`),
      region ? regionName(region) : creator.regionCode,
      t('creator.followers', { n: formatNumber(creator.followers) }),
      t('creator.worksCount', { n: formatNumber(creator.works) }),
    ].filter(Boolean).join(' · '));
  }
  renderCard();
  onLangChange(renderCard, signal);

  // Local status changes stand until the list (a read model, a moment behind) says the same.
  const overrides = new Map(); // workId → status
  let items = [];
  let next = null;

  async function loadWorks({ append = false } = {}) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (append && next) query.set('after', next);
    try {
      const page = await get(`${base}/works?${query}`, { signal });
      if (signal.aborted) return;
      const fresh = Array.isArray(page?.items) ? page.items : [];
      items = append ? [...items, ...fresh.filter((w) => !items.some((o) => o.workId === w.workId))] : fresh;
      next = page?.next ?? null;
      renderWorks();
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return;
      worksBox.show('error', 'studio.worksFailed', detailOf(error));
    }
  }

  function renderWorks() {
    for (const work of items) {
      if (overrides.get(work.workId) === work.status) overrides.delete(work.workId);
    }
    worksList.replaceChildren(...items.map((work) => workRow({ ...work, status: overrides.get(work.workId) ?? work.status })));
    worksEmpty.hidden = items.length > 0;
    moreButton.hidden = !next;
  }

  moreButton.addEventListener('click', () => busy(moreButton, 'list.loading', () => loadWorks({ append: true })));

  function workRow(work) {
    const error = h('p', { class: 'field-error', role: 'alert', testid: 'work-error', hidden: true });
    const fail = (e) => {
      error.replaceChildren(h('span', { i18n: errorTitleKey(e) }), e?.problem?.detail ? ` ${e.problem.detail}` : '');
      error.hidden = false;
    };
    const actions = [];
    const titleId = `work-title-${work.workId}`;
    if (work.status === 'draft') {
      actions.push(h('a', { class: 'button button-small', href: `${workPage(work.workId)}/edit`, testid: 'work-edit', i18n: 'studio.edit',
        'aria-describedby': titleId }));
      const publish = h('button', { type: 'button', class: 'button button-primary button-small', testid: 'work-publish', i18n: 'studio.publish',
        'aria-describedby': titleId });
      publish.addEventListener('click', async () => {
        error.hidden = true;
        try {
          await busy(publish, 'studio.publishing', () => postJson(`${workPath(work.workId)}/publication`, undefined, { headers: actionKey(), signal }));
        } catch (e) {
          if (!signal.aborted) fail(e);
          return;
        }
        changed(work.workId, 'published', 'studio.announce.workPublished');
      });
      actions.push(publish);
    } else if (work.status === 'published') {
      if (!work.reprintOf) {
        actions.push(h('a', { class: 'button button-small', href: `${workPage(work.workId)}/edit`, testid: 'work-correct', i18n: 'studio.correct',
          'aria-describedby': titleId }));
      }
      actions.push(withdrawControl(work, titleId, fail, error));
    }
    const when = work.publishedAt ?? work.updatedAt ?? work.createdAt;
    const title = work.status === 'published' || work.status === 'withdrawn'
      ? h('a', { href: workPage(work.workId), testid: 'work-link', text: work.title || t('work.untitled') })
      : h('span', { text: work.title || t('work.untitled') });
    return h('li', { class: 'studio-work', testid: 'work-item', dataset: { workId: work.workId, status: work.status } },
      h('div', { class: 'studio-work-head' }, statusChip(work.status), kindChip(work.kind), tierChips(work.targetTiers)),
      h('h3', { class: 'studio-work-title', id: titleId }, title),
      h('p', { class: 'studio-work-meta' },
        when ? timeElement(when, signal) : null,
        work.reprintOf ? h('span', { i18n: 'studio.reprintOf', i18nVars: { creator: work.reprintOf.creatorName ?? '' } }) : null,
        Number(work.reprintCount) > 0 ? h('span', { text: t('work.reprintCount', { n: formatNumber(work.reprintCount) }) }) : null,
        Number(work.version) > 1 ? h('span', { text: t('studio.version', { n: work.version }) }) : null),
      actions.length ? h('div', { class: 'studio-work-actions' }, actions) : null,
      error);
  }

  function withdrawControl(work, titleId, fail, error) {
    const open = h('button', { type: 'button', class: 'button button-small', testid: 'work-withdraw', i18n: 'studio.withdraw',
      'aria-describedby': titleId, 'aria-expanded': 'false' });
    const reasonInput = h('input', { type: 'text', maxlength: '1000', autocomplete: 'off', required: true });
    const reasonField = field({ name: 'reason', labelKey: 'studio.withdrawReason', control: reasonInput, testid: 'work-withdraw-reason' });
    const confirm = h('button', { type: 'submit', class: 'button button-small button-danger', testid: 'work-withdraw-confirm', i18n: 'studio.withdrawConfirm' });
    const cancel = h('button', { type: 'button', class: 'button button-small button-ghost', i18n: 'studio.cancel' });
    const form = h('form', { class: 'withdraw-form', novalidate: true, hidden: true },
      reasonField.wrapper, h('div', { class: 'form-actions' }, confirm, cancel));
    open.addEventListener('click', () => {
      form.hidden = !form.hidden;
      open.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) reasonInput.focus();
    });
    cancel.addEventListener('click', () => {
      form.hidden = true;
      open.setAttribute('aria-expanded', 'false');
      open.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      reasonField.clearError();
      error.hidden = true;
      const text = reasonInput.value.trim();
      if (!text) {
        reasonField.setError('validation.required', { translated: true });
        reasonInput.focus();
        return;
      }
      try {
        await busy(confirm, 'studio.withdrawing', () => postJson(`${workPath(work.workId)}/withdrawal`, { reason: text }, { headers: actionKey(), signal }));
      } catch (e) {
        if (signal.aborted) return;
        if (e?.fieldErrors?.reason) reasonField.setError([].concat(e.fieldErrors.reason).join(' '));
        else fail(e);
        return;
      }
      changed(work.workId, 'withdrawn', 'studio.announce.workWithdrawn');
    });
    return h('div', { class: 'withdraw-control' }, open, form);
  }

  function changed(workId, newStatus, announceKey) {
    overrides.set(workId, newStatus);
    renderWorks();
    announce(announceKey);
    worksList.querySelector(`[data-work-id="${CSS.escape(workId)}"] .studio-work-title`)?.setAttribute('tabindex', '-1');
    worksList.querySelector(`[data-work-id="${CSS.escape(workId)}"] .studio-work-title`)?.focus({ preventScroll: true });
    refreshSoon();
  }

  function announce(key) {
    setI18n(live, key);
  }

  // ---- refresh: after the page's own acts and on the account's live events ----------------------------------------
  let refreshTimer = null;
  function refreshSoon(delay = 800) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      if (signal.aborted) return;
      await loadWorks();
      try {
        const fresh = await get(base, { signal });
        if (signal.aborted || !fresh) return;
        creator = { ...creator, ...fresh };
        renderCard();
        if (creator.owner !== undefined) renderStaffForm();
      } catch {
        // The card keeps what it showed.
      }
    }, delay);
  }
  signal.addEventListener('abort', () => clearTimeout(refreshTimer), { once: true });

  followCreator(id, {
    afterSeq: creator.lastSeq ?? creator.seq ?? 0,
    signal,
    onEvent: (message, { replayed }) => {
      if (!REFRESH_KINDS.has(message.kind)) return;
      if (message.kind === 'verificationDecided' && message.data && typeof message.data === 'object') {
        const approved = message.data.approved;
        if (typeof approved === 'boolean') {
          creator = { ...creator, status: approved ? 'verified' : 'rejected', verificationReason: message.data.reason ?? creator.verificationReason };
          renderCard();
        }
      }
      refreshSoon(300);
      if (!replayed) announce(`studio.announce.${message.kind}`);
    },
    onFollowFailed: () => {
      // Live updates are a convenience here: the list is read again after each of the page's own acts.
    },
  });

  // ---- staff ---------------------------------------------------------------------------------------------------------
  let staff = [];
  const addName = h('input', { type: 'text', maxlength: '64', autocomplete: 'off', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const addField = field({ name: 'userName', labelKey: 'staff.userName', control: addName, hintKey: 'staff.userNameHint', testid: 'staff-add-name' });
  const addSubmit = h('button', { type: 'submit', class: 'button button-primary', testid: 'staff-add-submit', i18n: 'staff.add' });
  const addBox = messageBox('staff-add-message');
  const addForm = h('form', { class: 'form staff-add', testid: 'staff-add', novalidate: true },
    addField.wrapper, addBox.element, h('div', { class: 'form-actions' }, addSubmit));
  const staffKey = draftKey();

  function renderStaffForm() {
    if (creator.owner) {
      if (!staffSection.contains(addForm)) staffSection.append(addForm);
    } else {
      addForm.remove();
    }
    renderStaff();
  }

  function renderStaff() {
    staffList.replaceChildren(...staff.map((member) => {
      const remove = creator.owner && !member.owner
        ? h('button', { type: 'button', class: 'button button-small button-ghost', testid: 'staff-remove',
          text: t('staff.remove'), 'aria-label': t('staff.removeNamed', { name: member.displayName || member.userId }) })
        : null;
      remove?.addEventListener('click', async () => {
        staffBox.clear();
        try {
          await busy(remove, null, () => del(`${base}/staff/${encodeURIComponent(member.userId)}`, { headers: actionKey(), signal }));
        } catch (e) {
          if (!signal.aborted) staffBox.show('error', errorTitleKey(e), detailOf(e));
          return;
        }
        staff = staff.filter((m) => m.userId !== member.userId);
        renderStaff();
        staffBox.show('success', 'staff.removed', member.displayName || member.userId);
        setTimeout(loadStaff, 800);
      });
      return h('li', { class: 'staff-item', testid: 'staff-item', dataset: { userId: member.userId } },
        h('span', { class: 'avatar', 'aria-hidden': 'true', text: Array.from(member.displayName || member.userId || '?')[0] }),
        h('span', { class: 'staff-name', text: member.displayName || member.userId }),
        member.owner ? h('span', { class: 'chip', i18n: 'staff.owner' }) : null,
        remove);
    }));
  }

  async function loadStaff() {
    if (signal.aborted) return;
    try {
      const list = await get(`${base}/staff`, { signal });
      if (signal.aborted) return;
      staff = Array.isArray(list) ? list : [];
      renderStaff();
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return;
      staffBox.show('error', 'staff.loadFailed', detailOf(error));
    }
  }

  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    addBox.clear();
    addField.clearError();
    const body = { userName: addName.value.trim() };
    if (!body.userName) {
      addField.setError('validation.required', { translated: true });
      addName.focus();
      return;
    }
    try {
      await busy(addSubmit, 'staff.adding', () => postJson(`${base}/staff`, body, { headers: staffKey.for(body), signal }));
    } catch (error) {
      if (signal.aborted) return;
      if (Object.keys(error?.fieldErrors ?? {}).length) showProblem(error, { fields: [addField], box: addBox });
      else if (error?.status === 404) addField.setError('staff.unknownUser', { translated: true });
      else addBox.show('error', errorTitleKey(error), detailOf(error));
      return;
    }
    staffKey.done();
    addName.value = '';
    addBox.show('success', 'staff.added', body.userName);
    setTimeout(loadStaff, 500);
  });

  renderStaffForm();
  onLangChange(() => renderStaff(), signal);
  loadWorks();
  loadStaff();
}

/** A signal that aborts when either does (the page goes, or another account is chosen). */
function linked(a, b) {
  if (AbortSignal.any) return AbortSignal.any([a, b]);
  const controller = new AbortController();
  const stop = () => controller.abort();
  a.addEventListener('abort', stop, { once: true });
  b.addEventListener('abort', stop, { once: true });
  return controller.signal;
}

// ---- registering an account -------------------------------------------------------------------------------------------
function registerForm(regions, ctx) {
  const { signal } = ctx;
  const name = h('input', { type: 'text', maxlength: '40', required: true, autocomplete: 'organization' });
  const orgType = h('select', { required: true });
  const region = h('select', { required: true });
  const fillOrgTypes = () => {
    const value = orgType.value;
    orgType.replaceChildren(h('option', { value: '', text: t('creatorRegister.orgTypeChoose') }),
      ...ORG_TYPES.map((type) => h('option', { value: type, text: t(`creator.org.${type}`) })));
    orgType.value = value;
  };
  fillOrgTypes();
  fillRegionSelect(region, regions);
  onLangChange(() => {
    fillOrgTypes();
    fillRegionSelect(region, regions);
  }, signal);
  const fields = [
    field({ name: 'name', labelKey: 'creatorRegister.name', control: name, hintKey: 'creatorRegister.nameHint', testid: 'register-name' }),
    field({ name: 'orgType', labelKey: 'creatorRegister.orgType', control: orgType, testid: 'register-org-type' }),
    field({ name: 'regionCode', labelKey: 'creatorRegister.region', control: region, testid: 'register-region' }),
  ];
  const box = messageBox('register-message');
  const submit = h('button', { type: 'submit', class: 'button button-primary', testid: 'register-submit', i18n: 'creatorRegister.submit' });
  const form = h('form', { class: 'card form studio-register', testid: 'register-form', novalidate: true, 'aria-labelledby': 'register-title' },
    h('h2', { id: 'register-title', i18n: 'creatorRegister.title' }),
    h('p', { class: 'muted', i18n: 'creatorRegister.explain' }),
    ...fields.map((f) => f.wrapper), box.element, h('div', { class: 'form-actions' }, submit));
  const key = draftKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    box.clear();
    fields.forEach((f) => f.clearError());
    const body = { name: name.value.trim(), orgType: orgType.value, regionCode: region.value };
    const missing = fields.filter((f) => !String(body[f.name] ?? '').trim());
    if (missing.length) {
      missing.forEach((f) => f.setError('validation.required', { translated: true }));
      missing[0].control.focus();
      return;
    }
    let created;
    try {
      created = await busy(submit, 'creatorRegister.submitting', async () => {
        const answer = await postJson('/api/creators', body, { headers: key.for(body), signal });
        await listed(answer?.creatorId, signal);
        return answer;
      });
    } catch (error) {
      if (signal.aborted) return;
      if (Object.keys(error?.fieldErrors ?? {}).length) showProblem(error, { fields, box });
      else box.show('error', errorTitleKey(error), detailOf(error));
      return;
    }
    key.done();
    ctx.navigate(`/creators?${new URLSearchParams({ creator: created?.creatorId ?? '' })}`, { replace: true });
  });
  return form;
}

/** Waits until the caller's accounts list the new one (the read model trails the 201); gives up quietly. */
async function listed(creatorId, signal) {
  for (let i = 0; creatorId && i < NEW_ACCOUNT_TRIES && !signal.aborted; i++) {
    try {
      const accounts = await get('/api/me/creators', { signal });
      if (Array.isArray(accounts) && accounts.some((a) => a.creatorId === creatorId)) return;
    } catch (error) {
      if (error?.name === 'AbortError') return;
    }
    await sleep(NEW_ACCOUNT_WAIT_MS);
  }
}
