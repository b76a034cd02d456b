// Reader area: interest circles. For now: what the area is for, and the reader's own profile.
import { h, icon } from '../dom.js';
import { ICONS } from '../icons.js';
import { profileCard } from '../profile-card.js';

export function render(container, ctx) {
  container.append(
    h('header', { class: 'area-header' },
      h('span', { class: 'area-icon area-circles' }, icon(ICONS.circles)),
      h('div', {},
        h('h1', { i18n: 'area.circles.name' }),
        h('p', { class: 'lead', i18n: 'area.circles.description' }))),
    profileCard(ctx, { editable: false }),
    h('p', { class: 'muted area-next', i18n: 'area.circles.next' }));
}
