// 事件报告自查 — the page's script. Hand-written (not generated); small and boring on purpose:
// start the calculator (worker.js) as the page loads, move strings between the URL fragment and
// the worker, put the returned HTML in place, and handle failure. All the logic is Python
// (decision_tree.web); without JavaScript the same markup works as plain links to static pages.
//
// The answers live in the URL fragment only; no request ever carries them.
//
// Start-up (issue 11): a deep link shows at once the pre-rendered static page of its state
// (check/s/<state>.html, the same markup the no-JavaScript path uses), marked as such, with clock
// times filled in from the link's discovery time and each row's minutes (display only: no legal
// logic here); the live result replaces it when the calculator is ready, keeping focus and
// scroll. The worker reports download progress; the page gives up on the calculator when a file
// fails (HTTP error, wrong type, integrity), when no byte arrives for a while during downloads,
// or when Python does not finish starting after them — never while bytes still arrive on a slow
// link. Then the static answer stays, with the link's discovery time and facts still in the
// address, and the status says why in plain words. Links are read as decision_tree.web reads
// them: a key other than j/ask given twice is ignored, with a message.
//
// Issue 19: an in-page anchor (the skip link's #check, a heading's permalink, #ic-question-title)
// is never a state: a state always has key=value pairs. And the embedding's settings (presets,
// contact, language, theme, origin) travel in every state from the first click on: links
// pre-rendered at build time cannot know them, so the page adds those of the state on show.
//
// Issue 18: early.js, loaded in the page's <head>, has already asked for the static page of the
// link's state and keeps the question view from being laid out until it is replaced; the static
// page's name and the reading of a link's pairs are early.js's, shared.

import { linkParams, opensElsewhere, reveal, staticUrl as stateUrl, take } from "./early.js";

const app = document.querySelector("[data-incident-check]");
if (app) main(app);

