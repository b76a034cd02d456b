// /help-tickets — the help-tickets area (department staff answer the ask-the-government queue): what it is for. Its working pages come with their API.
import { h, icon } from '../../dom.js';

export function render(container, ctx) {
  container.append(
    h('header', { class: 'area-header' },
      h('span', { class: 'area-icon' }, icon(ctx.area.nav.icon)),
      h('div', {},
        h('h1', { i18n: 'area.help-tickets.name' }),
        h('p', { class: 'lead', i18n: 'area.help-tickets.description' }))),
    h('p', { class: 'muted area-next', i18n: 'area.help-tickets.next' }));
}
