// Creator area (Chaominghao): what it is for. Its working pages come with their API.
import { h, icon } from '../dom.js';
import { ICONS } from '../icons.js';

export function render(container) {
  container.append(
    h('header', { class: 'area-header' },
      h('span', { class: 'area-icon area-creator' }, icon(ICONS.creator)),
      h('div', {},
        h('h1', { i18n: 'area.creator.name' }),
        h('p', { class: 'lead', i18n: 'area.creator.description' }))),
    h('p', { class: 'muted area-next', i18n: 'area.creator.next' }));
}
