// 事件报告自查 — embed the questionnaire in an intranet page. Hand-written (not generated).
//
//   <div data-incident-guide data-cii="yes" data-contact="安全值班 分机 8001"></div>
//   <script src="https://guide.intranet.example/embed.js" defer></script>
//
// For each [data-incident-guide] element this script creates a sandboxed iframe showing the
// questionnaire from the same server as this script. Settings travel in the iframe address after
// "#", so they never reach any server:
//   data-cii            "yes" | "no" | "unknown"  — pre-answers "does the incident involve CII?"
//   data-central-organ  "yes" | "no" | "unknown"  — pre-answers "central or state organ unit?"
//   data-contact        text shown on the result (your internal escalation contact)
//   data-lang           "zh" (default) or "en" (unofficial English translation)
//   data-theme          "light" | "dark" | "auto" (default: the reader's own preference)
//   data-title          the iframe's accessible name (default: the questionnaire's name in data-lang)
// Pre-answered questions are shown as such and can be changed by the user.
//
// The iframe tells this page its height (the iframe is resized to it) and, when a result is
// shown, its level, whether a report is required and the earliest due time; this script then
// dispatches a bubbling "incident-guide:result" event on the element, with those in event.detail.
// Messages are accepted only from the questionnaire's origin, from that iframe, in that shape.

(() => {
  const script = document.currentScript;
  if (!script) return;
  const base = new URL(".", script.src);
  const guideOrigin = base.origin;
  const presets = { cii: "involves_cii", centralOrgan: "central_state_organ" };
  // The questionnaire's name in each language, written in at build time from decision_tree/data/ui.toml
  // (build_scripts/widget.py): the iframe's accessible name unless data-title gives one.
  const titles = JSON.parse('{"zh": "", "en": ""}');

  function fragmentFor(element) {
    const params = new URLSearchParams();
    for (const [attribute, question] of Object.entries(presets)) {
      const value = element.dataset[attribute];
      if (value !== undefined) params.append(`preset.${question}`, value.trim());
    }
    if (element.dataset.contact) params.append("contact", element.dataset.contact);
    if (element.dataset.lang) params.append("lang", element.dataset.lang);
    if (element.dataset.theme) params.append("theme", element.dataset.theme.trim());
    params.append("origin", location.origin);
    return params.toString();
  }

  function mount(element) {
    if (element.dataset.incidentGuideMounted) return;
    element.dataset.incidentGuideMounted = "true";
    const frame = document.createElement("iframe");
    frame.src = new URL(`embed/#${fragmentFor(element)}`, base).href;
    frame.title = element.dataset.title || titles[element.dataset.lang === "en" ? "en" : "zh"] || titles.zh;
    frame.loading = "eager";
    // Scripts and the calculator's worker need the questionnaire's own origin; downloads for the
    // record and calendar; popups for the links to the law, which open in a new tab.
    frame.setAttribute(
      "sandbox",
      "allow-scripts allow-same-origin allow-downloads allow-popups allow-popups-to-escape-sandbox allow-modals",
    );
    // 复制草稿 writes the report draft to the clipboard: a frame of another origin may only do so
    // when its embedder delegates the permission. Nothing else is delegated (no clipboard-read).
    frame.setAttribute("allow", "clipboard-write");
    frame.style.cssText = "width:100%;min-height:24rem;height:32rem;border:0;display:block;";
    element.replaceChildren(frame);

    window.addEventListener("message", (event) => {
      if (event.origin !== guideOrigin || event.source !== frame.contentWindow) return;
      const data = event.data;
      if (!data || typeof data !== "object" || typeof data.type !== "string") return;
      if (data.type === "incident-guide:height") {
        const height = Number(data.height);
        if (Number.isFinite(height) && height > 0 && height < 100000) frame.style.height = `${Math.ceil(height)}px`;
      } else if (data.type === "incident-guide:result") {
        const levels = ["especially_major", "major", "relatively_major", "general", "unknown"];
        if (!levels.includes(data.level)) return;
        const detail = {
          level: data.level,
          must_report: data.must_report === true ? true : data.must_report === false ? false : null,
          earliest_due: typeof data.earliest_due === "string" ? data.earliest_due : null,
        };
        element.dispatchEvent(new CustomEvent("incident-guide:result", { bubbles: true, detail }));
      }
    });
  }

  function mountAll() {
    for (const element of document.querySelectorAll("[data-incident-guide]")) mount(element);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
