// Reference data of the three tiers: regions (province, cities, counties) and the registered clients.
// Both are public and change only with a release, so each is fetched once per page load.
import { get } from './api.js';
import { h } from './dom.js';
import { lang, t } from './i18n.js';

let regionsPromise = null;
let clientsPromise = null;

export function loadRegions() {
  regionsPromise ??= get('/api/regions', { auth: false }).catch((error) => {
    regionsPromise = null;
    throw error;
  });
  return regionsPromise;
}

export function loadClients() {
  clientsPromise ??= get('/api/clients', { auth: false }).catch((error) => {
    clientsPromise = null;
    throw error;
  });
  return clientsPromise;
}

export function byCode(regions) {
  return new Map((regions ?? []).map((region) => [region.code, region]));
}

export function regionName(region) {
  if (!region) return '';
  return lang() === 'en' && region.nameEn ? region.nameEn : region.name;
}

export function tierName(tier) {
  return t(`tier.${tier}`);
}

/** A client's name in the current language: media centers are named after their region in English. */
export function clientName(client, regionsByCode) {
  if (!client) return '';
  if (lang() !== 'en') return client.name;
  const own = t(`client.${client.clientId}`);
  if (own !== `client.${client.clientId}`) return own;
  const region = regionsByCode?.get(client.regionCode);
  if (client.tier !== 'province' && region?.nameEn) return t('client.mediaCenter', { region: region.nameEn });
  return client.name;
}

/** Province first, then each city followed by its counties (by parentCode); anything unplaced last. */
export function regionTree(regions) {
  const province = regions.filter((r) => r.tier === 'province');
  const cities = regions.filter((r) => r.tier === 'city');
  const counties = regions.filter((r) => r.tier === 'county');
  const placed = new Set([...province, ...cities].map((r) => r.code));
  const groups = cities.map((city) => {
    const children = counties.filter((county) => county.parentCode === city.code);
    children.forEach((county) => placed.add(county.code));
    return { city, counties: children };
  });
  const others = regions.filter((r) => !placed.has(r.code));
  return { province, groups, others };
}

function keepSelection(select, build) {
  const value = select.value;
  select.replaceChildren();
  build();
  if ([...select.options].some((option) => option.value === value)) select.value = value;
}

/**
 * Fills a <select> with regions grouped by tier: the province, then one group per city holding the
 * city itself and its counties. Rebuilding keeps the selection (used on language switch).
 */
export function fillRegionSelect(select, regions, { placeholderKey = 'region.choose' } = {}) {
  keepSelection(select, () => {
    select.append(h('option', { value: '', text: t(placeholderKey) }));
    const { province, groups, others } = regionTree(regions);
    if (province.length) {
      select.append(h('optgroup', { label: tierName('province') },
        province.map((region) => h('option', { value: region.code, text: regionName(region) }))));
    }
    for (const { city, counties } of groups) {
      select.append(h('optgroup', { label: t('region.cityGroup', { city: regionName(city) }) },
        h('option', { value: city.code, text: t('region.wholeCity', { city: regionName(city) }) }),
        counties.map((county) => h('option', { value: county.code, text: regionName(county) }))));
    }
    if (others.length) {
      select.append(h('optgroup', { label: t('region.other') },
        others.map((region) => h('option', { value: region.code, text: regionName(region) }))));
    }
  });
}

/**
 * Fills a <select> with the clients grouped by tier: province, city, then the county clients grouped
 * under their city.
 */
export function fillClientSelect(select, clients, regions) {
  const regionsByCode = byCode(regions);
  keepSelection(select, () => {
    const option = (client) => h('option', { value: client.clientId, text: clientName(client, regionsByCode) });
    const ofTier = (tier) => clients.filter((client) => client.tier === tier);
    for (const tier of ['province', 'city']) {
      const list = ofTier(tier);
      if (list.length) select.append(h('optgroup', { label: tierName(tier) }, list.map(option)));
    }
    const counties = ofTier('county');
    const cityOf = (client) => regionsByCode.get(regionsByCode.get(client.regionCode)?.parentCode ?? '');
    const cityCodes = [...new Set(counties.map((client) => cityOf(client)?.code ?? ''))];
    for (const cityCode of cityCodes) {
      const city = regionsByCode.get(cityCode);
      const label = city ? t('client.countyGroup', { city: regionName(city) }) : tierName('county');
      select.append(h('optgroup', { label },
        counties.filter((client) => (cityOf(client)?.code ?? '') === cityCode).map(option)));
    }
    const rest = clients.filter((client) => !['province', 'city', 'county'].includes(client.tier));
    if (rest.length) select.append(h('optgroup', { label: t('region.other') }, rest.map(option)));
  });
}
