// The comparison (compare/?ids=a,b): two to four innovations side by side, in a
// table built from the open data the build writes (api/v1/innovations/<id>.json,
// vocabularies.json for the terms' labels). The choice lives in the address, so a
// comparison can be shared; ids that are not in the exchange are reported and left
// out, and past the fourth the rest are left out with a note. Every request stays
// on the exchange (relative URLs); values are set as text, never as HTML.
import { choose, chosen, isId, MOST } from "./compare-choice.js";
import { el, language, t, tn } from "./common.js";

/** Lower case, without accents: "évaluation" finds "Evaluation". */
function folded(text) {
  return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();
}

/** What the address asks for: ids in order (at most 100 read), and whether it said. */
export function requested(search) {
  const params = new URLSearchParams(search);
  if (!params.has("ids")) return null;
  return [...new Set(params.get("ids").split(",").map((id) => id.trim()).filter(Boolean))].slice(0, 100);
}

class Comparison {
  constructor(root) {
    this.root = root;
    const data = root.dataset;
    this.most = Number.parseInt(data.most, 10) || MOST;
    this.locale = data.locale || language;
    this.currency = data.currency || "";
    const here = (path) => new URL(path, document.baseURI);
    this.urls = {
      innovations: here(data.innovations),
      index: here(data.index),
      vocabularies: here(data.vocabularies),
      pages: here(data.pages),
    };
    this.records = []; // the innovations compared, in order
    this.labels = new Map(); // vocabulary name -> Map(term id -> label)
    this.index = null; // the API's index, loaded when the reader adds an innovation
    this.lists = new Intl.ListFormat(this.locale, { type: "conjunction" });
    this.numbers = new Intl.NumberFormat(this.locale);
    this.dates = new Intl.DateTimeFormat(this.locale, { dateStyle: "long", timeZone: "UTC" });
    this.months = new Intl.DateTimeFormat(this.locale, { year: "numeric", month: "long", timeZone: "UTC" });
  }

  async start() {
    const nojs = this.root.querySelector(".ix-compare__nojs");
    if (nojs) nojs.hidden = true;
    this.build();
    const asked = requested(location.search);
    const wanted = asked ?? chosen();
    const [, loaded] = await Promise.all([this.loadLabels(), this.load(wanted)]);
    this.records = loaded.records;
    this.report(loaded, wanted);
    // A link whose innovations are all gone leaves the reader's own choice as it was.
    this.update(asked === null || this.records.length > 0);
    this.root.dataset.ready = "true"; // for tests, in any language
  }

