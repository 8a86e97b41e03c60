// Shared by the header search and the faceted browser: loading Pagefind once,
// building DOM safely (text only, never innerHTML from content), excerpts, and
// the interface's words in the site's language.
import catalogue from "./messages.js";

/** The catalogue's language as a BCP 47 tag Intl accepts ("pt_BR" -> "pt-BR"). */
function intlLanguage() {
  const tag = String(catalogue.language || "en").replace(/_/g, "-");
  try {
    return Intl.getCanonicalLocales(tag)[0] || "en";
  } catch {
    return "en";
  }
}

export const language = intlLanguage();
const numbers = new Intl.NumberFormat(language);
const plurals = new Intl.PluralRules(language);

/** A number written the site language's way (1,234 or 1.234). */
export function formatNumber(n) {
  return numbers.format(n);
}

/** ``text`` with each {name} replaced by values[name] (numbers formatted); in one
 * pass, so a value (say, what the reader typed) is never read as a placeholder. */
function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!Object.prototype.hasOwnProperty.call(values, name)) return whole;
    const value = values[name];
    return typeof value === "number" ? formatNumber(value) : String(value);
  });
}

/** ``message`` (English, a literal: the build extracts it) in the site's language. */
export function t(message, values = {}) {
  const entry = catalogue.messages[message];
  return fill(typeof entry === "string" && entry ? entry : message, values);
}

/** The form of a message for ``n`` in the site's language; {n} is n, formatted. */
export function tn(singular, plural, n, values = {}) {
  const entry = catalogue.messages[singular];
  let text = null;
  if (entry && typeof entry === "object") text = entry[plurals.select(n)] ?? entry.other ?? null;
  if (!text) text = n === 1 ? singular : plural;
  return fill(text, { ...values, n });
}

export function siteRoot() {
  const meta = document.querySelector('meta[name="ix-site-root"]');
  return new URL(meta ? meta.content : "./", document.baseURI);
}

let loading = null;

/** Pagefind's browser API, imported once from the site's own bundle. */
export function pagefind() {
  if (!loading) {
    loading = (async () => {
      const root = siteRoot();
      const pf = await import(new URL("pagefind/pagefind.js", root).href);
      await pf.options({ baseUrl: root.pathname });
      pf.init();
      return pf;
    })();
  }
  return loading;
}

let sortOrders = null;

/** The sort orders of the index's pages: sort key -> Map(result id -> position).
 * Written beside Pagefind's bundle (not in its metadata, which every search
 * downloads) and fetched only by the pages that sort. */
export function sorts() {
  if (!sortOrders) {
    sortOrders = (async () => {
      const url = new URL("pagefind/exchange-sorts.json", siteRoot());
      const response = await fetch(url, { cache: "no-cache" });
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      const orders = await response.json();
      return new Map(Object.entries(orders).map(([key, ids]) => [key, new Map(ids.map((id, i) => [id, i]))]));
    })();
  }
  return sortOrders;
}

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/** Pagefind's excerpt, keeping only its text and <mark> highlights. */
export function excerpt(html) {
  const fragment = document.createDocumentFragment();
  // DOMParser documents are inert: nothing in them loads or runs.
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") fragment.append(el("mark", { text: node.textContent }));
    else fragment.append(document.createTextNode(node.textContent));
  }
  return fragment;
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** A relative-safe link: only http(s) URLs on this site's origin are used as-is. */
export function safeUrl(url) {
  const resolved = new URL(url, document.baseURI);
  return resolved.origin === location.origin ? resolved.href : "#";
}
