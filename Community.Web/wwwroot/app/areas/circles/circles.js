// Reader area: interest circles. The circles of the reader's region and of the province, and search by name,
// all from GET /api/circles (the circle directory read model); circles the reader joined are marked. A card opens
// the circle's feed (circle-feed.js). Any reader may create a circle in one of its regions, and then owns it.
import { draftKey, get, post as postJson } from '../../api.js';
import { h, icon, setText } from '../../dom.js';
import { busy, errorTitleKey, field, messageBox, showProblem } from '../../forms.js';
import { formatNumber, onLangChange, t } from '../../i18n.js';
import { loadProfile, profileStore } from '../users/profile.js';
import { byCode, loadRegions, regionName } from '../../regions.js';

const PROVINCE = '330000';
const SEARCH_DELAY_MS = 250;
// A new circle reaches the directory read model a moment after the 201: its page is opened once it answers.
const NEW_CIRCLE_TRIES = 25;
const NEW_CIRCLE_WAIT_MS = 200;

export async function render(container, ctx) {
  const search = h('input', {
    type: 'search', class: 'circle-search', testid: 'circle-search', autocomplete: 'off', maxlength: '40',
    'aria-label': t('circles.search'), placeholder: t('circles.search'),
  });
  const results = h('section', { class: 'circle-section', testid: 'circle-results', hidden: true, 'aria-live': 'polite' });
  const byRegion = h('div', { class: 'circle-regions' });
  const createSlot = h('div', {});
  container.append(
    h('header', { class: 'area-header' },
      h('span', { class: 'area-icon' }, icon(ctx.area.nav.icon)),
      h('div', {},
        h('h1', { i18n: 'area.circles.name' }),
        h('p', { class: 'lead', i18n: 'area.circles.summary' }))),
    h('div', { class: 'field' }, search),
    createSlot, results, byRegion);
  onLangChange(() => {
    search.placeholder = t('circles.search');
    search.setAttribute('aria-label', t('circles.search'));
  }, ctx.signal);

  const [profile, regions] = await Promise.all([
    profileStore.get() ?? loadProfile().catch(() => null),
    loadRegions().catch(() => []),
  ]);
  if (ctx.signal.aborted) return;
  const regionsByCode = byCode(regions);
  // The reader's own region first, then each region above it up to the province.
  const chain = [];
  for (let code = profile?.regionCode ?? PROVINCE; code; code = regionsByCode.get(code)?.parentCode) {
    chain.push(code);
    if (code === PROVINCE || chain.length > 3) break;
  }
  if (!chain.includes(PROVINCE)) chain.push(PROVINCE);
  const joined = new Set(Array.isArray(profile?.circles) ? profile.circles : []);
  const regionLabel = (code) => (regionsByCode.has(code) ? regionName(regionsByCode.get(code)) : code);
  createSlot.replaceChildren(createForm(chain, regionLabel, ctx));
  await Promise.all(chain.map((code) => {
    const section = h('section', { class: 'circle-section', testid: `circles-region-${code}` });
    byRegion.append(section);
    return fillSection(section, `/api/circles?regionCode=${encodeURIComponent(code)}&limit=50`, ctx.signal,
      'circles.ofRegion', { region: regionLabel(code) }, joined);
  }));

  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = search.value.trim();
      results.hidden = q.length === 0;
      if (q) fillSection(results, `/api/circles?q=${encodeURIComponent(q)}&limit=50`, ctx.signal, 'circles.results', { q }, joined);
    }, SEARCH_DELAY_MS);
  });
}

async function fillSection(section, path, signal, titleKey, vars, joined) {
  const title = h('h2', { i18n: titleKey, i18nVars: vars });
  section.replaceChildren(title, h('p', { class: 'muted', i18n: 'app.loading' }));
  try {
    const page = await get(path, { signal });
    if (signal.aborted) return;
    section.replaceChildren(title, page.items.length === 0
      ? h('p', { class: 'muted', testid: 'circles-empty', i18n: 'circles.none' })
      : h('ul', { class: 'circle-list' }, page.items.map((circle) => circleCard(circle, signal, joined.has(circle.circleId)))));
  } catch (error) {
    if (signal.aborted) return;
    section.replaceChildren(title, h('p', { class: 'message message-error', role: 'alert', i18n: 'circles.loadFailed' }));
  }
}

function circleCard(circle, signal, isMember) {
  const members = h('span', { class: 'circle-members' });
  const renderMembers = () => setText(members, t('circles.members', { n: formatNumber(circle.memberCount) }));
  renderMembers();
  onLangChange(renderMembers, signal);
  // The whole card opens the circle's feed (/circles/{id}).
  return h('li', { class: 'card circle-card', testid: 'circle-card', dataset: { circleId: circle.circleId } },
    h('a', { class: 'circle-link', href: `/circles/${encodeURIComponent(circle.circleId)}`, testid: 'circle-link' },
      h('h3', { class: 'circle-name', text: circle.name }),
      h('p', { class: 'circle-description', text: circle.description }),
      h('p', { class: 'circle-meta' }, members,
        isMember ? h('span', { class: 'chip chip-open', testid: 'circle-joined', i18n: 'circles.joined' }) : null)));
}

/** "Create a circle": name, description and one of the reader's regions; opens the new circle's feed. */
function createForm(regionCodes, regionLabel, ctx) {
  const name = h('input', { type: 'text', maxlength: '40', required: true, autocomplete: 'off' });
  const about = h('textarea', { rows: '2', maxlength: '500', required: true });
  const region = h('select', {}, regionCodes.map((code) => h('option', { value: code, text: regionLabel(code) })));
  const fields = [
    field({ name: 'name', labelKey: 'circles.createName', control: name, testid: 'circle-create-name' }),
    field({ name: 'description', labelKey: 'circles.createDescription', control: about, testid: 'circle-create-description' }),
    field({ name: 'regionCode', labelKey: 'circles.createRegion', control: region, testid: 'circle-create-region' }),
  ];
  const box = messageBox('circle-create-message');
  const submit = h('button', { type: 'submit', class: 'button button-primary', testid: 'circle-create-submit', i18n: 'circles.createSubmit' });
  const form = h('form', { class: 'card circle-create', testid: 'circle-create', novalidate: true },
    h('details', {}, h('summary', { i18n: 'circles.createOpen' }), ...fields.map((f) => f.wrapper), box.element, submit));
  const key = draftKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    box.clear();
    const body = { name: name.value.trim(), description: about.value.trim(), regionCode: region.value };
    let created;
    try {
      created = await busy(submit, 'circles.createSubmitting', async () => {
        const answer = await postJson('/api/circles', body, { headers: key.for(body) });
        await readable(answer.circleId, ctx.signal);
        return answer;
      });
    } catch (error) {
      if (ctx.signal.aborted) return;
      if (Object.keys(error?.fieldErrors ?? {}).length) showProblem(error, { fields, box });
      else box.show('error', errorTitleKey(error), error?.problem?.detail ?? '');
      return;
    }
    key.done();
    ctx.navigate(`/circles/${encodeURIComponent(created.circleId)}`);
  });
  return form;
}

/** Waits until the directory read model has the circle (a moment after its 201); gives up quietly. */
async function readable(circleId, signal) {
  for (let i = 0; i < NEW_CIRCLE_TRIES && !signal.aborted; i++) {
    try {
      await get(`/api/circles/${encodeURIComponent(circleId)}`, { signal });
      return;
    } catch (error) {
      if (error?.status !== 404) return;
      await new Promise((resolve) => setTimeout(resolve, NEW_CIRCLE_WAIT_MS));
    }
  }
}
