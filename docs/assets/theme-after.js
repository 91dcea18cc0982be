// The questionnaire page's theme scripts, run after its first question is on screen. Hand-written
// (not generated). overrides/main.html turns the theme's <script src> tags on this page into
// <link rel="preload" data-theme-script> (so they download at once); this runs them in order after
// DOMContentLoaded and the next frame, then tells Material the document is ready: its bundle
// starts its components on DOMContentLoaded, which has passed by then, so the event is sent again.

const sources = [...document.querySelectorAll("link[data-theme-script]")].map((link) => link.href);

function load(source) {
  return new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = source;
    script.onload = script.onerror = resolve;
    document.body.append(script);
  });
}

async function run() {
  for (const source of sources) await load(source);
  document.dispatchEvent(new Event("DOMContentLoaded"));
}

function afterFirstFrame() {
  requestAnimationFrame(() => setTimeout(run, 0));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", afterFirstFrame, { once: true });
else afterFirstFrame();
