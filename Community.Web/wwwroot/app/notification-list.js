// Live notifications (userEvent) newest first: data-testid="notifications" holding data-testid="notification" items.
import { h } from './dom.js';
import { formatTime, has, onLangChange, t } from './i18n.js';
import { notificationsStore } from './notifications.js';
import { roleLabel, regionPath } from './areas/users/profile-card.js';
import { byCode, loadRegions } from './regions.js';

/** The kind in the current language; kinds without a translation are shown as they came. */
export function kindLabel(kind) {
  return has(`kind.${kind}`) ? t(`kind.${kind}`) : kind;
}

function detailOf(item, regionsByCode) {
  const data = item.data && typeof item.data === 'object' ? item.data : {};
  switch (item.kind) {
    case 'profileUpdated': {
      const parts = [];
      if (data.displayName) parts.push(t('notification.displayName', { name: data.displayName }));
      if (data.regionCode) parts.push(t('notification.region', { region: regionPath(data.regionCode, regionsByCode) }));
      return parts.join(t('notification.separator'));
    }
    case 'roleGranted':
      return data.role ? t('notification.role', { role: roleLabel(data.role) }) : '';
    default:
      return '';
  }
}

export function notificationList(ctx) {
  const list = h('ol', { class: 'notifications', testid: 'notifications', 'aria-live': 'polite' });
  const empty = h('p', { class: 'muted empty', i18n: 'notifications.empty' });
  const root = h('section', { class: 'card notifications-card', 'aria-labelledby': 'notifications-title' },
    h('h2', { id: 'notifications-title', i18n: 'notifications.title' }),
    list, empty);
  let regionsByCode = new Map();
  // Only items that arrive while the list is shown are animated in.
  const shown = new WeakSet(notificationsStore.get());

  function render() {
    const items = notificationsStore.get();
    empty.hidden = items.length > 0;
    list.replaceChildren(...items.map((item) => {
      const detail = detailOf(item, regionsByCode);
      const kindClass = /^[A-Za-z]+$/.test(item.kind) ? item.kind : 'other';
      const fresh = !shown.has(item);
      shown.add(item);
      return h('li', { class: `notification notification-${kindClass}${fresh ? ' is-new' : ''}`, testid: 'notification', dataset: { kind: item.kind } },
        h('span', { class: 'notification-kind', text: kindLabel(item.kind) }),
        detail ? h('span', { class: 'notification-detail', text: detail }) : null,
        h('time', { class: 'notification-time', datetime: item.receivedAt.toISOString(), text: formatTime(item.receivedAt) }));
    }));
  }

  notificationsStore.subscribe(render, ctx.signal);
  onLangChange(render, ctx.signal);
  loadRegions().then((regions) => {
    if (ctx.signal.aborted) return;
    regionsByCode = byCode(regions);
    render();
  }).catch(() => {});
  return root;
}
