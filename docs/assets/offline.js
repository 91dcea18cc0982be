// 嵌入到内网 page: opt in to (or out of) keeping this site in this browser for offline use.
// Hand-written (not generated). Registers ../sw.js (written by build_scripts/offline.py) with the
// site's root as its scope; only in a secure context (HTTPS, localhost, or an origin the browser
// is told to trust), which browsers require for service workers.
const box = document.querySelector("[data-offline]");
const status = box && box.querySelector(".offline-status");
const enable = box && box.querySelector("[data-offline-enable]");
const disable = box && box.querySelector("[data-offline-disable]");
const scope = new URL("../", location.href);
const script = new URL("../sw.js", location.href);

function show(state, text) {
  box.dataset.offline = state;
  status.textContent = text;
  // The theme's buttons set display, which would override the hidden attribute (CSSOM is allowed by the policy).
  box.querySelector(".offline-actions").hidden = state === "unsupported";
  enable.style.display = state === "off" || state === "failed" ? "" : "none";
  disable.style.display = state === "ready" ? "" : "none";
}

async function registration() {
  return navigator.serviceWorker.getRegistration(scope.href);
}

async function refresh() {
  const current = await registration();
  if (current && current.active) show("ready", "已启用：本浏览器保存了本站（条文、搜索和计算器），断网时也能打开。联网时页面总是取最新版本。");
  else show("off", "未启用。启用后，本浏览器会保存本站的全部页面、搜索和计算器（约 17 MB），断网时也能打开。");
}

async function start() {
  show("saving", "正在保存……");
  try {
    const created = await navigator.serviceWorker.register(script.href, { scope: scope.pathname });
    const installing = created.installing || created.waiting;
    if (installing) {
      await new Promise((resolve, reject) => {
        installing.addEventListener("statechange", () => {
          if (installing.state === "activated") resolve();
          if (installing.state === "redundant") reject(new Error("保存未完成（文件缺失或连接中断）"));
        });
      });
    }
    await refresh();
  } catch (error) {
    show("failed", `无法启用离线使用：${error.message}`);
  }
}

async function stop() {
  const current = await registration();
  if (current) await current.unregister();
  for (const key of await caches.keys()) if (key.startsWith("incident-guide-")) await caches.delete(key);
  await refresh();
}

if (box) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) {
    show("unsupported", "此地址不能启用离线使用：浏览器只在 HTTPS（或受信任的地址）下允许。请管理员按下文设置。");
  } else {
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "offline-progress" && box.dataset.offline === "saving") {
        status.textContent = `正在保存……${event.data.done} / ${event.data.total}`;
      }
    });
    enable.addEventListener("click", start);
    disable.addEventListener("click", stop);
    refresh();
  }
}
