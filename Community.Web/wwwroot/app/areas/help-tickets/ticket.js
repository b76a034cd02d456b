// /help-tickets/{ticketId} — one ticket (GET /api/tickets/{id}, read with the caller's rights): its status, kind,
// category, region, the handling department (named from GET /api/departments), when it is due and whether that has
// passed, the escalations, the timeline (each step's time, status, who and text) and the citizen's feedback. What the
// caller may do comes from the ticket's `may` flags: a moderator's review (accept to a department, preselected with
// the suggestion; reject; mark as a duplicate; with a reason), a department's reply (public or not), resolution and
// transfer, the citizen's feedback (satisfied or not, a rating, a comment) and privacy (public column, name shown).
// Reporters (`may.follow`, `may.report`) follow a public ticket as a story lead (a toggle with the follower count:
// PUT / DELETE followers/me, then the ticket is read again) and attach a public report; the reports are listed with
// their byline for everyone who sees the ticket.
// Each action draws the ticket from its answer. Live: `ticket:{id}` followed from the ticket's lastSeq (the citizen and
// moderators may; department staff get the ticket's events on their department's stream); each ticketEvent reads the
// ticket again, so private texts are read with the caller's rights, and the change is told in a polite live region.
import { del, get, post, put } from '../../api.js';
import { h, icon, setI18n, setText } from '../../dom.js';
import { busy, errorTitleKey, field, messageBox, showProblem } from '../../forms.js';
import { formatNumber, onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { byCode, loadRegions, regionName } from '../../regions.js';
import { departmentPicker } from './department-picker.js';
import { followTicket } from './ticket-live.js';
import {
  ID_PATTERN, STEP_STATUSES, actionKey, actorName, categoryName, departmentName, detailOf, kindChip, linked,
  loadCategories, loadDepartments, overdueChip, paragraphs, statusChip, ticketPage, ticketPath, timeElement,
} from './ticket-view.js';

const MAX_TEXT = 4000;
const MAX_REASON = 500;
const MAX_COMMENT = 1000;
const MAX_TITLE = 100;
const MAX_SUMMARY = 1000;
const MAX_URL = 2000;
const STAGES = ['acceptance', 'firstReply', 'resolution', 'feedback'];
const FINAL = new Set(['closed', 'rejected', 'duplicate']);

export async function render(container, ctx) {
  const { signal } = ctx;
  const ticketId = ctx.routeParams?.ticketId ?? '';
  ctx.app.setTitle('tickets.ticket.title');

  const back = h('a', { class: 'back-link', href: '/help-tickets' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'tickets.back' }));
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', testid: 'ticket-live' });
  const box = messageBox('ticket-message');
  const heading = h('h1', { class: 'ticket-title', id: 'ticket-title', testid: 'ticket-title', tabindex: '-1', i18n: 'app.loading' });
  const status = h('span', { class: 'chip ticket-status', testid: 'ticket-status' });
  const chips = h('div', { class: 'ticket-chips' }, status);
  const facts = h('dl', { class: 'ticket-facts', testid: 'ticket-facts' });
  const body = h('div', { class: 'ticket-body', testid: 'ticket-body' });
  const followButton = h('button', {
    type: 'button', class: 'button ticket-follow-button', testid: 'ticket-follow', 'aria-pressed': 'false',
    'aria-describedby': 'ticket-followers', i18n: 'tickets.follow.follow',
  });
  const followCount = h('span', { class: 'muted ticket-followers', id: 'ticket-followers', testid: 'ticket-followers' });
  const followBar = h('div', { class: 'ticket-follow', hidden: true }, followButton, followCount);
  const article = h('article', { class: 'card ticket-card', 'aria-labelledby': 'ticket-title' }, chips, heading, facts, body, followBar);

  const escalationsList = h('ul', { class: 'ticket-escalations', testid: 'ticket-escalations' });
  const escalations = section('ticket-escalations-title', 'tickets.escalations.title', escalationsList);
  const timelineList = h('ol', { class: 'ticket-timeline', testid: 'ticket-timeline' });
  const timeline = section('ticket-timeline-title', 'tickets.timeline.title', timelineList);
  const reportsList = h('ul', { class: 'ticket-reports', testid: 'ticket-reports' });
  const reportsEmpty = h('p', { class: 'muted', testid: 'ticket-reports-empty', i18n: 'tickets.reports.empty', hidden: true });
  const reports = section('ticket-reports-title', 'tickets.reports.title', reportsList, reportsEmpty);
  const feedbackBody = h('div', { class: 'ticket-feedback', testid: 'ticket-feedback' });
  const feedback = section('ticket-feedback-title', 'tickets.feedback.title', feedbackBody);
  const actionsBody = h('div', { class: 'ticket-actions', testid: 'ticket-actions' });
  const actions = section('ticket-actions-title', 'tickets.actions.title', actionsBody);
  for (const part of [article, escalations, timeline, reports, feedback, actions]) part.hidden = true;
  article.hidden = false;

  container.append(h('div', { class: 'tickets-page ticket-page', testid: 'ticket-page' },
    back, live, box.element, article, escalations, timeline, reports, feedback, actions));

  function section(id, titleKey, ...children) {
    return h('section', { class: 'card tickets-section', 'aria-labelledby': id }, h('h2', { id, i18n: titleKey }), ...children);
  }

  if (!ID_PATTERN.test(ticketId)) {
    setI18n(heading, 'tickets.ticket.notFound');
    return;
  }

  let ticket;
  let departments = [];
  let categories = [];
  let regions = [];
  try {
    [ticket, departments, categories, regions] = await Promise.all([
      get(ticketPath(ticketId), { signal }),
      loadDepartments().catch(() => []),
      loadCategories().catch(() => []),
      loadRegions().catch(() => []),
    ]);
  } catch (error) {
    if (signal.aborted || error?.name === 'AbortError') return;
    const key = error?.status === 404 ? 'tickets.ticket.notFound' : error?.status === 403 ? 'tickets.ticket.forbidden' : 'tickets.ticket.failed';
    setI18n(heading, key);
    if (error?.status !== 404 && error?.status !== 403) box.show('error', errorTitleKey(error), detailOf(error));
    return;
  }
  if (signal.aborted || !ticket) return;

  const departmentsMap = new Map(departments.map((d) => [d.departmentId, d]));
  const categoriesMap = new Map(categories.map((c) => [c.code, c]));
  const regionsByCode = byCode(regions);
  const regionLabel = (code) => (regionsByCode.has(code) ? regionName(regionsByCode.get(code)) : code);
  const deptName = (id) => departmentName(departmentsMap, id);

  // ---- drawing the ticket ------------------------------------------------------------------------------------------
  function draw() {
    ctx.app.setTitle('tickets.ticket.pageTitle', { title: ticket.title || ticketId });
    setText(heading, ticket.title || ticketId);
    const known = STEP_STATUSES.includes(ticket.status) ? ticket.status : 'submitted';
    status.className = `chip ticket-status ticket-status-${known}`;
    status.dataset.status = known;
    setI18n(status, `tickets.status.${known}`);
    chips.replaceChildren(...[status, ticket.overdue ? overdueChip() : null, kindChip(ticket.kind)].filter(Boolean));

    facts.replaceChildren(...factRows());
    body.replaceChildren(...paragraphs(ticket.body));
    drawEscalations();
    drawTimeline();
    drawReports();
    drawFollow();
    drawFeedback();
  }

  function fact(labelKey, value, testid) {
    if (value === null || value === undefined || value === '') return null;
    return h('div', { class: 'ticket-fact', testid },
      h('dt', { i18n: labelKey }),
      h('dd', {}, value));
  }

  function factRows() {
    const stage = STAGES.includes(ticket.stage) ? t(`tickets.stage.${ticket.stage}`) : null;
    const due = ticket.dueAt && !FINAL.has(ticket.status)
      ? h('span', { class: 'ticket-due' }, timeElement(ticket.dueAt, signal),
        stage ? h('span', { class: 'muted', text: ` · ${stage}` }) : null,
        ticket.overdue ? h('span', { class: 'ticket-due-overdue', i18n: 'tickets.ticket.overdueSince' }) : null)
      : null;
    const location = ticket.location
      ? [ticket.location.address, Number.isFinite(ticket.location.lat) && Number.isFinite(ticket.location.lon)
        ? t('tickets.ticket.coordinates', { lat: Number(ticket.location.lat).toFixed(5), lon: Number(ticket.location.lon).toFixed(5) }) : null]
        .filter(Boolean).join(' · ')
      : null;
    const privacy = [t(ticket.public ? 'tickets.ticket.isPublic' : 'tickets.ticket.isPrivate'),
      ticket.public ? t(ticket.showName ? 'tickets.ticket.nameShown' : 'tickets.ticket.nameHidden') : null].filter(Boolean).join(' · ');
    return [
      fact('tickets.ticket.number', h('span', { class: 'mono', text: ticket.ticketId }), 'ticket-number'),
      fact('tickets.ticket.category', categoryName(categoriesMap, ticket.category), 'ticket-category'),
      fact('tickets.ticket.region', regionLabel(ticket.regionCode), 'ticket-region'),
      fact('tickets.ticket.department', ticket.departmentId ? deptName(ticket.departmentId) : t('tickets.ticket.noDepartment'), 'ticket-department'),
      fact('tickets.ticket.filedAt', ticket.filedAt ? timeElement(ticket.filedAt, signal) : null, 'ticket-filed-at'),
      fact('tickets.ticket.filedBy', ticket.citizenName, 'ticket-citizen'),
      fact('tickets.ticket.dueAt', due, 'ticket-due'),
      fact('tickets.ticket.firstReplyAt', ticket.firstReplyAt ? timeElement(ticket.firstReplyAt, signal) : null, 'ticket-first-reply'),
      fact('tickets.ticket.duplicateOf', ticket.duplicateOf
        ? h('a', { href: ticketPage(ticket.duplicateOf), class: 'mono', testid: 'ticket-duplicate-of', text: ticket.duplicateOf }) : null, 'ticket-duplicate'),
      fact('tickets.ticket.location', location, 'ticket-location'),
      fact('tickets.ticket.phone', ticket.contact?.phone, 'ticket-phone'),
      fact('tickets.ticket.privacy', privacy, 'ticket-privacy'),
    ].filter(Boolean);
  }

  function drawEscalations() {
    const list = Array.isArray(ticket.escalations) ? ticket.escalations : [];
    escalations.hidden = list.length === 0;
    escalationsList.replaceChildren(...list.map((e) => h('li', { class: 'ticket-escalation', testid: 'ticket-escalation' },
      h('p', { class: 'ticket-step-head' },
        h('span', { class: 'chip ticket-escalated', text: t('tickets.escalationLevel', { level: Number(e.level) || 1 }) }),
        e.at ? timeElement(e.at, signal) : null),
      h('p', { text: t('tickets.escalations.line', {
        stage: STAGES.includes(e.stage) ? t(`tickets.stage.${e.stage}`) : e.stage ?? '',
        to: e.supervisorId ? deptName(e.supervisorId) : t('tickets.escalations.moderators'),
      }) }))));
  }

  function drawTimeline() {
    const steps = Array.isArray(ticket.timeline) ? ticket.timeline : [];
    timeline.hidden = false;
    timelineList.replaceChildren(...steps.map((step, index) => {
      const known = STEP_STATUSES.includes(step.status) ? step.status : 'submitted';
      return h('li', { class: `ticket-step ticket-step-${known}`, testid: 'ticket-step', dataset: { status: known, index: String(index) } },
        h('p', { class: 'ticket-step-head' },
          statusChip(known, { testid: 'ticket-step-status' }),
          h('span', { class: 'ticket-step-by', testid: 'ticket-step-by', text: actorName(departmentsMap, step.by) }),
          step.at ? timeElement(step.at, signal) : null,
          step.public === false ? h('span', { class: 'chip ticket-private', testid: 'ticket-step-private', i18n: 'tickets.timeline.private' }) : null),
        step.text ? h('div', { class: 'ticket-step-text', testid: 'ticket-step-text' }, paragraphs(step.text)) : null);
    }));
  }

  /** Only an http(s) address becomes a link (the API accepts no other; a stored one is checked again here). */
  function reportHref(url) {
    if (typeof url !== 'string' || !url) return null;
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
    } catch {
      return null;
    }
  }

  function drawReports() {
    const list = Array.isArray(ticket.reports) ? ticket.reports : [];
    const may = ticket.may ?? {};
    reports.hidden = list.length === 0 && !may.follow && !may.report;
    reportsEmpty.hidden = list.length > 0;
    reportsList.replaceChildren(...list.map((report) => {
      const href = reportHref(report.url);
      const title = report.title || report.reportId || '';
      return h('li', { class: 'ticket-report', testid: 'ticket-report', dataset: { reportId: report.reportId ?? '' } },
        h('h3', { class: 'ticket-report-title', testid: 'ticket-report-title' },
          href ? h('a', { href, rel: 'noopener noreferrer', testid: 'ticket-report-link', text: title }) : h('span', { text: title })),
        report.summary ? h('div', { class: 'ticket-report-summary', testid: 'ticket-report-summary' }, paragraphs(report.summary)) : null,
        h('p', { class: 'ticket-step-head' },
          h('span', { class: 'ticket-step-by', testid: 'ticket-report-byline',
            text: t('tickets.reports.byline', { name: report.reporterName || t('tickets.by.reporter') }) }),
          report.at ? timeElement(report.at, signal) : null));
    }));
  }

  // ---- following as a lead (reporters) -------------------------------------------------------------------------------
  let followSending = false;

  function drawFollow() {
    const may = ticket.may ?? {};
    // A reporter who follows a ticket made private since cannot reach it any more (404): only `may.follow` shows it.
    followBar.hidden = !may.follow;
    if (!may.follow) return;
    const pressed = Boolean(ticket.following);
    followButton.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    followButton.classList.toggle('is-pressed', pressed);
    setI18n(followButton, pressed ? 'tickets.follow.unfollow' : 'tickets.follow.follow');
    const n = Math.max(0, Number(ticket.followerCount) || 0);
    followCount.dataset.count = String(n);
    setI18n(followCount, 'tickets.follow.count', { n: formatNumber(n) });
  }

  // Not `disabled` while sending: a disabled button loses the keyboard focus; a second press waits for the first.
  followButton.addEventListener('click', async () => {
    if (followSending) return;
    const want = !ticket.following;
    followSending = true;
    followButton.setAttribute('aria-busy', 'true');
    box.clear();
    try {
      const path = `${ticketPath(ticketId)}/followers/me`;
      await (want ? put(path, undefined, { signal }) : del(path, { signal }));
      if (signal.aborted) return;
      setI18n(live, want ? 'tickets.follow.followed' : 'tickets.follow.unfollowed');
      await refetch({ force: true });
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return;
      box.show('error', errorTitleKey(error), detailOf(error));
    } finally {
      followSending = false;
      followButton.removeAttribute('aria-busy');
    }
  });

  function drawFeedback() {
    const given = ticket.feedback;
    feedback.hidden = !given;
    if (!given) return;
    const satisfied = given.satisfied === true ? 'tickets.feedback.wasSatisfied'
      : given.satisfied === false ? 'tickets.feedback.wasNotSatisfied' : 'tickets.feedback.closedByItself';
    feedbackBody.replaceChildren(...[
      h('p', { class: 'ticket-step-head' },
        h('span', { class: 'ticket-feedback-verdict', testid: 'ticket-feedback-satisfied', i18n: satisfied }),
        given.at ? timeElement(given.at, signal) : null),
      Number(given.rating) > 0
        ? h('p', { testid: 'ticket-feedback-rating', text: t('tickets.feedback.ratingShown', { n: formatNumber(given.rating) }) }) : null,
      given.comment ? h('div', { class: 'ticket-step-text', testid: 'ticket-feedback-comment' }, paragraphs(given.comment)) : null,
    ].filter(Boolean));
  }

  // ---- actions: what `may` allows ----------------------------------------------------------------------------------
  let actionsController = null;
  let actionsSignature = null;

  function signatureOf(value) {
    return JSON.stringify([value.may ?? {}, value.status, value.departmentId, value.suggestedDepartmentId ?? null]);
  }

  function drawActions({ force = false } = {}) {
    const signature = signatureOf(ticket);
    if (!force && signature === actionsSignature) return;
    actionsSignature = signature;
    actionsController?.abort();
    actionsController = new AbortController();
    const scoped = linked(signal, actionsController.signal);
    const may = ticket.may ?? {};
    const forms = [
      may.review ? reviewForm(scoped) : null,
      may.reply ? replyForm(scoped) : null,
      may.resolve ? resolveForm(scoped) : null,
      may.transfer ? transferForm(scoped) : null,
      may.feedback ? feedbackForm(scoped) : null,
      may.privacy ? privacyForm(scoped) : null,
      may.report ? reportForm(scoped) : null,
    ].filter(Boolean);
    actionsBody.replaceChildren(...forms);
    actions.hidden = forms.length === 0;
  }
  signal.addEventListener('abort', () => actionsController?.abort(), { once: true });

  /** A form of one action: its title, fields, message box and submit; send(body) answers the ticket. */
  function actionForm({ name, titleKey, leadKey, children, submitKey, busyKey, fields, build, send, doneKey, aliases, formSignal }) {
    const titleId = `ticket-${name}-title`;
    const formBox = messageBox(`ticket-${name}-message`);
    const submit = h('button', { type: 'submit', class: 'button button-primary', testid: `${name}-submit`, i18n: submitKey });
    const form = h('form', { class: 'ticket-action form', testid: `ticket-${name}-form`, novalidate: true, 'aria-labelledby': titleId },
      h('h3', { id: titleId, i18n: titleKey }),
      leadKey ? h('p', { class: 'muted', i18n: leadKey }) : null,
      ...children, formBox.element, h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      formBox.clear();
      fields.forEach((f) => f.clearError());
      const built = build();
      if (built.missing?.length) {
        built.missing.forEach((f) => f.setError('validation.required', { translated: true }));
        formBox.show('error', 'error.fields');
        built.missing[0].control.focus();
        return;
      }
      let answer;
      try {
        answer = await busy(submit, busyKey, () => send(built.body, formSignal));
      } catch (error) {
        if (formSignal.aborted || error?.name === 'AbortError') return;
        if (Object.keys(error?.fieldErrors ?? {}).length) showProblem(error, { fields, box: formBox, aliases });
        else formBox.show('error', errorTitleKey(error), detailOf(error));
        return;
      }
      if (signal.aborted) return;
      setI18n(live, doneKey);
      if (answer && typeof answer === 'object' && answer.ticketId) apply(answer, { force: true });
      else refetch({ force: true });
      heading.focus({ preventScroll: false });
    });
    return form;
  }

  const textArea = (max, rows = 4) => h('textarea', { rows, maxlength: String(max), required: true });
  const required = (pairs) => pairs.filter(([, value]) => !value).map(([f]) => f);

  function radios(name, options, { legendKey, testid, checked }) {
    const inputs = options.map(({ value, labelKey, text }) => {
      const id = `ticket-${name}-${value}`;
      const input = h('input', { type: 'radio', name: `ticket-${name}`, value, id, testid: `${testid}-${value}`, checked: value === checked });
      return { input, label: h('label', { class: 'ticket-check', for: id }, input, labelKey ? h('span', { i18n: labelKey }) : h('span', { text })) };
    });
    const error = h('p', { class: 'field-error', id: `ticket-${name}-error`, testid: `${testid}-error`, hidden: true });
    inputs.forEach(({ input }) => input.setAttribute('aria-describedby', error.id));
    const fieldset = h('fieldset', { class: 'ticket-group' }, h('legend', { i18n: legendKey }),
      h('div', { class: 'ticket-choices' }, inputs.map((i) => i.label)), error);
    const asField = {
      name,
      wrapper: fieldset,
      control: inputs[0].input,
      setError(message, { translated = false } = {}) {
        if (translated) setI18n(error, message);
        else setText(error, message);
        error.hidden = false;
      },
      clearError() {
        setText(error, '');
        error.hidden = true;
      },
    };
    return { element: fieldset, field: asField, value: () => inputs.find((i) => i.input.checked)?.input.value ?? '', inputs };
  }

  function reviewForm(formSignal) {
    const decision = radios('decision', [
      { value: 'accept', labelKey: 'tickets.review.accept' },
      { value: 'reject', labelKey: 'tickets.review.reject' },
      { value: 'duplicate', labelKey: 'tickets.review.duplicate' },
    ], { legendKey: 'tickets.review.decision', testid: 'review-decision', checked: 'accept' });
    const picker = departmentPicker({
      departments, categories, regions, category: ticket.category,
      departmentId: ticket.suggestedDepartmentId ?? ticket.departmentId, prefix: 'review', signal: formSignal,
    });
    const suggested = ticket.suggestedDepartmentId
      ? h('p', { class: 'field-hint', testid: 'review-suggested', text: t('tickets.review.suggested', { name: deptName(ticket.suggestedDepartmentId) }) })
      : null;
    const duplicateInput = h('input', { type: 'text', maxlength: '128', autocomplete: 'off', spellcheck: 'false' });
    const duplicateField = field({ name: 'duplicateOf', labelKey: 'tickets.review.duplicateOf', control: duplicateInput,
      hintKey: 'tickets.review.duplicateOfHint', testid: 'review-duplicate-of' });
    const reason = textArea(MAX_REASON, 3);
    const reasonField = field({ name: 'reason', labelKey: 'tickets.review.reason', control: reason, hintKey: 'tickets.review.reasonHint', testid: 'review-reason' });
    const acceptPart = h('div', { class: 'ticket-subgroup' }, picker.element, suggested);
    const sync = () => {
      acceptPart.hidden = decision.value() !== 'accept';
      duplicateField.wrapper.hidden = decision.value() !== 'duplicate';
    };
    decision.inputs.forEach(({ input }) => input.addEventListener('change', sync));
    sync();
    const fields = [decision.field, picker.categoryField, picker.departmentField, duplicateField, reasonField].filter(Boolean);
    return actionForm({
      name: 'review', titleKey: 'tickets.review.title', leadKey: 'tickets.review.lead',
      children: [decision.element, acceptPart, duplicateField.wrapper, reasonField.wrapper],
      submitKey: 'tickets.review.submit', busyKey: 'tickets.action.sending', doneKey: 'tickets.review.done', fields, formSignal,
      build: () => {
        const chosen = decision.value();
        const text = reason.value.trim();
        const missing = required([[decision.field, chosen], [reasonField, text],
          ...(chosen === 'accept' ? [[picker.departmentField, picker.value()]] : []),
          ...(chosen === 'duplicate' ? [[duplicateField, duplicateInput.value.trim()]] : [])]);
        const sent = { decision: chosen, reason: text };
        if (chosen === 'accept') sent.departmentId = picker.value();
        if (chosen === 'duplicate') sent.duplicateOf = duplicateInput.value.trim();
        return { missing, body: sent };
      },
      send: (sent, s) => post(`${ticketPath(ticketId)}/review`, sent, { headers: actionKey(), signal: s }),
    });
  }

  function replyForm(formSignal) {
    const text = textArea(MAX_TEXT, 5);
    const textField = field({ name: 'text', labelKey: 'tickets.reply.text', control: text, testid: 'reply-text' });
    const publicBox = h('input', { type: 'checkbox', id: 'ticket-reply-public', testid: 'reply-public', checked: Boolean(ticket.public),
      'aria-describedby': 'ticket-reply-public-hint' });
    const publicPart = h('div', { class: 'ticket-check-field' },
      h('label', { class: 'ticket-check', for: 'ticket-reply-public' }, publicBox, h('span', { i18n: 'tickets.reply.public' })),
      h('p', { class: 'field-hint', id: 'ticket-reply-public-hint', i18n: 'tickets.reply.publicHint' }));
    return actionForm({
      name: 'reply', titleKey: 'tickets.reply.title', children: [textField.wrapper, publicPart],
      submitKey: 'tickets.reply.submit', busyKey: 'tickets.action.sending', doneKey: 'tickets.reply.done', fields: [textField], formSignal,
      build: () => ({ missing: required([[textField, text.value.trim()]]), body: { text: text.value.trim(), public: publicBox.checked } }),
      send: (sent, s) => post(`${ticketPath(ticketId)}/replies`, sent, { headers: actionKey(), signal: s }),
    });
  }

  function resolveForm(formSignal) {
    const text = textArea(MAX_TEXT, 4);
    const textField = field({ name: 'text', labelKey: 'tickets.resolve.text', control: text, hintKey: 'tickets.resolve.hint', testid: 'resolve-text' });
    return actionForm({
      name: 'resolve', titleKey: 'tickets.resolve.title', children: [textField.wrapper],
      submitKey: 'tickets.resolve.submit', busyKey: 'tickets.action.sending', doneKey: 'tickets.resolve.done', fields: [textField], formSignal,
      build: () => ({ missing: required([[textField, text.value.trim()]]), body: { text: text.value.trim() } }),
      send: (sent, s) => post(`${ticketPath(ticketId)}/resolution`, sent, { headers: actionKey(), signal: s }),
    });
  }

  function transferForm(formSignal) {
    const picker = departmentPicker({
      departments, categories, regions, category: ticket.category, departmentId: null, prefix: 'transfer',
      exclude: ticket.departmentId, signal: formSignal,
    });
    const reason = textArea(MAX_REASON, 3);
    const reasonField = field({ name: 'reason', labelKey: 'tickets.transfer.reason', control: reason, testid: 'transfer-reason' });
    const fields = [picker.categoryField, picker.departmentField, reasonField].filter(Boolean);
    return actionForm({
      name: 'transfer', titleKey: 'tickets.transfer.title', leadKey: 'tickets.transfer.lead', children: [picker.element, reasonField.wrapper],
      submitKey: 'tickets.transfer.submit', busyKey: 'tickets.action.sending', doneKey: 'tickets.transfer.done', fields, formSignal,
      build: () => ({
        missing: required([[picker.departmentField, picker.value()], [reasonField, reason.value.trim()]]),
        body: { departmentId: picker.value(), reason: reason.value.trim() },
      }),
      send: (sent, s) => post(`${ticketPath(ticketId)}/transfer`, sent, { headers: actionKey(), signal: s }),
    });
  }

  function feedbackForm(formSignal) {
    const satisfied = radios('satisfied', [
      { value: 'yes', labelKey: 'tickets.feedback.yes' },
      { value: 'no', labelKey: 'tickets.feedback.no' },
    ], { legendKey: 'tickets.feedback.satisfied', testid: 'feedback-satisfied', checked: null });
    const rating = radios('rating', [1, 2, 3, 4, 5].map((n) => ({ value: String(n), text: String(n) })),
      { legendKey: 'tickets.feedback.rating', testid: 'feedback-rating', checked: null });
    rating.element.append(h('p', { class: 'field-hint', i18n: 'tickets.feedback.ratingHint' }));
    const comment = h('textarea', { rows: 3, maxlength: String(MAX_COMMENT) });
    const commentField = field({ name: 'comment', labelKey: 'tickets.feedback.comment', control: comment, hintKey: 'tickets.feedback.commentHint', testid: 'feedback-comment' });
    return actionForm({
      name: 'feedback', titleKey: 'tickets.feedback.giveTitle', leadKey: 'tickets.feedback.lead',
      children: [satisfied.element, rating.element, commentField.wrapper],
      submitKey: 'tickets.feedback.submit', busyKey: 'tickets.action.sending', doneKey: 'tickets.feedback.done',
      fields: [satisfied.field, rating.field, commentField], formSignal,
      build: () => ({
        missing: required([[satisfied.field, satisfied.value()], [rating.field, rating.value()]]),
        body: { satisfied: satisfied.value() === 'yes', rating: Number(rating.value()), comment: comment.value.trim() },
      }),
      send: (sent, s) => post(`${ticketPath(ticketId)}/feedback`, sent, { headers: actionKey(), signal: s }),
    });
  }

  function privacyForm(formSignal) {
    const publicBox = h('input', { type: 'checkbox', id: 'ticket-privacy-public', testid: 'privacy-public', checked: Boolean(ticket.public),
      'aria-describedby': 'ticket-privacy-public-hint' });
    const showNameBox = h('input', { type: 'checkbox', id: 'ticket-privacy-show-name', testid: 'privacy-show-name',
      checked: Boolean(ticket.public && ticket.showName), disabled: !ticket.public, 'aria-describedby': 'ticket-privacy-show-name-hint' });
    publicBox.addEventListener('change', () => {
      showNameBox.disabled = !publicBox.checked;
      if (!publicBox.checked) showNameBox.checked = false;
    });
    return actionForm({
      name: 'privacy', titleKey: 'tickets.privacy.title',
      children: [h('div', { class: 'ticket-check-field' },
        h('label', { class: 'ticket-check', for: 'ticket-privacy-public' }, publicBox, h('span', { i18n: 'tickets.privacy.public' })),
        h('p', { class: 'field-hint', id: 'ticket-privacy-public-hint', i18n: 'tickets.privacy.publicHint' }),
        h('label', { class: 'ticket-check', for: 'ticket-privacy-show-name' }, showNameBox, h('span', { i18n: 'tickets.privacy.showName' })),
        h('p', { class: 'field-hint', id: 'ticket-privacy-show-name-hint', i18n: 'tickets.privacy.showNameHint' }))],
      submitKey: 'tickets.privacy.submit', busyKey: 'tickets.action.sending', doneKey: 'tickets.privacy.done', fields: [], formSignal,
      build: () => ({ missing: [], body: { public: publicBox.checked, showName: publicBox.checked && showNameBox.checked } }),
      send: (sent, s) => put(`${ticketPath(ticketId)}/privacy`, sent, { headers: actionKey(), signal: s }),
    });
  }

  function reportForm(formSignal) {
    const title = h('input', { type: 'text', maxlength: String(MAX_TITLE), required: true, autocomplete: 'off' });
    const titleField = field({ name: 'title', labelKey: 'tickets.report.titleLabel', control: title, testid: 'report-title' });
    const summary = textArea(MAX_SUMMARY, 4);
    const summaryField = field({ name: 'summary', labelKey: 'tickets.report.summary', control: summary,
      hintKey: 'tickets.report.summaryHint', testid: 'report-summary' });
    const url = h('input', { type: 'url', maxlength: String(MAX_URL), autocomplete: 'off', spellcheck: 'false', inputmode: 'url' });
    const urlField = field({ name: 'url', labelKey: 'tickets.report.url', control: url, hintKey: 'tickets.report.urlHint', testid: 'report-url' });
    return actionForm({
      name: 'report', titleKey: 'tickets.report.title', leadKey: 'tickets.report.lead',
      children: [titleField.wrapper, summaryField.wrapper, urlField.wrapper],
      submitKey: 'tickets.report.submit', busyKey: 'tickets.action.sending', doneKey: 'tickets.report.done',
      fields: [titleField, summaryField, urlField], formSignal,
      build: () => {
        const sent = { title: title.value.trim(), summary: summary.value.trim() };
        if (url.value.trim()) sent.url = url.value.trim();
        return { missing: required([[titleField, sent.title], [summaryField, sent.summary]]), body: sent };
      },
      // Answers {reportId}: the form reads the ticket again.
      send: (sent, s) => post(`${ticketPath(ticketId)}/reports`, sent, { headers: actionKey(), signal: s }),
    });
  }

  // ---- state changes: an action's answer, a live event ------------------------------------------------------------
  let following = null;

  const reportCount = (value) => (Array.isArray(value?.reports) ? value.reports.length : 0);

  function apply(fresh, { force = false, announce = false } = {}) {
    const before = ticket.status;
    const reportsBefore = reportCount(ticket);
    ticket = fresh;
    following?.seen(fresh.lastSeq);
    draw();
    drawActions({ force });
    if (announce && fresh.status !== before) {
      setText(live, t('tickets.ticket.statusNow', { status: t(`tickets.status.${STEP_STATUSES.includes(fresh.status) ? fresh.status : 'submitted'}`) }));
    } else if (announce && reportCount(fresh) > reportsBefore) {
      setI18n(live, 'tickets.reports.added');
    }
  }

  // One read at a time; a call during a read asks for one more read after it, with what every such call asked (an
  // action's `force` must not be lost to a live event's read that was already under way: its form would stay filled).
  let reading = null;
  let readAgain = null;
  async function refetch({ force = false, announce = false } = {}) {
    if (reading) {
      readAgain = { force: Boolean(readAgain?.force || force), announce: Boolean(readAgain?.announce || announce) };
      return;
    }
    reading = true;
    let wanted = { force, announce };
    try {
      while (wanted && !signal.aborted) {
        readAgain = null;
        const fresh = await get(ticketPath(ticketId), { signal });
        if (signal.aborted || !fresh) return;
        apply(fresh, wanted);
        wanted = readAgain;
      }
    } catch (error) {
      if (!signal.aborted && error?.name !== 'AbortError') box.show('error', 'tickets.ticket.refreshFailed', detailOf(error));
    } finally {
      reading = null;
    }
  }

  draw();
  drawActions({ force: true });
  onLangChange(() => {
    draw();
    drawActions({ force: true });
  }, signal);

  following = followTicket(ticketId, {
    afterSeq: ticket.lastSeq ?? 0,
    signal,
    onEvent: () => refetch({ announce: true }),
    onFollowFailed: () => {
      // Department staff follow their department's stream (joined on connect), which carries this ticket's steps.
    },
  });
}
