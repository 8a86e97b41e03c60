// Header search: results as you type, with highlighted excerpts, announced to
// screen readers. Without JavaScript the form submits to the browse page.
import { debounce, el, excerpt, pagefind, safeUrl, t, tn } from "./common.js";

const MAX_RESULTS = 8;

function setUp(box) {
  const input = box.querySelector(".ix-search__input");
  const panel = box.querySelector(".ix-search__results");
  const list = box.querySelector(".ix-search__list");
  const status = box.querySelector("[role=status]");
  const form = box.querySelector("form");
  let sequence = 0;

  // No aria-expanded on the input: it is a searchbox, which does not support it
  // (axe aria-allowed-attr); the results are announced through the status instead.
  const close = () => {
    panel.hidden = true;
  };
  const links = () => [...list.querySelectorAll("a")];
  // Open below Material's navigation tabs while they show under the header, never
  // over them: a half-covered tab is too small a target (WCAG 2.5.8, axe target-size).
  const place = () => {
    const tabs = document.querySelector(".md-tabs");
    let top = input.getBoundingClientRect().bottom + 4;
    if (tabs && tabs.offsetHeight) {
      const area = tabs.getBoundingClientRect();
      if (area.bottom > top && area.top < top + 16) top = area.bottom;
    }
    panel.style.top = `${top - box.getBoundingClientRect().top}px`;
  };
  const open = () => {
    place();
    panel.hidden = false;
  };

  async function run() {
    const query = input.value.trim();
    const mine = ++sequence;
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      close();
      return;
    }
    let pf;
    try {
      pf = await pagefind();
    } catch {
      status.textContent = t("Search is not available on this copy of the site.");
      return;
    }
    const search = await pf.search(query);
    if (mine !== sequence || !search) return;
    const data = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (mine !== sequence) return;
    const items = data.map((d) =>
      el("li", { class: "ix-search__item" },
        el("a", { href: safeUrl(d.url), class: "ix-search__link" },
          el("span", { class: "ix-search__title", text: d.meta.title || d.url }),
          d.filters && d.filters.kind ? el("span", { class: "ix-search__kind", text: d.filters.kind[0] }) : null,
          el("span", { class: "ix-search__excerpt" }, excerpt(d.excerpt)))));
    const total = search.results.length;
    if (total > MAX_RESULTS) {
      const more = new URL(form.getAttribute("action"), document.baseURI);
      more.searchParams.set("q", query);
      items.push(el("li", { class: "ix-search__item ix-search__item--more" },
        el("a", { href: more.href, class: "ix-search__link", text: t("See all matching innovations") })));
    }
    // Results that arrive while the reader is moving through older ones keep
    // the focus at the same place in the list, not lost on a removed link.
    const focused = links().indexOf(document.activeElement);
    list.replaceChildren(...items);
    if (focused >= 0) {
      const now = links();
      (now.length ? now[Math.min(focused, now.length - 1)] : input).focus();
    }
    status.textContent = total === 0
      ? t("No results for {query}", { query })
      : tn(
        "{n} result for {query}. Press the down arrow to go to them.",
        "{n} results for {query}. Press the down arrow to go to them.",
        total,
        { query },
      );
    if (total === 0) list.append(el("li", { class: "ix-search__empty", text: t("No results for “{query}”.", { query }) }));
    open();
  }

  input.setAttribute("aria-controls", panel.id);
  input.addEventListener("input", debounce(run, 150));
  input.addEventListener("focus", () => { if (list.children.length) open(); });
  window.addEventListener("scroll", () => { if (!panel.hidden) place(); }, { passive: true });
  box.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      close();
      input.focus();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      open();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    }
  });
  document.addEventListener("click", (event) => { if (!box.contains(event.target)) close(); });
  box.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !box.contains(event.relatedTarget)) close();
  });
}

document.querySelectorAll("[data-ix-search]").forEach(setUp);
