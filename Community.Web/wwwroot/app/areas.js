// The one list of the product's areas. Each area lives in app/areas/<name>/ with its module(s), its stylesheet
// (<name>.css) and its strings (strings.js: { 'zh-CN': {...}, en: {...} }). From this list:
//   - the router's table (main.js): every route of every area, its page loaded on first visit (`page()` returns the
//     module, which exports render(container, ctx)); `public` routes are for signed-out visitors (sign-in, register), `open` ones for everyone;
//     `frame: true` routes are drawn inside the area frame (pages/area.js: title, back link, role check);
//   - the home page's area grid: areas with a `nav` entry (test id, icon path data, roles; null roles: every reader);
//   - the strings, merged into the shell's dictionaries by i18n.js at start;
//   - the stylesheet, linked by the router the first time a route of the area is shown (styles.js);
//   - `redirects`: old paths sent on to the area's path (history replace), the query kept.
// Adding a page: its module in the area's folder and one route here. Adding an area: its folder and one entry here.
import users from './areas/users/strings.js';
import circles from './areas/circles/strings.js';
import creators from './areas/creators/strings.js';
import helpTickets from './areas/help-tickets/strings.js';
import moderation from './areas/moderation/strings.js';

const stylesheet = (name) => `/app/areas/${name}/${name}.css`;

export const AREAS = [
  {
    name: 'users',
    strings: users,
    stylesheet: stylesheet('users'),
    routes: [
      { path: '/register', public: true, page: () => import('./areas/users/register.js') },
      { path: '/signin', public: true, page: () => import('./areas/users/signin.js') },
    ],
  },
  {
    name: 'circles',
    strings: circles,
    stylesheet: stylesheet('circles'),
    nav: {
      path: '/circles',
      testid: 'nav-circles',
      roles: null,
      icon: ['M3 12a6 6 0 1 0 12 0a6 6 0 1 0-12 0', 'M9 12a6 6 0 1 0 12 0a6 6 0 1 0-12 0'],
    },
    routes: [
      { path: '/circles', frame: true, page: () => import('./areas/circles/circles.js') },
      { path: '/circles/:circleId', page: () => import('./areas/circles/circle-feed.js') },
    ],
  },
  {
    name: 'creators',
    strings: creators,
    stylesheet: stylesheet('creators'),
    nav: {
      path: '/creators',
      testid: 'nav-creators',
      // Readers use channels and creator pages too; anyone may register a creator account from the studio.
      roles: null,
      icon: ['M4 20l4-1 11-11-3-3L5 16l-1 4Z', 'M14 6l3 3'],
    },
    routes: [
      { path: '/creators', frame: true, page: () => import('./areas/creators/creators.js') },
      { path: '/creators/:creatorId/write', page: () => import('./areas/creators/write.js') },
      { path: '/creators/:creatorId/pool', page: () => import('./areas/creators/pool.js') },
      { path: '/creators/:creatorId/page', page: () => import('./areas/creators/creator-page.js') },
      { path: '/creators/:creatorId/dashboard', page: () => import('./areas/creators/dashboard.js') },
      { path: '/works/:workId/edit', page: () => import('./areas/creators/write.js') },
      { path: '/works/:workId', page: () => import('./areas/creators/work.js') },
      { path: '/channels/:regionCode', page: () => import('./areas/creators/channel.js') },
    ],
    redirects: { '/creator': '/creators' },
  },
  {
    name: 'help-tickets',
    strings: helpTickets,
    stylesheet: stylesheet('help-tickets'),
    nav: {
      path: '/help-tickets',
      testid: 'nav-help-tickets',
      // Every signed-in user files tickets; the landing shows what the caller's roles add (queue, review).
      roles: null,
      icon: ['M3 9l9-5 9 5', 'M5 10v8', 'M10 10v8', 'M14 10v8', 'M19 10v8', 'M3 20h18'],
    },
    routes: [
      { path: '/help-tickets', frame: true, page: () => import('./areas/help-tickets/help-tickets.js') },
      { path: '/help-tickets/new', page: () => import('./areas/help-tickets/ticket-new.js') },
      { path: '/help-tickets/queue', page: () => import('./areas/help-tickets/queue.js') },
      { path: '/help-tickets/review', page: () => import('./areas/help-tickets/review.js') },
      { path: '/help-tickets/public', open: true, page: () => import('./areas/help-tickets/public.js') },
      { path: '/help-tickets/figures', page: () => import('./areas/help-tickets/figures.js') },
      { path: '/help-tickets/leads', page: () => import('./areas/help-tickets/leads.js') },
      { path: '/help-tickets/:ticketId', page: () => import('./areas/help-tickets/ticket.js') },
    ],
    redirects: { '/gov': '/help-tickets' },
  },
  {
    name: 'moderation',
    strings: moderation,
    stylesheet: stylesheet('moderation'),
    nav: {
      path: '/moderation',
      testid: 'nav-moderation',
      roles: ['moderator', 'admin'],
      icon: ['M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6l8-3Z', 'M9 12l2 2 4-4'],
    },
    routes: [{ path: '/moderation', frame: true, page: () => import('./areas/moderation/moderation.js') }],
    redirects: { '/admin': '/moderation' },
  },
];

/** The areas shown on the home page, in order. */
export const NAV_AREAS = AREAS.filter((area) => area.nav);

/** The area of that name (a page using another area's component links that area's stylesheet through it). */
export function areaNamed(name) {
  return AREAS.find((area) => area.name === name);
}

/** Whether roles open the area (no nav roles: every signed-in user, the reader area). */
export function canUse(area, roles) {
  const needed = area.nav?.roles;
  return !needed || needed.some((role) => (roles ?? []).includes(role));
}
