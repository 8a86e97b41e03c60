// The faceted browser for innovations (browse page) and scouts (directory).
// Facets combine (any value within a facet, every facet together), counts are
// disjunctive (a facet's own counts ignore its own selection), the state lives
// in the URL so a filtered view can be shared, and every update is announced.
// Words typed are matched by Pagefind, best matches first ("Relevance", the sort
// without a key: generator/pages/facets.py) unless the reader chose another sort;
// without words the results follow the chosen sort, or the first with a key.
import { debounce, el, formatNumber, pagefind, safeUrl, sorts, t, tn } from "./common.js";
import { innovationId, toggle } from "./compare-choice.js";

const PAGE = 24;

// The words of each list (data.id), whole sentences so each can be translated.
const WORDS = {
  innovation: {
    search: () => t("Search within innovations"),
    list: () => t("Matching innovations"),
    more: () => t("Show more innovations"),
    matches: (n) => tn("{n} innovation matches.", "{n} innovations match.", n),
  },
  scout: {
    search: () => t("Search within scouts"),
    list: () => t("Matching scouts"),
    more: () => t("Show more scouts"),
    matches: (n) => tn("{n} scout matches.", "{n} scouts match.", n),
  },
};

class Browser {
  constructor(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector(".ix-browser__data").textContent);
    this.staticList = root.parentElement.querySelector(".ix-static-list");
    this.prefix = `ix-${this.data.id}`;
    this.words = WORDS[this.data.id] || WORDS.innovation;
    this.boxes = new Map(); // facet name -> Map(term id -> {input, item, count})
    this.sequence = 0;
    this.chosenSort = null; // the sort the reader chose (or the address gave), if any
    this.results = [];
    this.shown = 0;
  }

  async start() {
    this.build();
    this.readUrl();
    try {
      this.pf = await pagefind();
      // Counts come back only for filters already loaded: load them all once. (Only
      // here: the header search needs no filters, so its first search stays small.)
      [, this.orders] = await Promise.all([this.pf.filters(), sorts()]);
    } catch {
      return; // no search index (e.g. a plain copy of the site): the static list stays
    }
    // A keyboard user already in the static list would be left on nothing when
    // it hides: they go on from the search box that replaces it.
    const focused = this.staticList && this.staticList.contains(document.activeElement);
    if (this.staticList) this.staticList.hidden = true;
    this.form.hidden = false;
    this.output.hidden = false;
    if (focused) this.query.focus();
    await this.update();
  }

  build() {
    const { data, prefix, words } = this;
    this.query = el("input", { id: `${prefix}-q`, type: "search", name: "q", autocomplete: "off" });
    this.sortOptions = data.sorts.map((s) => el("option", { value: s.id, text: s.label }));
    this.sort = el("select", { id: `${prefix}-sort`, name: "sort" }, ...this.sortOptions);
    const facets = data.facets.map((facet) => this.buildFacet(facet));
    this.clear = el("button", { type: "button", class: "md-button ix-browser__clear", text: t("Clear all filters") });
    this.form = el("form", { class: "ix-browser__form", role: "search", "aria-label": this.root.dataset.label, hidden: true },
      el("div", { class: "ix-browser__controls" },
        el("div", { class: "ix-field" }, el("label", { for: this.query.id, text: words.search() }), this.query),
        el("div", { class: "ix-field" }, el("label", { for: this.sort.id, text: t("Sort by") }), this.sort)),
      el("div", { class: "ix-browser__facets" }, ...facets),
      this.clear);
    this.status = el("p", { class: "ix-browser__status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    this.list = el("ul", { class: "ix-cards", "aria-label": words.list() });
    this.moreButton = el("button", { type: "button", class: "md-button ix-browser__more", hidden: true, text: words.more() });
    this.output = el("div", { class: "ix-browser__output", hidden: true }, this.status, this.list, this.moreButton);
    this.root.append(this.form, this.output);

    this.sort.addEventListener("change", () => { this.chosenSort = this.sort.value; });
    this.form.addEventListener("submit", (e) => e.preventDefault());
    this.form.addEventListener("change", (e) => { if (e.target !== this.query) this.update(); });
    this.query.addEventListener("input", debounce(() => this.update(), 250));
    this.clear.addEventListener("click", () => {
      for (const terms of this.boxes.values()) for (const box of terms.values()) box.input.checked = false;
      this.query.value = "";
      this.update();
    });
    this.moreButton.addEventListener("click", () => this.more(true));
  }

  buildFacet(facet) {
    const terms = new Map();
    const items = facet.terms.map((term) => {
      const id = `${this.prefix}-${facet.name}-${term.id}`;
      const input = el("input", { type: "checkbox", id, value: term.id });
      const count = el("span", { class: "ix-count" });
      const item = el("li", {}, input, el("label", { for: id }, `${term.label} `, count));
      terms.set(term.id, { input, item, count, label: term.label });
      return item;
    });
    this.boxes.set(facet.name, terms);
    const details = el("details", { class: "ix-facet" },
      el("summary", { text: facet.label }),
      el("fieldset", {}, el("legend", { class: "ix-visually-hidden", text: facet.label }),
        el("ul", { class: "ix-facet__terms" }, ...items)));
    return details;
  }

  selected(name) {
    return [...this.boxes.get(name).entries()].filter(([, b]) => b.input.checked);
  }

  filters(except = null) {
    const filters = { kind: this.data.kind };
    for (const facet of this.data.facets) {
      if (facet.name === except) continue;
      const chosen = this.selected(facet.name).map(([, b]) => b.label);
      if (chosen.length) filters[facet.name] = { any: chosen };
    }
    return filters;
  }

  readUrl() {
    const params = new URLSearchParams(location.search);
    for (const facet of this.data.facets) {
      for (const id of (params.get(facet.name) || "").split(",")) {
        const box = this.boxes.get(facet.name).get(id);
        if (box) box.input.checked = true;
      }
    }
    this.query.value = params.get("q") || "";
    if (this.data.sorts.some((s) => s.id === params.get("sort"))) this.chosenSort = params.get("sort");
  }

  /** The sort in force for these words: the chosen one if it applies (relevance
   * needs words), else relevance with words and the first keyed sort without.
   * The select offers relevance only while there are words. */
  currentSort(words) {
    const sorts = this.data.sorts;
    const applies = (s) => Boolean(s && (s.key || words));
    const chosen = sorts.find((s) => s.id === this.chosenSort);
    const fallback = sorts.find((s) => applies(s) && !s.key) || sorts.find((s) => s.key);
    const current = applies(chosen) ? chosen : fallback;
    const offered = this.sortOptions.filter((option, i) => applies(sorts[i]));
    if (offered.length !== this.sort.options.length) this.sort.replaceChildren(...offered);
    this.sort.value = current.id;
    return { current, fallback };
  }

  writeUrl(sort) {
    const params = new URLSearchParams();
    if (this.query.value.trim()) params.set("q", this.query.value.trim());
    for (const facet of this.data.facets) {
      const ids = this.selected(facet.name).map(([id]) => id);
      if (ids.length) params.set(facet.name, ids.join(","));
    }
    if (sort.current !== sort.fallback) params.set("sort", sort.current.id);
    const query = params.toString();
    history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}`);
  }

  async update() {
    const mine = ++this.sequence;
    const term = this.query.value.trim() || null;
    const sort = this.currentSort(term);
    this.writeUrl(sort);
    const main = this.pf.search(term, { filters: this.filters() });
    // A facet with a selection counts against the other facets only, so its
    // other values stay visible and can be added ("any of").
    const own = this.data.facets.map((facet) =>
      this.selected(facet.name).length ? this.pf.search(term, { filters: this.filters(facet.name) }) : null);
    const [search, ...facetSearches] = await Promise.all([main, ...own]);
    if (mine !== this.sequence || !search) return;
    this.data.facets.forEach((facet, i) => {
      const counts = (facetSearches[i] || search).filters[facet.name] || {};
      let chosen = 0;
      for (const box of this.boxes.get(facet.name).values()) {
        const n = counts[box.label] || 0;
        box.count.textContent = `(${formatNumber(n)})`;
        if (box.input.checked) chosen += 1;
        box.item.hidden = n === 0 && !box.input.checked && !box.item.contains(document.activeElement);
      }
      const summary = this.boxes.get(facet.name).values().next().value?.item.closest("details").querySelector("summary");
      if (summary) {
        summary.textContent = chosen
          ? tn("{facet} ({n} selected)", "{facet} ({n} selected)", chosen, { facet: facet.label })
          : facet.label;
      }
      if (chosen) summary.parentElement.open = true;
    });
    this.results = this.sorted(search.results, sort.current);
    this.shown = 0;
    // The old results stay until the new ones are ready: the list never flashes empty.
    if (!(await this.more(false, true))) return;
    const n = this.results.length;
    this.status.textContent = this.words.matches(n);
    this.root.dataset.results = String(n); // for tests, in any language
  }

  /** Results in the chosen order; any page the order does not know goes last.
   * Relevance (no key) is the order Pagefind gives: by score, best first. */
  sorted(results, sortBy) {
    if (!sortBy.key) return results;
    const order = this.orders.get(sortBy.key) || new Map();
    const direction = sortBy.order === "desc" ? -1 : 1;
    const place = (r) => (order.has(r.id) ? direction * order.get(r.id) : Infinity);
    return [...results].sort((a, b) => {
      const [x, y] = [place(a), place(b)];
      return x === y ? 0 : x < y ? -1 : 1;
    });
  }

  /** "Add to compare" on an innovation's card (compare-choice.js). */
  compareToggle(d) {
    const id = this.data.id === "innovation" ? innovationId(d.url) : null;
    return id ? toggle(id, d.meta.title || "") : null;
  }

  /** Show the next page of results (``replace``: in place of the old ones, for a
   * new search); false, showing nothing, if a newer search started meanwhile. */
  async more(moveFocus, replace = false) {
    const mine = this.sequence;
    const slice = this.results.slice(this.shown, this.shown + PAGE);
    const data = await Promise.all(slice.map((r) => r.data()));
    if (mine !== this.sequence) return false;
    const cards = data.map((d) => el("li", { class: "ix-card" },
      el("h2", { class: "ix-card__title" }, el("a", { href: safeUrl(d.url), text: d.meta.title || d.url })),
      d.meta.summary ? el("p", { class: "ix-card__summary", text: d.meta.summary }) : null,
      d.meta.facts ? el("p", { class: "ix-card__facts", text: d.meta.facts }) : null,
      this.compareToggle(d)));
    if (replace) this.list.replaceChildren(...cards);
    else this.list.append(...cards);
    this.shown += slice.length;
    const done = this.shown >= this.results.length;
    if (moveFocus && cards.length) cards[0].querySelector("a").focus();
    else if (moveFocus) this.query.focus();
    this.moreButton.hidden = done;
    return true;
  }
}

document.querySelectorAll("[data-ix-browser]").forEach((root) => new Browser(root).start());