  build() {
    this.notes = el("div", { class: "ix-compare__notes", role: "status", "aria-live": "polite" });
    this.output = el("div", { class: "ix-compare__output" });
    this.input = el("input", { id: "ix-compare-add", type: "text", list: "ix-compare-suggestions", autocomplete: "off" });
    this.suggestions = el("datalist", { id: "ix-compare-suggestions" });
    this.addStatus = el("p", { class: "ix-compare__status", role: "status", "aria-live": "polite" });
    this.form = el("form", { class: "ix-compare__add", "aria-labelledby": "ix-compare-add-heading" },
      el("h2", { id: "ix-compare-add-heading", text: t("Add an innovation") }),
      el("div", { class: "ix-field" },
        el("label", { for: this.input.id, text: t("Innovation's name") }),
        el("div", { class: "ix-compare__row" }, this.input,
          // Translators: a button that adds the innovation named in the box to the comparison.
          el("button", { type: "submit", class: "md-button", text: t("Add") }))),
      this.suggestions, this.addStatus);
    this.link = el("input", { id: "ix-compare-link", type: "text", readonly: true, class: "ix-compare__address" });
    this.copy = el("button", { type: "button", class: "md-button", hidden: true, text: t("Copy link") });
    this.copyStatus = el("p", { class: "ix-compare__status", role: "status", "aria-live": "polite" });
    this.share = el("div", { class: "ix-compare__share ix-field" },
      el("label", { for: this.link.id, text: t("Link to this comparison") }),
      el("div", { class: "ix-compare__row" }, this.link, this.copy), this.copyStatus);
    this.root.append(this.notes, this.output, this.share, this.form);

    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.add(); });
    // The suggestions' data is only fetched for a reader who adds one.
    for (const type of ["focus", "pointerdown"]) this.input.addEventListener(type, () => this.loadIndex(), { once: true });
    this.link.addEventListener("focus", () => this.link.select());
    if (navigator.clipboard && window.isSecureContext) {
      this.copy.hidden = false;
      this.copy.addEventListener("click", () => this.copyLink());
    }
  }

  // --- data ---------------------------------------------------------------------------

  /** One innovation's record: {record}, {unknown: true} (not published) or {failed: true}. */
  async fetchRecord(id) {
    if (!isId(id)) return { unknown: true };
    try {
      const response = await fetch(new URL(`${id}.json`, this.urls.innovations), { credentials: "omit" });
      if (response.status === 404) return { unknown: true };
      if (!response.ok) return { failed: true };
      const record = await response.json();
      return record && record.id === id && typeof record.title === "string" ? { record } : { failed: true };
    } catch {
      return { failed: true };
    }
  }

  /** The first ``most`` innovations of ``wanted`` that exist, fetched a few at a time
   * (as many as still fit), and what was left out and why. */
  async load(wanted) {
    const records = [];
    const unknown = [];
    const failed = [];
    let next = 0;
    while (records.length < this.most && next < wanted.length) {
      const batch = wanted.slice(next, next + this.most - records.length);
      next += batch.length;
      const results = await Promise.all(batch.map((id) => this.fetchRecord(id)));
      results.forEach((result, i) => {
        if (result.record) records.push(result.record);
        else (result.unknown ? unknown : failed).push(batch[i]);
      });
    }
    return { records, unknown, failed, extra: wanted.length - next };
  }

  async loadLabels() {
    try {
      const response = await fetch(this.urls.vocabularies, { credentials: "omit" });
      if (!response.ok) return;
      const { vocabularies } = await response.json();
      for (const [name, vocabulary] of Object.entries(vocabularies || {})) {
        this.labels.set(name, new Map((vocabulary.terms || []).map((term) => [term.id, String(term.label)])));
      }
    } catch {
      // Without labels each term shows its id.
    }
  }

  async loadIndex() {
    if (!this.index) {
      this.index = (async () => {
        try {
          const response = await fetch(this.urls.index, { credentials: "omit" });
          const rows = response.ok ? (await response.json()).innovations : [];
          return Array.isArray(rows) ? rows.filter((row) => row && isId(row.id) && typeof row.title === "string") : [];
        } catch {
          return [];
        }
      })();
      const rows = await this.index;
      this.suggestions.replaceChildren(...rows.map((row) => el("option", { value: row.title })));
    }
    return this.index;
  }

  // --- the choice -----------------------------------------------------------------------

  get ids() {
    return this.records.map((record) => record.id);
  }

  /** The address, the stored choice, the table and the link, after any change. */
  update(store = true) {
    const query = this.ids.length ? `?ids=${this.ids.join(",")}` : "";
    history.replaceState(null, "", `${location.pathname}${query}${location.hash}`);
    if (store) choose(this.ids);
    this.link.value = location.href;
    this.share.hidden = this.ids.length === 0;
    this.output.replaceChildren(...this.table());
  }

  /** Notes on what the address asked for and could not be shown. */
  report({ unknown, failed, extra }, wanted) {
    const shown = (list) => this.lists.format(list.map((id) => id.slice(0, 100)));
    const notes = [];
    if (unknown.length) {
      notes.push(tn(
        "Not in the exchange, so left out: {ids}.",
        "Not in the exchange, so left out: {ids}.",
        unknown.length,
        { ids: shown(unknown) },
      ));
    }
    if (failed.length) {
      notes.push(t("Could not be loaded (try again later): {ids}.", { ids: shown(failed) }));
    }
    if (extra > 0) {
      notes.push(tn(
        "A comparison shows at most {n} innovation: the others in the link were left out.",
        "A comparison shows at most {n} innovations: the others in the link were left out.",
        this.most,
      ));
    }
    if (!wanted.length) notes.push(t("No innovations are chosen yet."));
    this.notes.replaceChildren(...notes.map((text) => el("p", { class: "ix-compare__note", text })));
  }

  async add() {
    const typed = folded(this.input.value);
    if (!typed) return;
    const rows = await this.loadIndex();
    const matching = rows.filter((row) => row.id === typed || folded(row.title) === typed);
    const row = matching.length === 1 ? matching[0] : matching.find((r) => r.id === typed);
    let message;
    if (!row) {
      message = t("No innovation is called “{name}”: choose one of the suggestions.", { name: this.input.value.trim() });
    } else if (this.ids.includes(row.id)) {
      message = t("{title} is already in the comparison.", { title: row.title });
    } else if (this.records.length >= this.most) {
      message = tn(
        "You can compare at most {n} innovation at a time: remove one to add another.",
        "You can compare at most {n} innovations at a time: remove one to add another.",
        this.most,
      );
    } else {
      const { record } = await this.fetchRecord(row.id);
      if (record && !this.ids.includes(record.id) && this.records.length < this.most) {
        this.records.push(record);
        this.input.value = "";
        this.update();
        message = t("{title} added to the comparison.", { title: record.title });
      } else {
        message = t("Could not be loaded (try again later): {ids}.", { ids: row.id });
      }
    }
    this.say(this.addStatus, message);
  }

  remove(id) {
    const at = this.ids.indexOf(id);
    const [record] = this.records.splice(at, 1);
    this.update();
    // Focus goes on to the column that took its place, or back to the one before.
    const buttons = this.output.querySelectorAll(".ix-compare__remove");
    (buttons[Math.min(at, buttons.length - 1)] || this.input).focus();
    this.say(this.addStatus, t("{title} removed from the comparison.", { title: record.title }));
  }

  say(status, message) {
    status.textContent = "";
    setTimeout(() => { status.textContent = message; }, 100);
  }

  async copyLink() {
    let message;
    try {
      await navigator.clipboard.writeText(this.link.value);
      message = t("Link copied.");
    } catch {
      this.link.focus();
      message = t("Could not copy: the link is selected, copy it with your keyboard or menu.");
    }
    this.say(this.copyStatus, message);
  }

  // --- the table ------------------------------------------------------------------------

  /** The table in its scrolling region, or why there is none yet. */
  table() {
    const records = this.records;
    const parts = [];
    if (records.length < 2) {
      parts.push(el("p", { class: "ix-compare__empty", text: t("Add at least two innovations to compare them side by side.") }));
    }
    if (!records.length) return parts;
    const rows = [
      [t("Stage"), (r) => this.term("stages", r.stage)],
      [t("Evidence level"), (r) => this.term("evidence-levels", r.evidence && r.evidence.level)],
      [t("NICE evidence standards tier"), (r) => (r.nice_esf_tier ? t("Tier {tier}", { tier: r.nice_esf_tier }) : this.none())],
      [t("Outcomes"), (r) => this.outcomes(r.evidence && r.evidence.outcomes)],
      [t("Costs"), (r) => this.costs(r.costs)],
      [t("Care settings"), (r) => this.terms("care-settings", r.care_settings)],
      [t("Regions"), (r) => this.terms("regions", r.regions)],
      [t("Clinical areas"), (r) => this.terms("clinical-areas", r.clinical_areas)],
      [t("Adoptions"), (r) => this.numbers.format(Number(r.adoptions) || 0)],
      [t("Last reviewed"), (r) => this.date(r.last_reviewed)],
    ];
    const caption = el("caption", { id: "ix-compare-caption", text: tn(
      "{n} innovation chosen",
      "{n} innovations side by side",
      records.length,
    ) });
    const head = el("thead", {},
      el("tr", {}, el("td"), ...records.map((r) => el("th", { scope: "col" },
        el("a", { href: new URL(`${r.id}/`, this.urls.pages).href, text: r.title })))),
      el("tr", { class: "ix-compare__actions" }, el("td"), ...records.map((r) => el("td", {}, this.removeButton(r)))));
    const body = el("tbody", {}, ...rows.map(([label, value]) => el("tr", {},
      el("th", { scope: "row", text: label }),
      ...records.map((r) => el("td", {}, value(r))))));
    parts.push(el("div", { class: "ix-compare__scroll", tabindex: "0", role: "region", "aria-labelledby": "ix-compare-caption" },
      el("table", { class: "ix-compare__table" }, caption, head, body)));
    return parts;
  }

  removeButton(record) {
    const button = el("button", { type: "button", class: "md-button ix-compare__remove" },
      // Translators: a button that takes one innovation (its column) out of the comparison.
      t("Remove"), el("span", { class: "ix-visually-hidden", text: ` ${record.title}` }));
    button.addEventListener("click", () => this.remove(record.id));
    return button;
  }

  none() {
    return el("span", { class: "ix-muted", text: t("Not given") });
  }

  label(vocabulary, id) {
    return (this.labels.get(vocabulary) || new Map()).get(id) || String(id);
  }

  term(vocabulary, id) {
    return id ? this.label(vocabulary, id) : this.none();
  }

  terms(vocabulary, values) {
    if (!Array.isArray(values) || !values.length) return this.none();
    return el("ul", { class: "ix-compare__list" }, ...values.map((id) => el("li", { text: this.label(vocabulary, id) })));
  }

  outcomes(outcomes) {
    if (!Array.isArray(outcomes) || !outcomes.length) return this.none();
    return el("ul", { class: "ix-compare__list" }, ...outcomes.map((o) => el("li", {},
      // Translators: one outcome in the comparison table, e.g. "Admissions: 30% fewer".
      t("{measure}: {result}", { measure: String(o.measure), result: String(o.result) }),
      this.source(o.source))));
  }

  /** A link to an outcome's source: https only (content is checked; this is a second lock). */
  source(url) {
    let address;
    try {
      address = new URL(url);
    } catch {
      return null;
    }
    if (address.protocol !== "https:") return null;
    return el("span", {}, " ", el("a", { href: address.href, rel: "noopener nofollow", text: t("Source") }));
  }

  money(amount, currency) {
    const whole = Number.isInteger(amount);
    try {
      return new Intl.NumberFormat(this.locale, {
        style: "currency",
        currency,
        minimumFractionDigits: whole ? 0 : 2,
        maximumFractionDigits: whole ? 0 : 2,
      }).format(amount);
    } catch {
      return `${this.numbers.format(amount)} ${currency}`;
    }
  }

  costs(costs) {
    const given = costs && (typeof costs.setup === "number" || typeof costs.annual === "number" || costs.notes);
    if (!given) return this.none();
    const currency = costs.currency || this.currency;
    const lines = [];
    if (typeof costs.setup === "number") lines.push(t("Set-up {amount}", { amount: this.money(costs.setup, currency) }));
    if (typeof costs.annual === "number") lines.push(t("{amount} a year", { amount: this.money(costs.annual, currency) }));
    return el("ul", { class: "ix-compare__list" },
      ...lines.map((text) => el("li", { text })),
      costs.notes ? el("li", { class: "ix-muted", text: String(costs.notes) }) : null);
  }

  /** A content date (YYYY, YYYY-MM or YYYY-MM-DD), written as the other pages write it. */
  date(value) {
    const found = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(String(value || ""));
    if (!found) return value ? String(value) : this.none();
    const [year, month, day] = found.slice(1).map((part) => (part ? Number(part) : null));
    let text = String(year);
    if (day) text = this.dates.format(new Date(Date.UTC(year, month - 1, day)));
    else if (month) text = this.months.format(new Date(Date.UTC(year, month - 1, 1)));
    return el("time", { datetime: found[0], text });
  }
}

document.querySelectorAll("[data-ix-compare-page]").forEach((root) => new Comparison(root).start());

