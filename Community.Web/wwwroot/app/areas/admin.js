// Admin console (moderators and admins): what it is for. Its working pages come with their API.
import { h, icon } from '../dom.js';
import { ICONS } from '../icons.js';

export function render(container) {
  container.append(
    h('header', { class: 'area-header' },
      h('span', { class: 'area-icon area-admin' }, icon(ICONS.admin)),
      h('div', {},
        h('h1', { i18n: 'area.admin.name' }),
        h('p', { class: 'lead', i18n: 'area.admin.description' }))),
    h('p', { class: 'muted area-next', i18n: 'area.admin.next' }));
}
