// 事件报告自查 — the page's script. Hand-written (not generated); small and boring on purpose:
// start the calculator (worker.js) as the page loads, move strings between the URL fragment and
// the worker, put the returned HTML in place, and handle failure. All the logic is Python
// (decision_tree.web); without JavaScript the same markup works as plain links to static pages.
//
// The answers live in the URL fragment only; no request ever carries them. If the calculator
// cannot start (no WebAssembly, a missing file, a wrong MIME type, a strict policy — these hang
// rather than fail, hence the timeout), the page says so and continues on the static pages.

const app = document.querySelector("[data-incident-check]");
if (app) main(app);

function main(app) {
  const status = app.querySelector(".ic-status");
  const view = app.querySelector(".ic-view");
  const config = app.dataset;
  const timeoutMs = Number(config.timeoutMs || 30000);
  const tree = JSON.parse(config.tree || "[]");
  let worker = null;
  let mode = "starting"; // starting | ready | static
  let pending = new Map();
  let counter = 0;
  let last = null; // the last response, for downloads
  let userActed = false;

  const embedded = window.parent !== window;
  app.classList.add("ic-has-js");
  const initial = new URLSearchParams(location.hash.slice(1));
  const startsElsewhere = [...initial.keys()].some((key) => key.startsWith("preset.") || tree.some((q) => q.id === key));
  if (startsElsewhere) {
    // The first question in the page is not this link's state: wait for the calculator instead.
    view.hidden = true;
    setStatus("正在启动计算器，随后显示……", "busy");
  } else {
    setStatus("正在启动计算器……可以先回答第一题。", "busy");
  }
  if (embedded) {
    document.documentElement.classList.add("ic-embedded");
    openLinksOutside(document);
  }
  if (embedded && "ResizeObserver" in window) new ResizeObserver(() => tellHost({ height: pageHeight() })).observe(document.body);

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
    setStatus(`计算器无法启动（${reason}）。已改用静态版本：时限以“发现后几小时”表示，不显示截止时刻。`, "failed");
    app.dataset.calculator = "static";
    // From now on the links' own hrefs (static pages) lead on; a state in the address goes there now.
    if (location.hash.length > 1) location.href = staticUrl(location.hash.slice(1));
  }

  // Messages to the embedding page: its height, and when a result is shown the level, whether a
  // report is required and the earliest due time — nothing else about the incident. Sent only to
  // the origin the embedding page named (embed.js puts it in the fragment).
  function tellHost(message) {
    const origin = new URLSearchParams(location.hash.slice(1)).get("origin");
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

  // The static page of a fragment's state, named as decision_tree.web.state_key names it.
  function staticUrl(fragment) {
    const params = new URLSearchParams(fragment);
    const asked = params.getAll("ask");
    const path = {};
    const codes = [];
    for (const question of tree) {
      const askIf = Object.entries(question.ask_if).every(([name, values]) => values.includes(path[name]));
      if (!askIf) continue;
      let value = params.get(question.id);
      if (value === null && !asked.includes(question.id)) value = params.get(`preset.${question.id}`);
      if (!(value in question.options)) break;
      path[question.id] = value;
      codes.push(question.options[value]);
    }
    return absolute(`${config.states}${codes.join("-") || "start"}.html`);
  }

  function startCalculator() {
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      fallBack("此浏览器不支持 WebAssembly 或 Web Worker");
      return;
    }
    try {
      worker = new Worker(absolute(config.worker), { type: "module" });
    } catch (error) {
      fallBack(`无法创建 Worker：${error.message}`);
      return;
    }
    const timer = setTimeout(() => fallBack(`${timeoutMs / 1000} 秒内未能启动`), timeoutMs);
    worker.onerror = (event) => {
      clearTimeout(timer);
      fallBack(event.message || "Worker 出错");
    };
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === "ready") {
        clearTimeout(timer);
        mode = "ready";
        app.dataset.calculator = "ready";
        setStatus("计算器已就绪。", "ready");
        if (location.hash.length > 1 || userActed) render(location.hash.slice(1), userActed);
      } else if (message.type === "failed") {
        clearTimeout(timer);
        fallBack(message.error);
      } else if (message.type === "rendered") {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        if (resolve) resolve(message.response);
      }
    };
    worker.postMessage({ type: "init", pyodide: absolute(config.pyodide), wheel: absolute(config.wheel) });
  }

  function ask(request) {
    const id = ++counter;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ type: "render", id, request: JSON.stringify(request) });
    });
  }

  async function render(fragment, moveFocus) {
    if (mode === "static") {
      location.href = staticUrl(fragment);
      return;
    }
    if (mode !== "ready") {
      setStatus("已记录您的回答。计算器正在启动，稍候即显示下一步……", "busy");
      return;
    }
    const response = JSON.parse(
      await ask({ fragment, now: new Date().toISOString(), root: config.root, states: config.states }),
    );
    if (response.error) {
      setStatus(`出错了：${response.error}`, "failed");
      return;
    }
    last = response;
    view.innerHTML = response.html;
    view.hidden = false;
    if (embedded) openLinksOutside(view);
    if (response.fragment !== fragment && response.fragment) {
      // Record the time of discovery (and drop ignored parts) so the link can be shared as is.
      history.replaceState(null, "", `#${response.fragment}`);
    }
    for (const slot of view.querySelectorAll("[data-page-url]")) slot.textContent = location.href;
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
    if (moveFocus) {
      const target = document.getElementById(response.focus);
      if (target) target.focus();
    }
  }

  function go(fragment) {
    userActed = true;
    if (`#${fragment}` === location.hash) render(fragment, true);
    else location.hash = fragment;
  }

  // Answer links: follow their fragment, not their static href, while the calculator is in use.
  app.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-fragment]");
    if (link && app.contains(link) && mode !== "static" && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      go(link.dataset.fragment);
      return;
    }
    const copy = event.target.closest("[data-copy]");
    if (copy) copyDraft(copy);
    const download = event.target.closest("[data-download]");
    if (download && last) save(download.dataset.download);
    if (event.target.closest("[data-print]")) window.print();
  });

  app.addEventListener("submit", (event) => {
    const form = event.target;
    event.preventDefault();
    const params = new URLSearchParams(location.hash.slice(1));
    if (form.classList.contains("ic-grade-form")) {
      const next = new URLSearchParams(form.dataset.fragment);
      for (const [name, value] of new FormData(form)) if (String(value).trim() !== "") next.append(name, value);
      go(next.toString());
    } else if (form.classList.contains("ic-time-form") || form.classList.contains("ic-ended-form")) {
      for (const [name, value] of new FormData(form)) {
        if (String(value).trim() === "") params.delete(name);
        else params.set(name, value);
      }
      if (form.classList.contains("ic-time-form")) params.delete("ts"); // the user has given the time
      go(params.toString());
    }
  });

  window.addEventListener("hashchange", () => render(location.hash.slice(1), true));

  // A printed result is an audit record: print folded sections (answers, notes) open.
  window.addEventListener("beforeprint", () => {
    for (const details of app.querySelectorAll("details.ic-summary, details.ic-notes")) {
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

  function copyDraft(button) {
    const area = document.getElementById(button.dataset.copy);
    const done = app.querySelector(".ic-copied");
    const report = (text) => {
      if (done) done.textContent = text;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(() => report("已复制"), () => report("请手动复制"));
    } else {
      area.select();
      report(document.execCommand("copy") ? "已复制" : "请手动复制");
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
      const text = d > 0 ? `${d}天${h}小时` : `${h > 0 ? `${h}小时` : ""}${m}分${String(s).padStart(2, "0")}秒`;
      element.textContent = left >= 0 ? `还剩 ${text}` : `已超过 ${text}：仍应立即报告，并记录迟报原因`;
      element.dataset.overdue = left < 0 ? "true" : "false";
    }
  }
  setInterval(tick, 1000);

  startCalculator();
}
