// The four areas of the product and which roles open them. Each area's page is app/areas/<name>.js,
// exporting render(container, ctx).
export const AREAS = [
  { name: 'circles', path: '/circles', testid: 'nav-circles', roles: null },
  { name: 'creator', path: '/creator', testid: 'nav-creator', roles: ['creator'] },
  { name: 'gov', path: '/gov', testid: 'nav-gov', roles: ['department'] },
  { name: 'admin', path: '/admin', testid: 'nav-admin', roles: ['moderator', 'admin'] },
];

/** Whether roles open the area (null roles: every signed-in user, the reader area). */
export function canUse(area, roles) {
  return !area.roles || area.roles.some((role) => (roles ?? []).includes(role));
}
