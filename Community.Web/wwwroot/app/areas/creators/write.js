// /creators/{creatorId}/write and /works/{workId}/edit — writing or editing a work: its kind (article, video, gallery),
// title, body (plain text, paragraphs at blank lines), the video and poster URLs of a video, up to 30 image URL +
// caption rows of a gallery, and the tiers it is aimed at (province, city, county). A preview beside it shows the work
// as readers will (text as <p> elements, never HTML). "Save draft" and "Publish"; a published work is corrected with a
// required correction note ("Publish correction"). Field errors of the API's problem details appear beside the fields.
import { draftKey, get, patch, post as postJson } from '../../api.js';
import { append, h, icon, setI18n } from '../../dom.js';
import { busy, errorTitleKey, field, messageBox } from '../../forms.js';
import { onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import {
  ID_PATTERN, KINDS, TIERS, creatorPath, detailOf, kindChip, mediaUrl, tierChips, workBody, workPath,
} from './work-view.js';

const MAX_IMAGES = 30;
const MAX_TITLE = 200;
const MAX_BODY = 50000;
const MAX_URL = 2000;
const MAX_CAPTION = 500;
const MAX_NOTE = 1000;

export async function render(container, ctx) {
  const { signal } = ctx;
  const workId = ctx.routeParams?.workId ?? null;
  let creatorId = ctx.routeParams?.creatorId ?? null;
  const editing = Boolean(workId);
  ctx.app.setTitle(editing ? 'write.editTitle' : 'write.title');

  const heading = h('h1', { i18n: editing ? 'write.editTitle' : 'write.title' });
  const back = h('a', { class: 'back-link', href: '/creators', testid: 'write-back' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'studio.back' }));
  const page = h('div', { class: 'creators-page write-page' }, back, heading);
  container.append(page);
  const box = messageBox('work-message');

  let work = null;
  let creator = null;
  try {
    if (editing) {
      if (!ID_PATTERN.test(workId)) throw Object.assign(new Error('not found'), { status: 404 });
      work = await get(workPath(workId), { signal });
      creatorId = work.creatorId;
    } else if (!ID_PATTERN.test(creatorId ?? '')) {
      throw Object.assign(new Error('not found'), { status: 404 });
    }
    creator = await get(creatorPath(creatorId), { signal }).catch((error) => {
      if (error?.name === 'AbortError') throw error;
      return null;
    });
  } catch (error) {
    if (signal.aborted || error?.name === 'AbortError') return;
    page.append(box.element);
    box.show('error', error?.status === 404 ? 'write.notFound' : errorTitleKey(error), error?.status === 404 ? '' : detailOf(error));
    return;
  }
  if (signal.aborted) return;
  back.href = `/creators?${new URLSearchParams({ creator: creatorId })}`;
  const published = work?.status === 'published';
  if (work?.status === 'withdrawn') {
    page.append(h('div', { class: 'card notice', testid: 'write-withdrawn' }, h('p', { i18n: 'write.withdrawn' })));
    return;
  }
  if (creator?.name) page.append(h('p', { class: 'lead write-for', text: t('write.for', { name: creator.name }) }));

  // ---- fields --------------------------------------------------------------------------------------------------------
  const kind = h('select', { disabled: editing }, KINDS.map((k) => h('option', { value: k, i18n: `work.kind.${k}` })));
  kind.value = work?.kind ?? 'article';
  const title = h('input', { type: 'text', maxlength: String(MAX_TITLE), required: true, autocomplete: 'off' });
  title.value = work?.title ?? '';
  const bodyText = h('textarea', { rows: '10', maxlength: String(MAX_BODY) });
  bodyText.value = work?.body ?? '';
  const videoUrl = h('input', { type: 'url', inputmode: 'url', maxlength: String(MAX_URL), placeholder: 'https://', autocomplete: 'off' });
  videoUrl.value = work?.videoUrl ?? '';
  const posterUrl = h('input', { type: 'url', inputmode: 'url', maxlength: String(MAX_URL), placeholder: 'https://', autocomplete: 'off' });
  posterUrl.value = work?.posterUrl ?? '';
  const note = h('textarea', { rows: '2', maxlength: String(MAX_NOTE), required: true });

  const kindField = field({ name: 'kind', labelKey: 'write.kind', control: kind, hintKey: editing ? 'write.kindFixed' : null, testid: 'work-kind' });
  const titleField = field({ name: 'title', labelKey: 'write.titleField', control: title, testid: 'work-title' });
  const bodyField = field({ name: 'body', labelKey: 'write.body', control: bodyText, hintKey: 'write.bodyHint', testid: 'work-body' });
  const videoField = field({ name: 'videoUrl', labelKey: 'write.videoUrl', control: videoUrl, hintKey: 'write.urlHint', testid: 'work-video-url' });
  const posterField = field({ name: 'posterUrl', labelKey: 'write.posterUrl', control: posterUrl, hintKey: 'write.urlHint', testid: 'work-poster-url' });
  const noteField = field({ name: 'note', labelKey: 'write.note', control: note, hintKey: 'write.noteHint', testid: 'work-note' });
  const videoGroup = h('div', { class: 'write-group', testid: 'write-video' }, videoField.wrapper, posterField.wrapper);

  // Gallery rows: an image URL and its caption each, added and removed by the writer.
  const rows = [];
  const rowList = h('ol', { class: 'gallery-rows', testid: 'gallery-rows' });
  const addRow = h('button', { type: 'button', class: 'button button-small', testid: 'gallery-add', i18n: 'write.addImage' });
  const rowsError = h('p', { class: 'field-error', id: 'gallery-rows-error', testid: 'gallery-rows-error', hidden: true });
  const galleryGroup = h('fieldset', { class: 'write-group gallery-group', testid: 'write-gallery' },
    h('legend', { i18n: 'write.images' }),
    h('p', { class: 'field-hint', i18n: 'write.imagesHint', i18nVars: { n: MAX_IMAGES } }),
    rowList, rowsError, addRow);

  function renumber() {
    rows.forEach((row, index) => {
      setI18n(row.urlLabel, 'write.imageUrl', { n: index + 1 });
      setI18n(row.captionLabel, 'write.caption', { n: index + 1 });
      row.remove.setAttribute('aria-label', t('write.removeImage', { n: index + 1 }));
    });
    addRow.disabled = rows.length >= MAX_IMAGES;
  }

  function addImageRow(image = {}, { focus = false } = {}) {
    if (rows.length >= MAX_IMAGES) return;
    const url = h('input', { type: 'url', inputmode: 'url', maxlength: String(MAX_URL), placeholder: 'https://', autocomplete: 'off' });
    url.value = image.url ?? '';
    const caption = h('input', { type: 'text', maxlength: String(MAX_CAPTION), autocomplete: 'off' });
    caption.value = image.caption ?? '';
    const urlF = field({ name: 'imageUrl', labelKey: 'write.imageUrl', control: url, testid: 'gallery-url' });
    const captionF = field({ name: 'imageCaption', labelKey: 'write.caption', control: caption, testid: 'gallery-caption' });
    const remove = h('button', { type: 'button', class: 'button button-small button-ghost', testid: 'gallery-remove' },
      icon(ICONS.trash, { size: 16 }), h('span', { i18n: 'write.remove' }));
    const element = h('li', { class: 'gallery-row', testid: 'gallery-row' }, urlF.wrapper, captionF.wrapper, remove);
    const row = { element, url, caption, urlField: urlF, captionField: captionF, remove,
      urlLabel: urlF.wrapper.querySelector('label'), captionLabel: captionF.wrapper.querySelector('label') };
    remove.addEventListener('click', () => {
      const index = rows.indexOf(row);
      rows.splice(index, 1);
      element.remove();
      renumber();
      renderPreview();
      (rows[index]?.url ?? rows[index - 1]?.url ?? addRow).focus();
    });
    url.addEventListener('input', renderPreview);
    caption.addEventListener('input', renderPreview);
    rows.push(row);
    rowList.append(element);
    renumber();
    if (focus) url.focus();
  }
  for (const image of work?.images ?? []) addImageRow(image);
  addRow.addEventListener('click', () => {
    addImageRow({}, { focus: true });
    renderPreview();
  });

  // Target tiers: fixed once the work exists (the API revises content only).
  const tierBoxes = TIERS.map((tier) => {
    const box = h('input', { type: 'checkbox', value: tier, testid: `tier-${tier}`, id: `write-tier-${tier}`, disabled: editing,
      'aria-describedby': 'write-tiers-error' });
    box.checked = (work?.targetTiers ?? []).includes(tier);
    return { tier, box, element: h('label', { class: 'check', for: `write-tier-${tier}` }, box, h('span', { i18n: `tier.${tier}` })) };
  });
  const tiersError = h('p', { class: 'field-error', id: 'write-tiers-error', testid: 'work-tiers-error', hidden: true });
  const tiersGroup = h('fieldset', { class: 'write-group tiers-group', testid: 'work-tiers-group' },
    h('legend', { i18n: 'write.tiers' }),
    h('p', { class: 'field-hint', i18n: editing ? 'write.tiersFixed' : 'write.tiersHint' }),
    h('div', { class: 'tier-checks' }, tierBoxes.map((b) => b.element)),
    tiersError);

  // ---- actions ---------------------------------------------------------------------------------------------------------
  const saveDraft = h('button', { type: 'button', class: 'button', testid: 'work-save-draft', i18n: 'write.saveDraft' });
  const publish = h('button', { type: 'button', class: 'button button-primary', testid: 'work-publish', i18n: 'write.publish' });
  const correct = h('button', { type: 'button', class: 'button button-primary', testid: 'work-publish-correction', i18n: 'write.publishCorrection' });
  const actions = h('div', { class: 'form-actions write-actions' }, published ? correct : [saveDraft, publish]);

  const form = h('form', { class: 'card form write-form', testid: 'work-form', novalidate: true, 'aria-labelledby': 'write-form-title' },
    h('h2', { id: 'write-form-title', class: 'visually-hidden', i18n: 'write.formTitle' }),
    kindField.wrapper, titleField.wrapper, videoGroup, bodyField.wrapper, galleryGroup, tiersGroup,
    published ? noteField.wrapper : null,
    box.element, actions);

  // ---- preview -----------------------------------------------------------------------------------------------------------
  const preview = h('div', { class: 'write-preview-body', testid: 'work-preview' });
  const previewPane = h('section', { class: 'card write-preview', 'aria-labelledby': 'write-preview-title' },
    h('h2', { id: 'write-preview-title', i18n: 'write.preview' }), preview);

  page.append(h('div', { class: 'write-layout' }, form, previewPane));

  function draftOf() {
    return {
      kind: kind.value,
      title: title.value.trim(),
      body: bodyText.value,
      videoUrl: videoUrl.value.trim(),
      posterUrl: posterUrl.value.trim(),
      images: rows.map((row) => ({ url: row.url.value.trim(), caption: row.caption.value.trim() })).filter((i) => i.url || i.caption),
      targetTiers: tierBoxes.filter((b) => b.box.checked).map((b) => b.tier),
    };
  }

  let previewTimer = null;
  function renderPreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      const draft = draftOf();
      const titleText = draft.title || t('work.untitled');
      const shown = { ...draft, videoUrl: draft.kind === 'video' ? draft.videoUrl : null, images: draft.kind === 'gallery' ? draft.images : [] };
      preview.replaceChildren();
      append(preview, [
        h('div', { class: 'work-card-head' }, kindChip(draft.kind), tierChips(draft.targetTiers)),
        h('h3', { class: 'write-preview-title', text: titleText }),
        draft.kind === 'video' && !mediaUrl(draft.videoUrl) ? h('p', { class: 'muted', i18n: 'write.previewNoVideo' }) : null,
        workBody(shown, { testid: 'work-preview-body' })]);
      if (!draft.body.trim() && !preview.querySelector('video, figure')) preview.append(h('p', { class: 'muted', i18n: 'write.previewEmpty' }));
    }, 120);
  }
  signal.addEventListener('abort', () => clearTimeout(previewTimer), { once: true });

  function showKind() {
    videoGroup.hidden = kind.value !== 'video';
    galleryGroup.hidden = kind.value !== 'gallery';
    if (kind.value === 'gallery' && rows.length === 0) addImageRow();
  }
  kind.addEventListener('change', () => {
    showKind();
    renderPreview();
  });
  for (const control of [title, bodyText, videoUrl, posterUrl]) control.addEventListener('input', renderPreview);
  for (const b of tierBoxes) b.box.addEventListener('change', renderPreview);
  showKind();
  renderPreview();
  onLangChange(() => {
    renumber();
    renderPreview();
  }, signal);

  // ---- errors ------------------------------------------------------------------------------------------------------------
  const simpleFields = [kindField, titleField, bodyField, videoField, posterField, noteField];

  function clearErrors() {
    simpleFields.forEach((f) => f.clearError());
    rows.forEach((row) => {
      row.urlField.clearError();
      row.captionField.clearError();
    });
    rowsError.hidden = true;
    tiersError.hidden = true;
    box.clear();
  }

  function setGroupError(element, text, { translated = false } = {}) {
    if (translated) setI18n(element, text);
    else element.textContent = text;
    element.hidden = false;
  }

  /** Field errors of a problem (`errors: {field: [..]}`) beside their fields; image rows by index; the rest in the box. */
  function placeErrors(error) {
    const unplaced = [];
    let first = null;
    for (const [rawName, messages] of Object.entries(error?.fieldErrors ?? {})) {
      const text = (Array.isArray(messages) ? messages : [messages]).join(' ');
      const name = rawName.replace(/^\$\./, '').replace(/^./, (c) => c.toLowerCase());
      const image = /^images\[(\d+)\]\.?(url|caption)?$/i.exec(name);
      if (image) {
        const row = rows.filter((r) => r.url.value.trim() || r.caption.value.trim())[Number(image[1])];
        const target = row && (image[2]?.toLowerCase() === 'caption' ? row.captionField : row.urlField);
        if (target) {
          target.setError(text);
          first ??= target.control;
          continue;
        }
      }
      if (/^images/i.test(name)) {
        setGroupError(rowsError, text);
        first ??= rows[0]?.url ?? addRow;
        continue;
      }
      if (/^targetTiers/i.test(name)) {
        setGroupError(tiersError, text);
        first ??= tierBoxes[0].box;
        continue;
      }
      const target = simpleFields.find((f) => f.name.toLowerCase() === name.toLowerCase());
      if (target) {
        target.setError(text);
        first ??= target.control;
      } else {
        unplaced.push(text);
      }
    }
    const detail = unplaced.length ? unplaced.join(' ') : first ? null : detailOf(error);
    box.show('error', first ? 'error.fields' : error?.status === 403 ? 'write.notVerified' : errorTitleKey(error), detail);
    first?.focus();
  }

  /** What the page checks before sending: a title, a tier, a note for a correction, URLs that are http(s). */
  function check(draft, { needNote }) {
    const problems = [];
    if (!draft.title) problems.push(() => titleField.setError('validation.required', { translated: true }) || title);
    if (!editing && draft.targetTiers.length === 0) {
      problems.push(() => {
        setGroupError(tiersError, 'write.tiersRequired', { translated: true });
        return tierBoxes[0].box;
      });
    }
    if (draft.kind === 'video') {
      if (!draft.videoUrl) problems.push(() => videoField.setError('validation.required', { translated: true }) || videoUrl);
      else if (!mediaUrl(draft.videoUrl)) problems.push(() => videoField.setError('write.urlInvalid', { translated: true }) || videoUrl);
      if (draft.posterUrl && !mediaUrl(draft.posterUrl)) problems.push(() => posterField.setError('write.urlInvalid', { translated: true }) || posterUrl);
    }
    if (draft.kind === 'gallery') {
      for (const row of rows) {
        const value = row.url.value.trim();
        if (!value && row.caption.value.trim()) problems.push(() => row.urlField.setError('validation.required', { translated: true }) || row.url);
        else if (value && !mediaUrl(value)) problems.push(() => row.urlField.setError('write.urlInvalid', { translated: true }) || row.url);
      }
    }
    if (needNote && !note.value.trim()) problems.push(() => noteField.setError('validation.required', { translated: true }) || note);
    const controls = problems.map((show) => show());
    if (controls.length) {
      box.show('error', 'error.fields');
      controls[0]?.focus();
      return false;
    }
    return true;
  }

  /** The body the API takes for the work's content (the kind's own fields only). */
  function contentOf(draft) {
    const content = { title: draft.title, body: draft.body };
    if (draft.kind === 'video') {
      content.videoUrl = draft.videoUrl;
      content.posterUrl = draft.posterUrl || null;
    }
    if (draft.kind === 'gallery') content.images = draft.images;
    return content;
  }

  // ---- sending -----------------------------------------------------------------------------------------------------------
  const createKey = draftKey();
  const patchKey = draftKey();
  const publishKey = draftKey();
  const doneUrl = (done) => `/creators?${new URLSearchParams({ creator: creatorId, done })}`;

  async function send(button, busyKey, work) {
    clearErrors();
    try {
      await busy(button, busyKey, work);
      return true;
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return false;
      placeErrors(error);
      return false;
    }
  }

  saveDraft.addEventListener('click', async () => {
    const draft = draftOf();
    clearErrors();
    if (!check(draft, { needNote: false })) return;
    const ok = await send(saveDraft, 'write.saving', async () => {
      if (editing) {
        const body = contentOf(draft);
        await patch(workPath(workId), body, { headers: patchKey.for(body), signal });
      } else {
        const body = { kind: draft.kind, ...contentOf(draft), targetTiers: draft.targetTiers, draft: true };
        await postJson(`${creatorPath(creatorId)}/works`, body, { headers: createKey.for(body), signal });
        createKey.done();
      }
    });
    if (ok) ctx.navigate(doneUrl('saved'));
  });

  publish.addEventListener('click', async () => {
    const draft = draftOf();
    clearErrors();
    if (!check(draft, { needNote: false })) return;
    const ok = await send(publish, 'write.publishing', async () => {
      if (editing) {
        const body = contentOf(draft);
        await patch(workPath(workId), body, { headers: patchKey.for(body), signal });
        await postJson(`${workPath(workId)}/publication`, undefined, { headers: publishKey.for({ publish: workId }), signal });
      } else {
        const body = { kind: draft.kind, ...contentOf(draft), targetTiers: draft.targetTiers, draft: false };
        await postJson(`${creatorPath(creatorId)}/works`, body, { headers: createKey.for(body), signal });
        createKey.done();
      }
    });
    if (ok) ctx.navigate(doneUrl('published'));
  });

  correct.addEventListener('click', async () => {
    const draft = draftOf();
    clearErrors();
    if (!check(draft, { needNote: true })) return;
    const body = { ...contentOf(draft), note: note.value.trim() };
    const ok = await send(correct, 'write.publishing', () => patch(workPath(workId), body, { headers: patchKey.for(body), signal }));
    if (ok) ctx.navigate(doneUrl('corrected'));
  });

  form.addEventListener('submit', (event) => event.preventDefault());
}
