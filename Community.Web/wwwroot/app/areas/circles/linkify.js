// User text as DOM nodes: plain text nodes, with http(s) links turned into <a> elements whose text is set with
// textContent and whose href is the parsed URL. Nothing in the text is ever parsed as HTML.
const URL_PATTERN = /https?:\/\/[^\s<>"'\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** The nodes for text: strings and <a> elements (only for http: and https: URLs). */
export function linkify(text) {
  const value = String(text ?? '');
  const nodes = [];
  let last = 0;
  for (const match of value.matchAll(URL_PATTERN)) {
    let raw = match[0];
    const trailing = TRAILING.exec(raw)?.[0] ?? '';
    raw = raw.slice(0, raw.length - trailing.length);
    const url = safeUrl(raw);
    if (!url) continue;
    if (match.index > last) nodes.push(document.createTextNode(value.slice(last, match.index)));
    const a = document.createElement('a');
    a.href = url;
    a.textContent = raw;
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow ugc';
    nodes.push(a);
    last = match.index + raw.length;
  }
  if (last < value.length) nodes.push(document.createTextNode(value.slice(last)));
  return nodes;
}

/** The URL as an absolute http(s) href, or null. */
export function safeUrl(raw) {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