function main(app) {
  const status = app.querySelector(".ic-status");
  const view = app.querySelector(".ic-view");
  const config = app.dataset;
  const stallMs = Number(config.stallMs || 20000); // downloading, and no byte for this long: give up
  const startMs = Number(config.startMs || 90000); // downloads done, Python not started after this long
  const tree = JSON.parse(config.tree || "[]");
  // The page's words, from decision_tree/data/ui.toml ({zh: {...}, en: {...}}): the page's own
  // language, or English for a link with lang=en (the embed page serves both).
  const allTexts = JSON.parse(config.texts || "{}");
  function language() {
    return config.lang === "en" || new URLSearchParams(here()).get("lang") === "en" ? "en" : "zh";
  }
  // A fragment without any key=value pair is an in-page anchor, never a state (as
  // decision_tree.web.state reads it).
  function isAnchor(fragment) {
    return fragment !== "" && !fragment.includes("=");
  }
  // The state on show: the address's fragment, or the last state when the address names an anchor.
  let current = isAnchor(location.hash.slice(1)) ? "" : location.hash.slice(1);
  function here() {
    return current;
  }
  // The embedding's settings and the language, as decision_tree.web.state.State.carried writes
  // them. A link that carries none of them was written without knowing them (the first question,
  // a static page): it gets those of the state on show.
  function isCarried(key) {
    return ["contact", "lang", "origin", "theme", "ask"].includes(key) || key.startsWith("preset.");
  }
  function withCarried(fragment) {
    const next = new URLSearchParams(fragment);
    if ([...next.keys()].some(isCarried)) return fragment;
    const extra = [...new URLSearchParams(here())].filter(([key]) => isCarried(key));
    if (!extra.length) return fragment;
    for (const [key, value] of extra) next.append(key, value);
    return next.toString();
  }
  function say(key, values = {}) {
    const words = allTexts[language()] || allTexts.zh || {};
    return (words[key] || key).replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
  }
  let worker = null;
  let mode = "starting"; // starting | ready | static
  let pending = new Map();
  let counter = 0;
  let last = null; // the last response, for downloads
  let first = null; // the fragment the calculator answers as its first task
  let userActed = false;
  // A 补充情况 question just answered (its id and where it stood on screen): focus stays on it.
  let keep = null;

  const embedded = window.parent !== window;
  app.classList.add("ic-has-js");
  const initial = new URLSearchParams(here());
  // A link to a later state, or in another language than the page's first question.
  const startsElsewhere = opensElsewhere(config, tree, initial);
  let preview = null; // the static answer on show while the calculator starts: its fragment
  if (startsElsewhere) {
    // The first question in the page is not this link's state: show the static one at once.
    setStatus(say("js.starting_preview"), "busy");
    showStatic(here());
  } else {
    setStatus(say("js.starting"), "busy");
    reveal();
  }
  if (embedded) {
    document.documentElement.classList.add("ic-embedded");
    openLinksOutside(document);
  }
  dress();
  if (embedded && "ResizeObserver" in window) new ResizeObserver(() => tellHost({ height: pageHeight() })).observe(document.body);

  // The page around the questionnaire in the state's language and colour scheme: the embed page
  // serves both languages (its header and footer are written in each, data-ic-lang), and an
  // embedding may set the scheme (data-theme: light, dark or auto, the reader's preference).
  function dress() {
    const lang = language();
    const root = document.documentElement;
    if (app.closest(".ic-page")) {
      root.lang = lang === "en" ? "en" : "zh-Hans";
      if (config.title) document.title = JSON.parse(config.title)[lang] || document.title;
    }
    for (const element of document.querySelectorAll("[data-ic-lang]")) element.hidden = element.dataset.icLang !== lang;
    const theme = new URLSearchParams(here()).get("theme");
    if (theme === "light" || theme === "dark") root.dataset.icTheme = theme;
    else delete root.dataset.icTheme;
  }

  function setStatus(text, kind) {
    status.textContent = text;
    status.dataset.kind = kind;
  }

  function absolute(url) {
    return new URL(url, document.baseURI).href;
  }

  function fallBack(reason) {
    if (mode === "static") return;
    mode = "static";
    if (worker) worker.terminate();
    const times = new URLSearchParams(here()).get("t") ? say("js.fallback_times") : "";
    setStatus(say("js.fallback", { reason, times }), "failed");
    app.dataset.calculator = "static";
    reveal();
    const note = view.querySelector(".ic-preview-note");
    if (note) note.textContent = say("js.preview_static");
    // From now on the links' own hrefs (static pages) lead on. The address keeps the link as it
    // came (discovery time, facts); its state is shown here from the pre-rendered static page.
    if (here() && preview !== here()) showStatic(here());
  }

  // A link read as decision_tree.web reads it: pairs in order; a key other than j/ask that is
  // given more than once is dropped entirely (its question is asked again), with a message.
  function readLink(fragment) {
    const { params, repeated } = linkParams(fragment);
    const problems = repeated.map(([key, count]) => say("js.repeated", { key: key.slice(0, 60), count }));
    return { params, problems };
  }

  // Beijing wall time of an ISO time plus minutes, for display: "11月4日 03:40".
  function beijing(discovered, minutes) {
    const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(discovered) ? discovered : `${discovered}+08:00`;
    const start = Date.parse(zoned);
    if (Number.isNaN(start)) return null;
    const due = new Date(start + minutes * 60000 + 8 * 3600000);
    const pad = (n) => String(n).padStart(2, "0");
    return {
      iso: `${due.getUTCFullYear()}-${pad(due.getUTCMonth() + 1)}-${pad(due.getUTCDate())}T${pad(due.getUTCHours())}:${pad(due.getUTCMinutes())}:00+08:00`,
      text: say("js.clock", {
        year: due.getUTCFullYear(),
        month: language() === "en" ? pad(due.getUTCMonth() + 1) : due.getUTCMonth() + 1,
        day: language() === "en" ? pad(due.getUTCDate()) : due.getUTCDate(),
        time: `${pad(due.getUTCHours())}:${pad(due.getUTCMinutes())}`,
      }),
    };
  }

  // A link that opens at a result (one forwarded by a colleague) opens with the result at the top
  // of the screen — verdict, recipient and deadline first, as after answering in the page — once,
  // and never inside an embedding (it would scroll the host page).
  // Where a result opens: its unofficial-translation line (English) or its headline.
  function openingPlace() {
    return view.querySelector("#ic-result .ic-unofficial-short, #ic-result .ic-headline");
  }
  let opened = false;
  let held = false; // opened at the result, and the reader has not moved since
  function openAtResult() {
    if (opened || userActed || embedded || !startsElsewhere) return;
    const result = openingPlace();
    if (!result) return;
    opened = held = true;
    result.scrollIntoView({ block: "start" });
    for (const type of ["wheel", "touchstart", "keydown", "mousedown"]) {
      window.addEventListener(type, () => (held = false), { once: true, passive: true });
    }
  }

  // Beside each Beijing clock time, the reader's own when the browser's zone is not UTC+8 (a
  // reader abroad would otherwise copy the wrong hour). Display only.
  function localTimes(root) {
    const pad = (n) => String(n).padStart(2, "0");
    for (const element of root.querySelectorAll("time.ic-clock[datetime], time.ic-due[datetime], time.ic-preview-due[datetime]")) {
      const moment = new Date(element.dateTime);
      if (Number.isNaN(moment.getTime()) || moment.getTimezoneOffset() === -480) continue;
      if (element.nextElementSibling && element.nextElementSibling.classList.contains("ic-local")) continue;
      // The offset as Intl's "shortOffset" writes it (GMT, GMT+1, GMT-5, GMT+5:30), without Intl:
      // a formatter costs tens of milliseconds just when a link's answer is being shown.
      const offset = -moment.getTimezoneOffset();
      const minutes = Math.abs(offset) % 60;
      const zone = offset
        ? `GMT${offset > 0 ? "+" : "-"}${Math.floor(Math.abs(offset) / 60)}${minutes ? `:${pad(minutes)}` : ""}`
        : "GMT";
      const local = document.createElement("span");
      local.className = "ic-local";
      local.textContent = say("js.local", {
        zone,
        month: language() === "en" ? pad(moment.getMonth() + 1) : moment.getMonth() + 1,
        day: language() === "en" ? pad(moment.getDate()) : moment.getDate(),
        time: `${pad(moment.getHours())}:${pad(moment.getMinutes())}`,
      });
      element.after(local);
    }
  }

  // Show the pre-rendered static page of a fragment's state in the view (before the calculator is
  // ready, or instead of it). Its links are made absolute; clock times are added for display.
  async function showStatic(fragment) {
    preview = fragment;
    const { params, problems } = readLink(fragment);
    const url = staticUrl(params);
    let doc;
    try {
      // Asked for already by early.js when this is the link the page opened with.
      const text =
        take(url) ||
        fetch(url).then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return response.text();
        });
      doc = new DOMParser().parseFromString(await text, "text/html");
    } catch (error) {
      reveal();
      if (mode === "static") location.href = url; // no copy to show here: go to the page itself
      return;
    }
    const markup = doc.querySelector(".ic-app .ic");
    if (!markup || preview !== fragment || mode === "ready") {
      if (mode !== "ready") reveal();
      return;
    }
    for (const link of markup.querySelectorAll("a[href]")) link.setAttribute("href", new URL(link.getAttribute("href"), url).href);
    // The static page's own hint ("enable JavaScript for clock times") does not apply here.
    for (const hint of markup.querySelectorAll(".ic-hint")) if (hint.textContent.includes("JavaScript")) hint.remove();
    const discovered = params.get("t");
    for (const row of markup.querySelectorAll("tr[data-within]")) {
      const due = discovered && row.dataset.within ? beijing(discovered, Number(row.dataset.within)) : null;
      const cell = row.querySelector(".ic-when");
      if (!due || !cell) continue;
      const time = doc.createElement("time");
      time.className = "ic-preview-due";
      time.dateTime = due.iso;
      time.textContent = say("js.preview_due", { due: due.text, discovered: discovered.replace("T", " ") });
      cell.append(" ", time);
    }
    // Facts or judgements the static page cannot weigh (a link written before the graded level was
    // written into it, or by hand): no verdict or deadlines that the live result may contradict.
    const unweighed =
      [...params.keys()].some((key) => key.startsWith("f.") || key === "j") && params.get("graded") !== "1";
    if (unweighed) {
      const reports = markup.querySelector('[aria-labelledby="ic-reports-title"]');
      if (reports) reports.remove();
      for (const headline of markup.querySelectorAll(".ic-headline")) {
        const instead = doc.createElement("p");
        instead.className = "ic-headline ic-preview-unweighed";
        instead.textContent = say("js.preview_unweighed");
        headline.replaceWith(instead);
      }
    }
    const note = doc.createElement("p");
    note.className = "ic-hint ic-preview-note";
    note.textContent =
      mode === "static"
        ? say("js.preview_static")
        : say("js.preview_waiting");
    if (problems.length) {
      // The same box decision_tree.web shows for a link's problems.
      const box = doc.createElement("div");
      box.className = "ic-problems";
      box.setAttribute("role", "alert");
      const list = doc.createElement("ul");
      for (const problem of problems) list.append(Object.assign(doc.createElement("li"), { textContent: problem }));
      box.append(list);
      markup.prepend(box);
    }
    markup.prepend(note);
    view.replaceChildren(document.importNode(markup, true));
    view.dataset.preview = "static";
    view.hidden = false;
    reveal();
    localTimes(view);
    openAtResult();
    if (embedded) {
      openLinksOutside(view);
      tellHost({ height: pageHeight() });
    }
  }

  // Messages to the embedding page: its height, and when a result is shown the level, whether a
  // report is required and the earliest due time — nothing else about the incident. Sent only to
  // the origin the embedding page named (embed.js puts it in the fragment).
  function tellHost(message) {
    const origin = new URLSearchParams(here()).get("origin");
    if (!embedded || !origin) return;
    const type = "height" in message ? "incident-guide:height" : "incident-guide:result";
    try {
      window.parent.postMessage({ type, ...message }, origin);
    } catch (error) {
      // A malformed origin: nothing to tell.
    }
  }

  function pageHeight() {
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }

  function openLinksOutside(root) {
    for (const link of root.querySelectorAll("a[href]:not([data-fragment])")) {
      link.target = "_blank";
      link.rel = "noopener";
    }
  }

  // Where citations and static pages are, seen from this page. The embed page serves both
  // languages: a link with lang=en uses the English edition's pages.
  function places(fragment) {
    const english = readLink(fragment).params.get("lang") === "en" && config.statesEn;
    return english ? { root: config.rootEn, states: config.statesEn } : { root: config.root, states: config.states };
  }

  // The static page of a link's state (URLSearchParams from readLink), named as
  // decision_tree.web.state_key names it (early.js).
  function staticUrl(params) {
    return stateUrl(config, tree, params);
  }

  function startCalculator() {
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      fallBack(say("js.no_wasm"));
      return;
    }
    try {
      worker = new Worker(absolute(config.worker), { type: "module" });
    } catch (error) {
      fallBack(say("js.no_worker", { error: error.message }));
      return;
    }
    // Watch progress, not the clock: while files download, give up only when no byte has come
    // for stallMs; once none is downloading, Python has startMs to finish starting.
    let lastSign = performance.now();
    let downloading = 1; // the worker's script itself, until the worker says otherwise
    const timer = setInterval(() => {
      const quiet = performance.now() - lastSign;
      if (downloading > 0 && quiet > stallMs) fallBack(say("js.stalled", { seconds: Math.round(stallMs / 1000) }));
      else if (downloading === 0 && quiet > startMs) fallBack(say("js.slow_start", { seconds: Math.round(startMs / 1000) }));
    }, 1000);
    worker.onerror = (event) => {
      clearInterval(timer);
      fallBack(event.message ? say("js.script_error", { error: event.message }) : say("js.script_missing"));
    };
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === "progress") {
        lastSign = performance.now();
        downloading = message.downloading;
      } else if (message.type === "ready") {
        clearInterval(timer);
        mode = "ready";
        app.dataset.calculator = "ready";
        setStatus(say("js.ready"), "ready");
        const fragment = here();
        if (message.first && first === fragment) show(JSON.parse(message.first), fragment, userActed);
        else if (fragment || userActed) render(fragment, userActed);
      } else if (message.type === "failed") {
        clearInterval(timer);
        fallBack(message.error);
      } else if (message.type === "rendered") {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        if (resolve) resolve(message.response);
      }
    };
    const texts = allTexts[language()] || {};
    // A link's answer is computed as the calculator's first task (instead of a warm-up), and
    // comes back with "ready".
    first = here() || null;
    const request = first === null ? null : question(first);
    worker.postMessage({ type: "init", pyodide: absolute(config.pyodide), wheel: absolute(config.wheel), texts, first: request });
  }


  // What the calculator needs to answer a fragment (the worker adds the time "now").
  function question(fragment) {
    return { fragment, ...places(fragment), lang: config.lang || "zh" };
  }

  // The incident file (incident.js, issue 20) uses this calculator and reads the last result.
  app.calculator = { ask: (request) => ask({ incident: request }), record: () => (last && last.record) || "" };

  function ask(request) {
    const id = ++counter;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ type: "render", id, request });
    });
  }

  async function render(fragment, moveFocus) {
    current = fragment;
    dress();
    if (mode === "static") {
      location.href = staticUrl(readLink(fragment).params);
      return;
    }
    if (mode !== "ready") {
      // Before the calculator is ready, the static page of the new state shows at once.
      await showStatic(fragment);
      if (moveFocus && mode !== "ready") {
        const target = view.querySelector("#ic-result, #ic-question");
        if (target) target.focus();
      }
      return;
    }
    show(JSON.parse(await ask(question(fragment))), fragment, moveFocus);
  }

  // Put a response of the calculator in place.
  function show(response, fragment, moveFocus) {
    if (response.error) {
      setStatus(say("js.error", { error: response.error }), "failed");
      return;
    }
    last = response;
    // Replacing a static preview: keep the reader's place (scroll) and focus (same id or link).
    const wasPreview = view.dataset.preview === "static";
    const scroll = window.scrollY;
    const focused = view.contains(document.activeElement) ? document.activeElement : null;
    const focusKey = focused && (focused.id ? `#${CSS.escape(focused.id)}` : focused.dataset.fragment !== undefined ? `[data-fragment="${CSS.escape(focused.dataset.fragment)}"]` : null);
    preview = null;
    delete view.dataset.preview;
    view.innerHTML = response.html;
    view.hidden = false;
    reveal();
    if (wasPreview && !moveFocus) {
      const again = focusKey && view.querySelector(focusKey);
      if (again) again.focus({ preventScroll: true });
      // Opened at the result and not scrolled since: the live result opens there too (the text
      // above it differs from the preview's); otherwise the reader's place stays.
      const result = held && openingPlace();
      if (result) result.scrollIntoView({ block: "start" });
      else window.scrollTo(window.scrollX, scroll);
    }
    if (embedded) openLinksOutside(view);
    if (response.fragment !== fragment && response.fragment && current === fragment) {
      // Record the time of discovery (and drop ignored parts) so the link can be shared as is.
      history.replaceState(null, "", `#${response.fragment}`);
      current = response.fragment;
    }
    for (const slot of view.querySelectorAll("[data-page-url]")) slot.textContent = location.href;
    localTimes(view);
    openAtResult();
    tick();
    tellHost({ height: pageHeight() });
    if (response.level) {
      tellHost({ level: response.level, must_report: response.must_report, earliest_due: response.earliest_due });
    }
    app.dispatchEvent(
      new CustomEvent("incident-check:state", {
        bubbles: true,
        detail: { level: response.level, must_report: response.must_report, earliest_due: response.earliest_due },
      }),
    );
    const kept = keep && view.querySelector(`.ic-refine-q[data-question="${CSS.escape(keep.question)}"]`);
    if (moveFocus && kept) {
      // An answer beside the result: the result changes around it, the question stays where it was.
      kept.tabIndex = -1;
      kept.focus({ preventScroll: true });
      window.scrollBy(0, kept.getBoundingClientRect().top - keep.top);
      keep = null;
    } else if (moveFocus) {
      keep = null;
      // Focus the new question or result and bring its top into view: a tall result that is
      // already partly on screen would otherwise stay scrolled to wherever the click was.
      const target = document.getElementById(response.focus);
      if (target) {
        target.focus({ preventScroll: true });
        target.scrollIntoView({ block: target.id.startsWith("ic-f-") ? "center" : "start" });
      }
    }
  }

  function go(fragment) {
    userActed = true;
    fragment = withCarried(fragment);
    if (`#${fragment}` === location.hash) render(fragment, true);
    else location.hash = fragment;
  }

  // Answer links: follow their fragment, not their static href, while the calculator is in use.
  app.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-fragment]");
    if (link && app.contains(link) && mode !== "static" && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      const refine = link.closest(".ic-refine-q[data-question]");
      keep = refine ? { question: refine.dataset.question, top: refine.getBoundingClientRect().top } : null;
      go(link.dataset.fragment);
      return;
    }
    const copy = event.target.closest("[data-copy], [data-copy-link]");
    if (copy) copyDraft(copy);
    const download = event.target.closest("[data-download]");
    if (download && last) save(download.dataset.download);
    if (event.target.closest("[data-print]")) window.print();
  });

  app.addEventListener("submit", (event) => {
    const form = event.target;
    event.preventDefault();
    const params = new URLSearchParams(here());
    if (form.classList.contains("ic-grade-form")) {
      const next = new URLSearchParams(form.dataset.fragment);
      for (const [name, value] of new FormData(form)) if (String(value).trim() !== "") next.append(name, value);
      go(next.toString());
    } else if (form.classList.contains("ic-ago-form")) {
      // "N minutes / hours ago": written as t=-Nm; the calculator makes it a clock time.
      const data = new FormData(form);
      const amount = Number(data.get("ago"));
      if (!Number.isInteger(amount) || amount < 1) return;
      params.set("t", `-${amount * (data.get("unit") === "h" ? 60 : 1)}m`);
      params.delete("ts");
      go(params.toString());
    } else if (form.classList.contains("ic-time-form") || form.classList.contains("ic-ended-form")) {
      for (const [name, value] of new FormData(form)) {
        if (String(value).trim() === "") params.delete(name);
        else params.set(name, value);
      }
      if (form.classList.contains("ic-time-form")) params.delete("ts"); // the user has given the time
      go(params.toString());
    }
  });

  window.addEventListener("hashchange", () => {
    const fragment = location.hash.slice(1);
    if (!isAnchor(fragment)) {
      render(fragment, true);
      return;
    }
    // An in-page anchor (the skip link, a permalink): the browser has moved there; the address
    // goes back to the state on show, so that it can still be shared or reloaded.
    if (current) history.replaceState(null, "", `#${current}`);
  });

  // A printed result is an audit record: print folded sections (answers, notes) open.
  window.addEventListener("beforeprint", () => {
    const folded = "details.ic-summary, details.ic-notes, details.ic-quote, details.ic-why-not";
    for (const details of app.querySelectorAll(folded)) {
      details.dataset.wasOpen = String(details.open);
      details.open = true;
    }
  });
  window.addEventListener("afterprint", () => {
    for (const details of app.querySelectorAll("details[data-was-open]")) {
      details.open = details.dataset.wasOpen === "true";
      delete details.dataset.wasOpen;
    }
  });

  // The report draft (data-copy: the textarea's id), or the link to this result (data-copy-link).
  function copyDraft(button) {
    const area = button.dataset.copy ? document.getElementById(button.dataset.copy) : null;
    const text = area ? area.value : location.href;
    const done = button.parentElement.querySelector(".ic-copied") || app.querySelector(".ic-copied");
    const report = (text) => {
      if (done) done.textContent = text;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => report(say("js.copied")), () => report(say("js.copy_by_hand")));
    } else if (area) {
      area.select();
      report(document.execCommand("copy") ? say("js.copied") : say("js.copy_by_hand"));
    } else {
      report(say("js.copy_by_hand"));
    }
  }

  function save(kind) {
    const text = kind === "ics" ? last.ics : last.record;
    if (!text) return;
    const type = kind === "ics" ? "text/calendar" : "application/json";
    const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
    const link = document.createElement("a");
    link.href = url;
    link.download = kind === "ics" ? "incident-report-deadlines.ics" : "incident-report-record.json";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // Countdown to each due time; updated every second, announced to nobody (aria-live off).
  function tick() {
    const now = Date.now();
    for (const element of app.querySelectorAll(".ic-countdown[data-due]")) {
      const left = Math.round((Date.parse(element.dataset.due) - now) / 1000);
      const span = Math.abs(left);
      const d = Math.floor(span / 86400);
      const h = Math.floor((span % 86400) / 3600);
      const m = Math.floor((span % 3600) / 60);
      const s = span % 60;
      const seconds = String(s).padStart(2, "0");
      const text =
        d > 0
          ? say("js.countdown_days", { d, h })
          : h > 0
            ? say("js.countdown_hours", { h, m, s: seconds })
            : say("js.countdown_minutes", { m, s: seconds });
      element.textContent = left >= 0 ? say("js.left", { time: text }) : say("js.overdue", { time: text });
      element.dataset.overdue = left < 0 ? "true" : "false";
    }
  }
  setInterval(tick, 1000);

  // The calculator starts at once, right after the static answer's request: that small file is
  // asked for first and is in long before the calculator's large downloads begin (the worker
  // must first load its script and pyodide.mjs), so they do not compete for a slow link.
  startCalculator();
}
