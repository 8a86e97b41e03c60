// The embeddable list (embed/index.html): the browse page's filters, read from
// the query string (?regions=a,b&clinical-areas=c&sort=adopted&q=words), applied
// to the JSON API's index, and the first matches shown with a link to all of
// them on the exchange. Text is set as text only; every request stays on the
// exchange (same-origin, relative URLs); nothing is stored in the browser.
import { el, language, t, tn } from "./common.js";

// Facet (the browse page's parameter) -> the index's field, which holds a term id
// or a list of them. A facet whose field the index lacks cannot be applied here.
const FIELDS = {
  stages: "stage",
  "evidence-levels": "evidence_level",
  "innovation-types": "types",
  "clinical-areas": "clinical_areas",
  "care-settings": "care_settings",
  regions: "regions",
  "organisation-types": "organisation_types",
};
// The browse page's sorts (without words its default is "title", with words it is
// relevance, which the embed cannot rank by; the embed's default is "newest").
const titles = new Intl.Collator(language);
const SORTS = {
  title: (a, b) => titles.compare(a.title, b.title),
  newest: (a, b) => (a.last_reviewed < b.last_reviewed ? 1 : a.last_reviewed > b.last_reviewed ? -1 : 0),
  adopted: (a, b) => b.adoptions - a.adoptions,
};
const BROWSE_DEFAULT_SORT = "title";
const EMBED_DEFAULT_SORT = "newest";

/** Lower case, without accents: "Évaluation" finds "evaluation". */
function folded(text) {
  return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** What the query string asks for: known facets with their known term ids, words, sort, limit. */
export function readFilters(search, facets, cap) {
  const params = new URLSearchParams(search);
  const chosen = {};
  for (const [name, terms] of Object.entries(facets)) {
    const ids = (params.get(name) || "").split(",").filter((id) => Object.prototype.hasOwnProperty.call(terms, id));
    if (ids.length) chosen[name] = ids;
  }
  const words = folded(params.get("q") || "").split(/\s+/).filter(Boolean);
  const sort = Object.prototype.hasOwnProperty.call(SORTS, params.get("sort")) ? params.get("sort") : EMBED_DEFAULT_SORT;
  const asked = Number.parseInt(params.get("limit") || "", 10);
  const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, cap) : cap;
  return { chosen, words, sort, limit, query: (params.get("q") || "").trim() };
}

/** The innovations matching every facet (any of its terms) and every word. */
export function matches(rows, filters) {
  const facets = Object.entries(filters.chosen);
  return rows.filter((row) => {
    for (const [name, ids] of facets) {
      const value = row[FIELDS[name]];
      const values = Array.isArray(value) ? value : [value];
      if (!ids.some((id) => values.includes(id))) return false;
    }
    if (!filters.words.length) return true;
    const text = folded(`${row.title} ${row.summary} ${row.organisation}`);
    return filters.words.every((word) => text.includes(word));
  });
}

/** The browse page's query string for the same filters and order (the sort left
 * out when it is the browse page's default: "title", when there are no words). */
export function browseQuery(filters) {
  const params = new URLSearchParams();
  if (filters.query) params.set("q", filters.query);
  for (const [name, ids] of Object.entries(filters.chosen)) params.set(name, ids.join(","));
  if (filters.query || filters.sort !== BROWSE_DEFAULT_SORT) params.set("sort", filters.sort);
  const query = params.toString();
  return query ? `?${query}` : "";
}

class EmbeddedList {
  constructor(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector(".ix-e__data").textContent);
    this.site = root.dataset.site;
    this.base = new URL(root.dataset.root, document.baseURI);
    this.list = root.querySelector(".ix-e__list");
    this.status = root.querySelector(".ix-e__status");
    this.more = root.querySelector(".ix-e__more a");
  }

  async start() {
    let rows;
    try {
      const response = await fetch(new URL(this.root.dataset.index, document.baseURI), { credentials: "omit" });
      if (!response.ok) return; // the static list stays
      rows = (await response.json()).innovations;
      if (!Array.isArray(rows)) return;
    } catch {
      return;
    }
    const filters = readFilters(location.search, this.data.facets, this.data.cap);
    const browse = new URL(`browse/${browseQuery(filters)}`, this.base).href;
    const missing = Object.keys(filters.chosen).filter((name) => rows.length && !(FIELDS[name] in rows[0]));
    if (missing.length) {
      // The index cannot say which innovations match: send readers to the exchange.
      this.list.replaceChildren();
      this.status.textContent = t("These filters can only be applied on {site}.", { site: this.site });
      this.link(browse, t("See the matching innovations on {site}", { site: this.site }));
      return;
    }
    const found = matches(rows, filters).sort((a, b) => SORTS[filters.sort](a, b) || (a.id < b.id ? -1 : 1));
    const shown = found.slice(0, filters.limit);
    this.list.replaceChildren(...shown.map((row) => this.item(row)));
    const n = found.length;
    this.status.textContent = tn("{n} innovation matches.", "{n} innovations match.", n);
    this.link(browse, filters.words.length
      ? t("See the full search on {site}", { site: this.site })
      : tn("See the {n} match on {site}", "See all {n} matches on {site}", n, { site: this.site }));
    this.root.dataset.results = String(n); // for tests, in any language
  }

  link(href, text) {
    this.more.href = href;
    this.more.textContent = text;
  }

  label(facet, id) {
    return (this.data.facets[facet] || {})[id] || id;
  }

  item(row) {
    // The page's address is made from the id (a validated slug), never taken from the data.
    const href = new URL(`innovations/${encodeURIComponent(row.id)}/`, this.base).href;
    const facts = [
      this.label("stages", row.stage),
      this.label("evidence-levels", row.evidence_level),
      tn("{n} adoption", "{n} adoptions", Number(row.adoptions) || 0),
    ].join(" · ");
    return el("li", {},
      el("a", { href, target: "_blank", rel: "noopener", text: String(row.title) }), " ",
      el("span", { text: facts }));
  }
}

document.querySelectorAll("[data-ix-embed]").forEach((root) => new EmbeddedList(root).start());
