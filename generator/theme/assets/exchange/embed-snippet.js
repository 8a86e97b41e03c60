// "Embed this" on the innovation and browse pages: the iframe code made absolute
// (the page's own address), following the browse page's filters as they change,
// and a Copy button that says politely whether it worked. Without JavaScript
// the code is in a read-only text box, ready to select and copy.
import { debounce, t } from "./common.js";

/** ``text`` safe inside a double-quoted HTML attribute. */
function attribute(text) {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

class Snippet {
  constructor(root) {
    this.root = root;
    this.code = root.querySelector("textarea");
    this.button = root.querySelector("button");
    this.status = root.querySelector("[role=status]");
  }

  start() {
    this.refresh();
    this.code.addEventListener("focus", () => this.code.select());
    this.root.addEventListener("toggle", () => this.refresh());
    if ("followFilters" in this.root.dataset) {
      // browse.js keeps its filters in the address (history.replaceState, no event):
      // read it again once the browser has written it.
      const later = debounce(() => this.refresh(), 400);
      for (const type of ["change", "input", "click"]) document.addEventListener(type, later);
    }
    if (navigator.clipboard && window.isSecureContext) {
      this.button.hidden = false;
      this.button.addEventListener("click", () => this.copy());
    }
  }

  /** The code with the embed's absolute address (and the browse page's filters). */
  refresh() {
    const src = new URL(this.root.dataset.src, document.baseURI);
    if ("followFilters" in this.root.dataset) src.search = location.search;
    // A function, not a string: in a replacement string "$&" and "$'" are patterns,
    // and the address comes from whoever wrote the link the visitor followed.
    const value = `src="${attribute(src.href)}"`;
    this.code.value = this.code.value.replace(/src="[^"]*"/, () => value);
  }

  async copy() {
    this.refresh();
    let message;
    try {
      await navigator.clipboard.writeText(this.code.value);
      message = t("Code copied.");
    } catch {
      this.code.focus();
      message = t("Could not copy: the code is selected, copy it with your keyboard or menu.");
    }
    // Emptied first, so the same message is announced again on a second copy.
    this.status.textContent = "";
    setTimeout(() => { this.status.textContent = message; }, 100);
  }
}

document.querySelectorAll("[data-ix-embed-snippet]").forEach((root) => new Snippet(root).start());
