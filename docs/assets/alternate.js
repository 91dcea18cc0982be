// The language switch (overrides/partials/alternate.html) links to the same page in the other
// edition; both editions use the same anchors, so carry the current one along: a reader on
// en/measures/#measures-4-2 lands on measures/#measures-4-2. Hand-written (not generated).
for (const link of document.querySelectorAll("a.md-select__link[hreflang]")) {
  link.addEventListener("click", () => {
    if (location.hash) link.hash = location.hash;
  });
}
