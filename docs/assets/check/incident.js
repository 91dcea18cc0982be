// 事件档案 — the incident file's page script (issue 20). Hand-written (not generated); small and
// boring on purpose: keep each file in this browser's storage, ask the calculator (the same worker
// as the questionnaire, through check.js's `app.calculator`) for everything else, and put the
// returned HTML in place. Every rule, check, word and piece of markup is Python
// (decision_tree.web.incident); nothing here reads the law.
//
// Storage: localStorage, one key per file holding the whole file (one setItem: a crash mid-write
// leaves the old file or the new one, never half of one), and beside it the last view rendered
// (shown at once, before the calculator is ready). An entry is appended inside a Web Lock on the
// file, after reading the file again, so two tabs never lose each other's entries; the `storage`
// event tells the other tabs to show it. When storage is unavailable or full, files live in this
// page's memory, a message says so, and export still works. Nothing is ever sent anywhere.

const section = document.querySelector("[data-incident-files]");
if (section && section.dataset.mode === "link") linkOut(section);
else if (section) files(section);

// The embedded widget keeps no files (a host page partitions its storage): its link opens the
// result on the full site, where the file is kept.
function linkOut(note) {
  const point = () => {
    const fragment = new URLSearchParams(location.hash.slice(1));
    fragment.delete("origin");
    const lang = fragment.get("lang") === "en" ? "en" : "zh";
    const check = lang === "en" ? note.dataset.checkEn : note.dataset.check;
    for (const sentence of note.querySelectorAll("[lang]")) sentence.hidden = sentence.lang !== lang;
    for (const link of note.querySelectorAll("a")) link.href = new URL(`${check}#${fragment}`, document.baseURI).href;
  };
  document.addEventListener("incident-check:state", point);
  point();
}

