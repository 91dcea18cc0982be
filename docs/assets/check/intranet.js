// The intranet page (both editions): write this site's real address into the snippet, in place
// of the placeholder the page names (data-placeholder). Hand-written (not generated).
const embed = new URL("../../embed.js", document.currentScript.src).href; // this is assets/check/intranet.js
for (const code of document.querySelectorAll("[data-snippet]")) {
  code.textContent = code.textContent.replace(code.dataset.placeholder, embed);
}
