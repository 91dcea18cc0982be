// Self-check for administrators: does this server serve what the calculator needs, the way it
// needs it? Hand-written (not generated). Requests go to this server only.
const list = document.querySelector("#selfcheck-results");
const root = new URL("../", location.href);
const pyodide = list.dataset.pyodide;

function report(ok, text, advice) {
  const item = document.createElement("li");
  item.dataset.ok = String(ok);
  item.textContent = `${ok ? "✓ 正常" : "✗ 需要处理"}：${text}${ok || !advice ? "" : ` —— ${advice}`}`;
  list.append(item);
}

async function check(path, expected, label) {
  try {
    const response = await fetch(new URL(path, root), { cache: "no-store" });
    const type = (response.headers.get("content-type") || "").split(";")[0].trim();
    if (!response.ok) return report(false, `${label}：HTTP ${response.status}`, "文件缺失：请完整复制站点");
    const good = expected.includes(type);
    report(good, `${label} 的类型是“${type || "（无）"}”`, `应为 ${expected.join(" 或 ")}，请在服务器中设置`);
  } catch (error) {
    report(false, `${label} 无法取得（${error.message}）`, "请检查服务器和访问策略");
  }
}

(async () => {
  report(typeof WebAssembly === "object", "浏览器支持 WebAssembly", "请使用较新的浏览器，或检查浏览器策略");
  report(typeof Worker === "function", "浏览器支持 Web Worker", "请使用较新的浏览器");
  report(location.protocol.startsWith("http"), "通过 HTTP 访问", "不能用 file:// 打开，请部署到 Web 服务器");
  await check(`${pyodide}pyodide.asm.wasm`, ["application/wasm"], "pyodide.asm.wasm");
  await check(`${pyodide}pyodide.mjs`, ["text/javascript", "application/javascript"], "pyodide.mjs");
  await check(`${pyodide}pyodide.asm.mjs`, ["text/javascript", "application/javascript"], "pyodide.asm.mjs");
  await check("assets/check/worker.js", ["text/javascript", "application/javascript"], "worker.js");
  try {
    const response = await fetch(location.href, { cache: "no-store" });
    const csp = response.headers.get("content-security-policy");
    if (!csp) report(true, "未设置内容安全策略（CSP）");
    else {
      const needs = ["'wasm-unsafe-eval'", "worker-src", "connect-src"];
      const missing = needs.filter((part) => !csp.includes(part) && !(part !== "'wasm-unsafe-eval'" && csp.includes("default-src 'self'")));
      report(missing.length === 0, `内容安全策略：${csp}`, `缺少 ${missing.join("、")}`);
    }
  } catch (error) {
    report(false, `无法读取本页的响应头（${error.message}）`);
  }
  list.dataset.done = "true";
})();
