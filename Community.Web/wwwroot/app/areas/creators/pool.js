// /creators/{creatorId}/pool — the alliance pool (GET /api/alliance/works): the works of the other alliance members,
// newest first, each with "Reprint" (POST /api/works/{workId}/reprints {creatorId}) for the chosen account; a reprint
// done shows "Reprinted"; a refusal (409: already reprinted, one's own work, ...) shows the API's detail on the work.
import { get, post as postJson } from '../../api.js';
import { h, icon, setI18n } from '../../dom.js';
import { busy, errorTitleKey, messageBox } from '../../forms.js';
import { ICONS } from '../../icons.js';
import { ID_PATTERN, actionKey, creatorPath, detailOf, loadPages, workCard, workPath } from './work-view.js';

const PAGE_SIZE = 20;

export async function render(container, ctx) {
  const { signal } = ctx;
  const creatorId = ctx.routeParams?.creatorId ?? '';
  ctx.app.setTitle('pool.title');
  const box = messageBox('pool-message');
  const lead = h('p', { class: 'lead', i18n: 'pool.lead' });
  const list = h('ul', { class: 'work-list', testid: 'pool-list' });
  const empty = h('p', { class: 'card muted', testid: 'pool-empty', i18n: 'pool.empty', hidden: true });
  const more = h('button', { type: 'button', class: 'button button-block', testid: 'pool-more', i18n: 'list.more', hidden: true });
  container.append(h('div', { class: 'creators-page pool-page' },
    h('a', { class: 'back-link', href: `/creators?${new URLSearchParams({ creator: creatorId })}` },
      icon(ICONS.back, { size: 18 }), h('span', { i18n: 'studio.back' })),
    h('h1', { i18n: 'pool.title' }), lead, box.element, list, empty, more));

  if (!ID_PATTERN.test(creatorId)) {
    box.show('error', 'creator.notFound');
    return;
  }
  get(creatorPath(creatorId), { signal }).then((creator) => {
    if (!signal.aborted && creator?.name) setI18n(lead, 'pool.leadFor', { name: creator.name });
  }).catch(() => {});

  const reprinted = new Set();
  let next = null;
  let shown = 0;

  async function load(after) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (after) query.set('after', after);
    const page = await get(`/api/alliance/works?${query}`, { signal });
    if (signal.aborted) return;
    // The chosen account's own works are not for it to reprint.
    const items = (page?.items ?? []).filter((work) => work.creatorId !== creatorId && work.status !== 'withdrawn');
    for (const work of items) {
      list.append(poolCard(work));
      shown += 1;
    }
    next = page?.next ?? null;
    more.hidden = !next;
    empty.hidden = shown > 0 || Boolean(next);
  }

  function poolCard(work) {
    const error = h('p', { class: 'field-error', role: 'alert', testid: 'reprint-error', hidden: true });
    const slot = h('span', { class: 'reprint-slot' });
    const done = () => slot.replaceChildren(h('span', { class: 'chip chip-done', testid: 'reprinted', i18n: 'pool.reprinted' }));
    if (reprinted.has(work.workId)) {
      done();
    } else {
      const titleId = `pool-title-${work.workId}`;
      const button = h('button', { type: 'button', class: 'button button-primary button-small', testid: 'reprint-button', i18n: 'pool.reprint',
        'aria-describedby': titleId });
      button.addEventListener('click', async () => {
        error.hidden = true;
        try {
          await busy(button, 'pool.reprinting', () => postJson(`${workPath(work.workId)}/reprints`, { creatorId }, { headers: actionKey(), signal }));
        } catch (e) {
          if (signal.aborted) return;
          error.replaceChildren(h('span', { class: 'message-title', i18n: e?.status === 409 ? 'pool.conflict' : errorTitleKey(e) }));
          if (detailOf(e)) error.append(h('span', { class: 'message-detail', text: ` ${detailOf(e)}` }));
          error.hidden = false;
          return;
        }
        reprinted.add(work.workId);
        done();
        slot.querySelector('[data-testid="reprinted"]')?.setAttribute('tabindex', '-1');
        slot.querySelector('[data-testid="reprinted"]')?.focus();
      });
      slot.replaceChildren(button);
    }
    const card = workCard(work, { signal, testid: 'pool-item', actions: [slot] });
    card.querySelector('.work-card-title')?.setAttribute('id', `pool-title-${work.workId}`);
    card.append(error);
    return card;
  }

  await loadPages({ load, nextCursor: () => next, more, box, signal });
}
