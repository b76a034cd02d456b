// Choosing a department (a moderator accepting a ticket, a department transferring one): a category select and the
// departments of that category, in the region tree's order (the province, then each city with its counties), from GET
// /api/departments. Without the directory (it could not be read) a plain field takes a department id.
import { h } from '../../dom.js';
import { field } from '../../forms.js';
import { onLangChange, t } from '../../i18n.js';
import { regionName, regionTree, tierName } from '../../regions.js';
import { localName } from './ticket-view.js';

/**
 * departments, categories, regions: the reference data (arrays). category / departmentId: what is chosen first.
 * prefix: the test ids' and names' prefix (`review`, `transfer`). exclude: a department id not offered (the current
 * one, for a transfer). Returns { element, departmentField, categoryField, value() }.
 */
export function departmentPicker({ departments, categories, regions, category, departmentId, prefix, exclude = null, signal }) {
  const chosen = departments.find((d) => d.departmentId === departmentId);
  if (!departments.length) {
    const input = h('input', { type: 'text', maxlength: '64', autocomplete: 'off', spellcheck: 'false', value: departmentId ?? '' });
    const departmentField = field({ name: 'departmentId', labelKey: 'tickets.picker.departmentId', control: input, testid: `${prefix}-department` });
    return { element: departmentField.wrapper, departmentField, categoryField: null, value: () => input.value.trim() };
  }

  const categorySelect = h('select', {});
  const departmentSelect = h('select', { required: true });
  const categoryField = field({ name: 'category', labelKey: 'tickets.picker.category', control: categorySelect, testid: `${prefix}-category` });
  const departmentField = field({ name: 'departmentId', labelKey: 'tickets.picker.department', control: departmentSelect, testid: `${prefix}-department` });
  const codes = categories.length ? categories.map((c) => c.code) : [...new Set(departments.map((d) => d.category))];
  const categoryLabel = (code) => localName(categories.find((c) => c.code === code)) || code;

  function fillCategories() {
    const value = categorySelect.value || chosen?.category || category || codes[0];
    categorySelect.replaceChildren(...codes.map((code) => h('option', { value: code, text: categoryLabel(code) })));
    categorySelect.value = codes.includes(value) ? value : codes[0];
  }

  function fillDepartments(keep) {
    const value = keep ?? departmentSelect.value;
    const ofCategory = departments.filter((d) => d.category === categorySelect.value && d.departmentId !== exclude);
    const byRegion = new Map(ofCategory.map((d) => [d.regionCode, d]));
    const option = (d) => h('option', { value: d.departmentId, text: localName(d) });
    const { province, groups, others } = regionTree(regions);
    const placed = new Set();
    const take = (region) => {
      const d = byRegion.get(region.code);
      if (!d) return null;
      placed.add(d.departmentId);
      return option(d);
    };
    departmentSelect.replaceChildren(h('option', { value: '', text: t('tickets.picker.choose') }));
    const provinceOptions = province.map(take).filter(Boolean);
    if (provinceOptions.length) departmentSelect.append(h('optgroup', { label: tierName('province') }, provinceOptions));
    for (const { city, counties } of groups) {
      const options = [city, ...counties].map(take).filter(Boolean);
      if (options.length) departmentSelect.append(h('optgroup', { label: regionName(city) }, options));
    }
    const rest = [...others.map(take), ...ofCategory.filter((d) => !placed.has(d.departmentId)).map(option)].filter(Boolean);
    if (rest.length) departmentSelect.append(h('optgroup', { label: t('region.other') }, rest));
    if ([...departmentSelect.options].some((o) => o.value === value)) departmentSelect.value = value;
  }

  fillCategories();
  fillDepartments(chosen ? chosen.departmentId : '');
  categorySelect.addEventListener('change', () => fillDepartments(''));
  onLangChange(() => {
    fillCategories();
    fillDepartments();
  }, signal);

  const element = h('div', { class: 'ticket-picker' }, categoryField.wrapper, departmentField.wrapper);
  return { element, departmentField, categoryField, value: () => departmentSelect.value };
}
