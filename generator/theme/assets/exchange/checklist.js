// The readiness checklist (generator/pages/templates/_checklist.html.j2): on the
// exchange's checklist page (checklist/), and in each adoption pack, which holds only a
// link to that page: here the pack fetches the page and shows its checklist in place.
// Without JavaScript the questions are a printable list with empty boxes drawn by CSS.
// Here each question becomes a checkbox; the ticked ids are kept in this browser's
// localStorage under ix-checklist:<the pack's innovation id> (or, on the checklist page,
// not tied to an innovation, under ix-checklist), and nowhere else: nothing is sent, no
// cookie is set. Export writes a Markdown file in the browser (a Blob and a download
// link); Print is the browser's; Clear removes the key.
import { el, t, tn } from "./common.js";

/** ``text`` on one line as Markdown that reads as written: no emphasis, link, HTML,
 * character reference (``&amp;``), table cell, or heading or list marker at its start. */
function markdownText(text) {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^[#+-]/, (c) => `\\${c}`)
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

/** A Markdown link; the address in <...> (it may hold parentheses), with < and > encoded. */
function markdownLink(title, href) {
  return `[${markdownText(title)}](<${href.replace(/</g, "%3C").replace(/>/g, "%3E")}>)`;
}

/** localStorage, or null where the browser refuses it (a privacy setting). */
function storage() {
  try {
    const probe = "ix-checklist-probe"; // not ix-checklist:<id>: an innovation may be "probe"
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return null;
  }
}

class Checklist {
  constructor(root) {
    this.root = root;
    // The pack's innovation: answers are kept per innovation, exported under its id. On
    // the checklist page there is none: its answers have a key of their own.
    this.pack = root.closest("[data-ix-pack]");
    this.key = this.pack ? `ix-checklist:${this.pack.dataset.ixPack}` : "ix-checklist";
    this.store = storage();
    this.status = root.querySelector(".ix-checklist__status");
    this.boxes = new Map(); // question id -> its checkbox
  }

  start() {
    for (const item of this.root.querySelectorAll(".ix-checklist__item")) this.addBox(item);
    const saved = this.load();
    for (const [id, box] of this.boxes) box.checked = saved.has(id);
    this.root.classList.add("ix-checklist--live");
    this.root.querySelector(".ix-checklist__privacy").hidden = false;
    this.root.querySelector(".ix-checklist__actions").hidden = false;
    this.root.addEventListener("change", (event) => {
      if (event.target.matches(".ix-checklist__box")) this.save();
    });
    const actions = { export: () => this.exportMarkdown(), print: () => window.print(), clear: () => this.clear() };
    for (const button of this.root.querySelectorAll("[data-action]")) {
      button.addEventListener("click", () => actions[button.dataset.action]());
    }
    if (!this.store) this.say(t("This browser does not let the page keep your answers: they will be lost when you leave it."));
  }

  /** The question's text becomes the label of a checkbox put before it. */
  addBox(item) {
    const id = item.dataset.question;
    const text = item.querySelector(".ix-checklist__text");
    const inputId = `ix-readiness-q-${id}`; // stages are ix-readiness-stage-<id>: never the same
    const box = el("input", { type: "checkbox", id: inputId, class: "ix-checklist__box" });
    const label = el("label", { for: inputId, class: "ix-checklist__text", lang: text.getAttribute("lang") });
    label.append(...text.childNodes);
    text.replaceWith(label);
    item.prepend(box);
    this.boxes.set(id, box);
  }

  /** The ticked question ids saved for this innovation (ids no longer asked are ignored). */
  load() {
    try {
      const data = JSON.parse(this.store?.getItem(this.key) || "null");
      return new Set(Array.isArray(data?.ticked) ? data.ticked.filter((id) => this.boxes.has(id)) : []);
    } catch {
      return new Set();
    }
  }

  ticked() {
    return [...this.boxes].filter(([, box]) => box.checked).map(([id]) => id);
  }

  save() {
    const ticked = this.ticked();
    if (!this.store) return;
    try {
      if (ticked.length) this.store.setItem(this.key, JSON.stringify({ version: 1, ticked }));
      else this.store.removeItem(this.key);
    } catch {
      this.say(t("This browser does not let the page keep your answers: they will be lost when you leave it."));
      return;
    }
    const total = this.boxes.size;
    this.say(tn("{n} of {total} ticked, saved in this browser.", "{n} of {total} ticked, saved in this browser.", ticked.length, { total }));
  }

  clear() {
    if (!window.confirm(t("Clear all your answers to this checklist? This cannot be undone."))) return;
    for (const box of this.boxes.values()) box.checked = false;
    this.store?.removeItem(this.key);
    this.say(t("Answers cleared: nothing is kept in this browser now."));
  }

  /** The checklist as Markdown: title, date, each stage a heading, each question a task. */
  markdown() {
    // The pack's section heading, or the checklist page's title: both ix-readiness.
    const heading = document.getElementById("ix-readiness").textContent.trim();
    const now = new Date(); // the visitor's own date, written as ISO 8601 reads everywhere
    const date = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
    // Translators: the title of an exported checklist: "Readiness checklist: Remote monitoring".
    const title = this.pack ? t("{checklist}: {innovation}", { checklist: heading, innovation: this.pack.dataset.innovation }) : heading;
    const lines = [`# ${markdownText(title)}`, ""];
    lines.push(markdownText(t("Exported on {date} from {address}", { date, address: location.href.split("#")[0] })), "");
    for (const node of this.root.querySelectorAll(".ix-checklist__pathway, .ix-checklist__intro, .ix-checklist__notice p")) {
      const text = markdownText(node.textContent);
      lines.push(node.matches(".ix-checklist__pathway, .admonition-title") ? `**${text}**` : text, "");
    }
    for (const stage of this.root.querySelectorAll(".ix-checklist__stage")) {
      lines.push(`## ${markdownText(stage.textContent)}`, "");
      const about = stage.nextElementSibling;
      if (about.matches(".ix-checklist__description")) lines.push(markdownText(about.textContent), "");
      const list = this.root.querySelector(`ul[aria-labelledby="${stage.id}"]`);
      for (const item of list.querySelectorAll(".ix-checklist__item")) {
        const box = this.boxes.get(item.dataset.question);
        lines.push(`- [${box.checked ? "x" : " "}] ${markdownText(item.querySelector(".ix-checklist__text").textContent)}`);
        const links = [...item.querySelectorAll(".ix-checklist__guidance a")].map((a) => markdownLink(a.textContent, a.href));
        // Translators: under a checklist question, links to published guidance on it.
        const guidance = t("Guidance: {links}", { links: links.join(", ") });
        if (links.length) lines.push(`  - ${guidance}`);
      }
      lines.push("");
    }
    const sources = this.root.querySelectorAll(".ix-checklist__sources li");
    if (sources.length) {
      lines.push(`## ${markdownText(this.root.querySelector("#ix-readiness-sources").textContent)}`, "");
      for (const source of sources) {
        const link = source.querySelector("a");
        const rest = markdownText(source.textContent.slice(link.textContent.length)); // ", publisher (year)"
        const gap = rest && !rest.startsWith(",") ? " " : "";
        lines.push(`- ${markdownLink(link.textContent, link.href)}${gap}${rest}`);
      }
      lines.push("");
    }
    return lines.join("\n");
  }

  exportMarkdown() {
    const file = this.pack ? `readiness-checklist-${this.pack.dataset.ixPack}.md` : "readiness-checklist.md";
    const blob = new Blob([this.markdown()], { type: "text/markdown;charset=utf-8" });
    const address = URL.createObjectURL(blob);
    const link = el("a", { href: address, download: file, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(address), 10_000);
    this.say(t("Downloaded {file}.", { file }));
  }

  /** A polite announcement; emptied first so the same words are announced again. */
  say(message) {
    this.status.textContent = "";
    setTimeout(() => { this.status.textContent = message; }, 50);
  }
}

/** The checklist page's checklist, shown in a pack where ``link`` (to that page) is: fetched
 * from this origin only. That page is the site's own, built from content/pathway.yml with
 * every field escaped, so it is trusted as the pack itself is; its scripts are dropped all
 * the same (this one already runs), its relative addresses made absolute against the
 * page's, and it is put in place of the link's paragraph (after it if the reader is on
 * the link: focus stays where it is), then started as if it had been there. Whatever
 * fails, the link stays and leads to the page. */
async function showInPack(link) {
  const address = new URL(link.getAttribute("href"), location.href);
  if (address.origin !== location.origin) return;
  const response = await fetch(address, { credentials: "same-origin" });
  if (!response.ok) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const part = page.querySelector("[data-ix-checklist]");
  if (!part) return;
  for (const script of part.querySelectorAll("script")) script.remove();
  for (const node of part.querySelectorAll("[href], [src]")) {
    for (const name of ["href", "src"]) {
      const value = node.getAttribute(name);
      if (value !== null) node.setAttribute(name, new URL(value, response.url).href);
    }
  }
  const root = document.importNode(part, true);
  const paragraph = link.closest("p") || link;
  if (paragraph.contains(document.activeElement)) paragraph.after(root);
  else paragraph.replaceWith(root);
  new Checklist(root).start();
}

document.querySelectorAll("[data-ix-checklist]").forEach((root) => new Checklist(root).start());
document.querySelectorAll("a[data-ix-checklist-from]").forEach((link) => {
  showInPack(link).catch(() => {}); // offline, or the page is gone: the link still leads there
});
