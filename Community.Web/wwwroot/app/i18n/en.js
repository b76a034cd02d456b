// English strings of the shell (header, home, errors, regions, notifications). Areas bring their own (areas/*/strings.js).
// Same keys as zh-CN.js (the default language, used for any key missing here).
export default {
  'app.name': 'OneNetwork Community',
  'app.skip': 'Skip to main content',
  'app.loading': 'Loading…',
  'app.footer': 'OneNetwork Community · one network for province, city and county media',

  'lang.switch': '中文',
  'lang.switchLabel': '中文 · Switch to Chinese (切换为中文)',

  'nav.home': 'Back to home',
  'nav.signOut': 'Sign out',

  'header.client': '{client} · {tier}',

  'live.connecting': 'Connecting',
  'live.connected': 'Live',
  'live.reconnecting': 'Reconnecting',
  'live.offline': 'Offline',

  'tier.province': 'Province',
  'tier.city': 'City',
  'tier.county': 'County',

  'client.chao-news': 'Chao News',
  'client.z-vision': 'Z Vision',
  'client.mediaCenter': '{region} Media Center',
  'client.countyGroup': 'County · {city}',

  'region.choose': 'Choose your region',
  'region.loading': 'Loading regions…',
  'region.cityGroup': '{city}',
  'region.wholeCity': '{city} (city-wide)',
  'region.other': 'Other',

  'validation.required': 'Please fill this in.',

  'error.0': 'Could not reach the server. Check your connection and try again.',
  'error.400': 'Something in the request is not right.',
  'error.401': 'Please sign in.',
  'error.403': 'You are not allowed to do that.',
  'error.404': 'Not found.',
  'error.409': 'That conflicts with the current state.',
  'error.413': 'That is too large.',
  'error.429': 'Too many requests. Please try again later.',
  'error.5xx': 'The service had a problem. Please try again later.',
  'error.generic': 'That did not work.',
  'error.fields': 'Please check the marked fields.',

  'action.retry': 'Retry',

  'kind.profileUpdated': 'Profile updated',
  'kind.roleGranted': 'Role granted',

  'notification.displayName': 'Name: {name}',
  'notification.region': 'Region: {region}',
  'notification.separator': '; ',
  'notification.role': 'Role: {role}',

  'notifications.title': 'Live notifications',
  'notifications.empty': 'No notifications yet. Profile changes, new roles and more appear here as they happen.',

  'home.title': 'My community',
  'home.lead': 'Interest circles, creators, ask-the-government and the admin console: one account across province, city and county.',
  'home.areas': 'Areas',

  'error.retryAfter': 'Try again in {seconds} seconds.',

  'area.deniedHint': 'Ask an administrator for access. You will be notified when a role is granted; sign in again to use it.',
  'area.signInAgain': 'Role granted: sign in again to open this area.',

  'notFound.title': 'Page not found',
  'notFound.text': 'There is no page at this address.',
};
