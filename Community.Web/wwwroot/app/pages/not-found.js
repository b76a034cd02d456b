// Any other path.
import { h } from '../dom.js';

export function renderNotFound(container, ctx) {
  ctx.app.setTitle('notFound.title');
  container.append(h('section', { class: 'card notice not-found' },
    h('h1', { i18n: 'notFound.title' }),
    h('p', { class: 'muted', i18n: 'notFound.text' }),
    h('a', { class: 'button button-primary', href: '/', i18n: 'nav.home' })));
}
