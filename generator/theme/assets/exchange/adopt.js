// The adoption pack (innovations/<id>/adopt/): loaded as a classic script in the head,
// so the palette the reader chose on the site (Material keeps it in localStorage under
// "<site path>.__palette") is set before the first paint; without a choice the stylesheet
// follows the system's. Then the Print button, hidden without JavaScript, is shown.
(() => {
  const root = document.documentElement;
  try {
    const scope = new URL(root.dataset.ixRoot || "/", location).pathname;
    const palette = JSON.parse(localStorage.getItem(`${scope}.__palette`));
    const color = palette && palette.color;
    if (color && color.media !== "(prefers-color-scheme)") {
      if (color.scheme === "slate") root.dataset.ixScheme = "dark";
      else if (color.scheme === "default") root.dataset.ixScheme = "light";
    }
  } catch {
    // No storage (a privacy setting) or nothing readable in it: the system's palette.
  }
  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("[data-ix-print]")) {
      button.hidden = false;
      button.addEventListener("click", () => window.print());
    }
  });
})();
