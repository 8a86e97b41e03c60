// "Add to compare": the innovations a visitor has chosen to compare, kept in this
// browser only (localStorage "ix-compare", at most four: no cookie, nothing sent
// anywhere), a toggle button on each innovation (browse cards and search results,
// the innovation page) and a "Compare (n)" link to the comparison. The buttons
// exist only when this script runs. browse.js (on every page) and compare.js
// import it; it sets up the page's [data-ix-compare] slots, the static cards
// inside [data-ix-compare-cards] and the [data-ix-compare-tray] links itself.
import { el, siteRoot, t, tn } from "./common.js";

export const KEY = "ix-compare";
/** The most innovations one comparison shows (generator/pages/compare.py's MOST). */
export const MOST = 4;
// An innovation's id is a slug (generator/scalars.py's SLUG_PATTERN and SLUG_MAX).
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ID_MAX = 80;

let memory = []; // the choice while localStorage is unavailable (blocked, full)

export function isId(value) {
  return typeof value === "string" && value.length <= ID_MAX && ID.test(value);
}

/** ``values`` that are ids, each once, in their order. */
export function ids(values) {
  return [...new Set(values.filter(isId))];
}

/** The innovations chosen in this browser, in the order they were chosen. */
export function chosen() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(stored) ? ids(stored).slice(0, MOST) : [];
  } catch {
    return memory.slice();
  }
}

/** Keep ``values`` as the choice (at most MOST) and show it on the page's buttons. */
export function choose(values) {
  memory = ids(values).slice(0, MOST);
  try {
    localStorage.setItem(KEY, JSON.stringify(memory));
  } catch {
    // Storage refused (private mode, quota): the choice lasts as long as the page.
  }
  refresh();
}

/** The comparison's address for these ids. */
export function compareHref(values) {
  const url = new URL("compare/", siteRoot());
  if (values.length) url.search = `?ids=${values.join(",")}`;
  return url.href;
}

/** The id of the innovation page ``href`` leads to on this site, or null. */
export function innovationId(href) {
  const root = siteRoot().pathname;
  const path = new URL(href, document.baseURI).pathname;
  if (!path.startsWith(root)) return null;
  const found = /^innovations\/([^/]+)\/(?:index\.html)?$/.exec(path.slice(root.length));
  return found && isId(found[1]) ? found[1] : null;
}

/** The page's buttons and links, brought in line with the stored choice. */
export function refresh() {
  const now = chosen();
  for (const button of document.querySelectorAll("button[data-ix-compare-id]")) {
    button.setAttribute("aria-pressed", String(now.includes(button.dataset.ixCompareId)));
  }
  for (const link of document.querySelectorAll("a.ix-compare-tray__link")) {
    link.hidden = now.length === 0;
    link.href = compareHref(now);
    // Translators: a link to the comparison; {n} is how many innovations are chosen.
    link.textContent = t("Compare ({n})", { n: now.length });
  }
}

/** Say ``message`` in a status region, emptied first so a repeat is announced again. */
function say(status, message) {
  status.textContent = "";
  setTimeout(() => { status.textContent = message; }, 100);
}

function flip(id, status) {
  const now = chosen();
  if (now.includes(id)) {
    choose(now.filter((other) => other !== id));
    status.textContent = "";
  } else if (now.length >= MOST) {
    say(status, tn(
      "You can compare at most {n} innovation at a time: remove one to add another.",
      "You can compare at most {n} innovations at a time: remove one to add another.",
      MOST,
    ));
  } else {
    choose([...now, id]);
    status.textContent = "";
  }
}

/** An "Add to compare" toggle for innovation ``id``; ``title``, when given, is read
 * after the button's words by screen readers (a card's button among many). */
export function toggle(id, title = "") {
  const button = el("button", {
    type: "button",
    class: "md-button ix-compare-toggle__button",
    "aria-pressed": String(chosen().includes(id)),
    "data-ix-compare-id": id,
  // Translators: a toggle button that puts an innovation in (or takes it out of) the comparison.
  }, t("Add to compare"), title ? el("span", { class: "ix-visually-hidden", text: ` ${title}` }) : null);
  const status = el("span", { class: "ix-compare-toggle__status", role: "status" });
  button.addEventListener("click", () => flip(id, status));
  return el("div", { class: "ix-compare-toggle" }, button, status);
}

/** The "Compare (n)" link, shown while at least one innovation is chosen. */
function trayLink() {
  const now = chosen();
  return el("a", {
    class: "md-button ix-compare-tray__link",
    href: compareHref(now),
    hidden: now.length === 0,
    // Translators: a link to the comparison; {n} is how many innovations are chosen.
    text: t("Compare ({n})", { n: now.length }),
  });
}

function start() {
  for (const slot of document.querySelectorAll("[data-ix-compare]")) {
    if (isId(slot.dataset.ixCompare)) slot.append(toggle(slot.dataset.ixCompare), trayLink());
  }
  for (const card of document.querySelectorAll("[data-ix-compare-cards] .ix-card")) {
    const link = card.querySelector(".ix-card__title a");
    const id = link && innovationId(link.href);
    if (id) card.append(toggle(id, link.textContent));
  }
  for (const tray of document.querySelectorAll("[data-ix-compare-tray]")) tray.append(" ", trayLink());
  // Another tab changed the choice: follow it.
  window.addEventListener("storage", (event) => { if (event.key === KEY || event.key === null) refresh(); });
}

start();