function files(section) {
  const app = document.querySelector("[data-incident-check]");
  const config = section.dataset;
  const words = JSON.parse(config.texts || "{}")[config.lang === "en" ? "en" : "zh"] || {};
  const say = (key, values = {}) => (words[key] || key).replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
  const PREFIX = "incident-guide:";
  const fileKey = (id) => `${PREFIX}file:${id}`;
  const viewKey = (id) => `${PREFIX}view:${config.lang}:${id}`;
  const status = section.querySelector(".if-status");
  const list = section.querySelector(".if-list");
  const view = section.querySelector(".if-file");
  const memory = new Map(); // what storage refused: kept while this page is open
  let current = new URLSearchParams(location.search).get("file");
  let shown = null; // "stored" | "live"

  function tell(text, kind = "info") {
    status.textContent = text;
    status.dataset.kind = kind;
  }

  // ── Storage: whole values under one key each; memory where storage fails.
  function read(key) {
    if (memory.has(key)) return memory.get(key);
    try {
      return localStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }
  function write(key, value) {
    try {
      localStorage.setItem(key, value);
      memory.delete(key);
      return true;
    } catch (error) {
      memory.set(key, value);
      tell(say(error && error.name === "QuotaExceededError" ? "incident.js.storage_full" : "incident.js.storage_off"), "failed");
      return false;
    }
  }
  function remove(key) {
    memory.delete(key);
    try {
      localStorage.removeItem(key);
    } catch (error) {
      // Nothing stored to remove.
    }
  }
  function ids() {
    const found = new Set([...memory.keys()].filter((key) => key.startsWith(`${PREFIX}file:`)));
    try {
      for (let i = 0; i < localStorage.length; i += 1) if (localStorage.key(i).startsWith(`${PREFIX}file:`)) found.add(localStorage.key(i));
    } catch (error) {
      // Storage unavailable: memory only.
    }
    return [...found].map((key) => key.slice(`${PREFIX}file:`.length));
  }
  function storedView(id) {
    try {
      return JSON.parse(read(viewKey(id)) || "null");
    } catch (error) {
      return null;
    }
  }
  try {
    localStorage.getItem(PREFIX);
  } catch (error) {
    tell(say("incident.js.storage_off"), "failed");
  }

  // ── The calculator (check.js starts it; app.calculator appears at once, usable when ready).
  const readyPromise = new Promise((resolve) => {
    const check = () => {
      if (app && app.calculator && app.dataset.calculator === "ready") resolve(true);
      else if (app && app.dataset.calculator === "static") resolve(false);
      else return false;
      return true;
    };
    if (!check() && app) new MutationObserver((_, observer) => check() && observer.disconnect()).observe(app, { attributes: true });
  });
  async function ask(request) {
    if (!(await readyPromise)) return { error: { field: "", message: say("incident.js.no_calculator") } };
    const text = await app.calculator.ask({ ...request, lang: config.lang, root: config.root });
    const response = JSON.parse(text);
    // The worker's own failure (never the boundary's answer) is a bare string, perhaps Python's
    // words: the reader gets this page's message instead.
    if (typeof response.error === "string") response.error = { field: "", message: say("incident.js.failed") };
    return response;
  }

  // ── The list of files, from each file's stored row (Python renders it with the view).
  function showList() {
    const rows = ids()
      .map((id) => ({ id, row: (storedView(id) || {}).row, created: createdAt(id) }))
      .sort((a, b) => (a.created < b.created ? 1 : -1));
    list.replaceChildren();
    for (const { id, row } of rows) {
      const item = document.createElement("li");
      item.className = "if-row";
      item.dataset.id = id;
      if (row) item.innerHTML = row;
      else item.append(Object.assign(document.createElement("a"), { href: `?file=${encodeURIComponent(id)}`, textContent: id }));
      list.append(item);
    }
    section.querySelector(".if-empty").hidden = rows.length > 0;
  }
  function createdAt(id) {
    try {
      return JSON.parse(read(fileKey(id))).created_at || "";
    } catch (error) {
      return "";
    }
  }

  // ── The open file: its stored view at once, then the live one.
  function place(html, kind) {
    view.innerHTML = html;
    view.hidden = false;
    shown = kind;
    section.dataset.open = "true";
    if (app) app.before(section); // an open file comes first; the questionnaire follows
    tick();
  }
  async function open(id, focus) {
    current = id;
    const address = new URL(location.href);
    address.searchParams.set("file", id);
    history.replaceState(history.state, "", address);
    const stored = storedView(id);
    if (stored && stored.html) {
      place(stored.html, "stored");
      tell(say("incident.js.stored"), "busy");
    }
    if (focus) focusTitle();
    await live(id);
    if (focus) focusTitle();
  }
  function focusTitle() {
    const title = view.querySelector("#if-file-title");
    if (title) {
      title.focus({ preventScroll: true });
      title.scrollIntoView({ block: "start" });
    }
  }
  async function live(id) {
    const file = read(fileKey(id));
    if (file === null) {
      close();
      return;
    }
    const response = await ask({ action: "view", file });
    if (id !== current) return;
    if (response.error) {
      tell(response.error.message, "failed");
      return;
    }
    keepView(id, response);
    place(response.html, "live");
    if (status.dataset.kind === "busy") tell(say("incident.js.live"), "ready");
  }
  function keepView(id, response) {
    write(viewKey(id), JSON.stringify({ html: response.html, row: response.row, ics: response.ics || "" }));
  }
  function close(focus = false) {
    const closed = current;
    current = null;
    view.hidden = true;
    view.replaceChildren();
    delete section.dataset.open;
    if (app) app.after(section);
    const address = new URL(location.href);
    address.searchParams.delete("file");
    history.replaceState(history.state, "", address);
    showList();
    if (focus) focusList(closed);
  }
  // Focus after leaving a file: its row's link in the list, else the list's heading.
  function focusList(id) {
    const row = id && [...list.querySelectorAll(".if-row")].find((item) => item.dataset.id === id);
    const target = (row && row.querySelector("a, button")) || section.querySelector("#if-list-title");
    if (!target) return;
    if (!target.matches("a, button")) target.tabIndex = -1;
    target.focus();
  }

  // ── Changes: a new file, an entry appended, an import; each under the file's lock.
  function locked(id, task) {
    return navigator.locks ? navigator.locks.request(`${PREFIX}${id}`, task) : task();
  }
  function keep(response) {
    write(fileKey(response.id), response.file);
    keepView(response.id, response);
  }
  async function create(kind) {
    const record = app && app.calculator ? app.calculator.record() : "";
    if (!record) return;
    if (kind === "facts" && current) {
      await append(current, { type: "facts_changed", record }, null);
      return;
    }
    const response = await ask({ action: "new", record });
    if (response.error) {
      tell(response.error.message, "failed");
      return;
    }
    await locked(response.id, async () => keep(response));
    showList();
    await open(response.id, true);
  }
  async function append(id, event, form) {
    const response = await locked(id, async () => {
      const file = read(fileKey(id)); // read again inside the lock: another tab may have added one
      const answer = await ask({ action: "add", file, event });
      if (!answer.error) keep(answer);
      return answer;
    });
    if (response.error) {
      showError(form, response.error);
      return;
    }
    if (id === current) place(response.html, "live");
    showList();
    if (status.dataset.kind !== "failed") tell(say("incident.js.added"), "ready"); // a storage warning stays
    const title = view.querySelector("#if-timeline-title");
    if (title) title.focus();
  }
  function showError(form, error) {
    const slot = form && form.querySelector(".if-form-error");
    if (!slot) {
      tell(error.message, "failed");
      return;
    }
    slot.textContent = error.message;
    slot.hidden = false;
    const field = error.field && form.querySelector(`[name="${CSS.escape(error.field)}"]`);
    if (field) {
      // The message right under the field it is about, where the reader is.
      (field.closest(".if-field") || field).after(slot);
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", slot.id);
      field.focus();
    } else {
      slot.tabIndex = -1;
      slot.focus();
    }
  }
  async function importFile(input) {
    const chosen = input.files && input.files[0];
    if (!chosen) return;
    const text = await chosen.text();
    input.value = "";
    const slot = section.querySelector(".if-import-error");
    slot.hidden = true;
    const response = await ask({ action: "import", text });
    if (response.error) {
      slot.textContent = response.error.message;
      slot.hidden = false;
      return;
    }
    slot.hidden = true;
    // The same file already stored (an older export imported, say): merged, never replaced.
    const kept = await locked(response.id, async () => {
      const stored = read(fileKey(response.id)); // read inside the lock: another tab may have added one
      const answer = stored === null || stored === response.file ? response : await ask({ action: "import", text, stored });
      if (!answer.error) keep(answer);
      return answer;
    });
    if (kept.error) {
      slot.textContent = kept.error.message;
      slot.hidden = false;
      return;
    }
    showList();
    await open(response.id, true);
    if (kept.merged) tell(kept.merged, "ready");
  }

  // ── Leaving the browser: export, calendar, copy, print.
  function download(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
    const link = Object.assign(document.createElement("a"), { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  function copy(button) {
    const area = document.getElementById(button.dataset.target);
    const done = (text) => {
      const slot = button.parentElement.querySelector(".if-copied");
      if (slot) slot.textContent = text;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(() => done(say("incident.js.copied")), () => done(say("incident.js.copy_by_hand")));
    } else {
      area.select();
      done(document.execCommand("copy") ? say("incident.js.copied") : say("incident.js.copy_by_hand"));
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-if-action]");
    if (!button || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const action = button.dataset.ifAction;
    const id = button.dataset.id || current;
    if (action !== "copy") event.preventDefault();
    if (action === "new" || action === "facts") create(action);
    else if (action === "open") open(id, true);
    else if (action === "close") close(true);
    else if (action === "delete") {
      if (!window.confirm(say("incident.js.confirm_delete", { title: button.dataset.title || id }))) return;
      remove(fileKey(id));
      for (const lang of ["zh", "en"]) remove(`${PREFIX}view:${lang}:${id}`);
      if (id === current) close();
      else showList();
      tell(say("incident.js.deleted"), "info");
      focusList(null);
    } else if (action === "export") download(`${id}.incident.json`, read(fileKey(id)) || "", "application/json");
    else if (action === "ics") download(`${id}.ics`, (storedView(id) || {}).ics || "", "text/calendar");
    else if (action === "copy") copy(button);
    else if (action === "print") {
      document.documentElement.classList.add("if-print");
      window.print();
    }
  });
  window.addEventListener("afterprint", () => document.documentElement.classList.remove("if-print"));

  section.addEventListener("submit", (event) => {
    const form = event.target.closest("form.if-event");
    if (!form || !current) return;
    event.preventDefault();
    const entry = {};
    for (const [name, value] of new FormData(form)) {
      if (name === "items") (entry.items = entry.items || []).push(value);
      else entry[name] = value;
    }
    for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
    append(current, entry, form);
  });
  section.addEventListener("change", (event) => {
    if (event.target.matches(".if-import-input")) importFile(event.target);
  });

  // Another tab changed a file: show it.
  window.addEventListener("storage", (event) => {
    if (!event.key || !event.key.startsWith(PREFIX)) return;
    if (current && event.key === fileKey(current)) {
      if (event.newValue === null) close();
      else live(current);
    } else if (!event.key.startsWith(`${PREFIX}view:`)) showList();
  });

  // The questionnaire showed a result: offer to open a file from it (or add it to the open one).
  if (app) {
    app.addEventListener("incident-check:state", async () => {
      const record = app.calculator ? app.calculator.record() : "";
      const headline = app.querySelector("#ic-result .ic-headline");
      if (!record || !headline) return;
      const open = current ? read(fileKey(current)) : null;
      const response = await ask({ action: "offer", record, file: open });
      if (!response.error && !app.querySelector(".if-offer")) headline.insertAdjacentHTML("afterend", response.html);
    });
  }

  // Countdowns, every second; a due time passing re-renders the file (its state changes).
  function tick() {
    const now = Date.now();
    let passed = false;
    for (const element of view.querySelectorAll(".if-countdown[data-due]")) {
      const left = Math.round((Date.parse(element.dataset.due) - now) / 1000);
      const span = Math.abs(left);
      const [d, h, m, s] = [Math.floor(span / 86400), Math.floor((span % 86400) / 3600), Math.floor((span % 3600) / 60), span % 60];
      const time = d > 0 ? say("incident.js.days", { d, h }) : h > 0 ? say("incident.js.hours", { h, m }) : say("incident.js.minutes", { m, s: String(s).padStart(2, "0") });
      element.textContent = say(left >= 0 ? "incident.js.left" : "incident.js.overdue", { time });
      if (left < 0 && element.dataset.state === "open") passed = true;
    }
    if (passed && shown === "live" && current) live(current);
  }
  setInterval(tick, 1000);

  showList();
  if (current) open(current, false);
  readyPromise.then(async (ready) => {
    if (!ready) {
      tell(say("incident.js.no_calculator"), "failed");
      return;
    }
    // Files kept in the other language's page (or by an older version) get this page's row.
    for (const id of ids()) {
      if ((storedView(id) || {}).row) continue;
      const response = await ask({ action: "view", file: read(fileKey(id)) });
      if (!response.error) keepView(id, response);
    }
    showList();
  });
}
