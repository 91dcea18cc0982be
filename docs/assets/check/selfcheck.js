// Self-check for administrators: does this server serve what the calculator needs, the way it
// needs it? Hand-written (not generated). Requests go to this server only.
//
// Each item is required (the calculator or the themed pages fail without it: ✗ 需要处理) or
// recommended (speed and freshness: △ 建议). data-ok and data-kind carry the outcome for tests.
const list = document.querySelector("#selfcheck-results");
const root = new URL("../", location.href);
const pyodide = list.dataset.pyodide;
const LONG_CACHE = 7 * 24 * 3600; // seconds: a week or more counts as long (the settings give a year)

function report(ok, text, advice, kind = "required") {
  const item = document.createElement("li");
  item.dataset.ok = String(ok);
  item.dataset.kind = kind;
  const mark = ok ? "✓ 正常" : kind === "required" ? "✗ 需要处理" : "△ 建议";
  item.textContent = `${mark}：${text}${ok || !advice ? "" : ` —— ${advice}`}`;
  list.append(item);
}

async function get(path) {
  return fetch(new URL(path, root), { cache: "no-store" });
}

function typeOf(response) {
  return (response.headers.get("content-type") || "").split(";")[0].trim();
}

async function check(path, expected, label) {
  try {
    const response = await get(path);
    if (!response.ok) {
      report(false, `${label}：HTTP ${response.status}`, "文件缺失：请完整复制站点");
      return null;
    }
    const type = typeOf(response);
    report(expected.includes(type), `${label} 的类型是“${type || "（无）"}”`, `应为 ${expected.join(" 或 ")}，请在服务器中设置`);
    return response;
  } catch (error) {
    report(false, `${label} 无法取得（${error.message}）`, "请检查服务器和访问策略");
    return null;
  }
}

function maxAge(response) {
  const header = response.headers.get("cache-control") || "";
  const match = header.match(/max-age=(\d+)/);
  return { header, seconds: match ? Number(match[1]) : null };
}

function longCache(response, label) {
  const { header, seconds } = maxAge(response);
  report(seconds !== null && seconds >= LONG_CACHE, `${label} 的缓存：${header || "（未设置 Cache-Control）"}`,
    "内容不会变，可以长期缓存，例如 public, max-age=31536000, immutable", "recommended");
}

function compressed(response, label) {
  const encoding = response.headers.get("content-encoding") || "";
  report(/gzip|br|zstd/.test(encoding), `${label} 的压缩：${encoding || "（未压缩）"}`,
    "请为 .wasm、.mjs、.js、.css、.json 启用 gzip 压缩", "recommended");
}

async function policyCheck() {
  const response = await fetch(location.href, { cache: "no-store" });
  const csp = response.headers.get("content-security-policy");
  if (!csp) {
    report(true, "未设置内容安全策略（CSP）");
    return;
  }
  const needs = ["'wasm-unsafe-eval'", "worker-src", "connect-src"];
  const missing = needs.filter((part) => !csp.includes(part) && !(part !== "'wasm-unsafe-eval'" && csp.includes("default-src 'self'")));
  report(missing.length === 0, `内容安全策略：${csp}`, `缺少 ${missing.join("、")}`);
  // The themed pages' inline scripts (palette, search) need the hashes this build printed.
  const built = await get("hosting/csp-policy.txt");
  if (!built.ok) return;
  const hashes = (await built.text()).match(/'sha256-[A-Za-z0-9+/=]+'/g) || [];
  const absent = hashes.filter((hash) => !csp.includes(hash));
  const inlineOk = absent.length === 0 || /script-src[^;]*'unsafe-inline'/.test(csp) || !/script-src|default-src/.test(csp);
  report(inlineOk, "策略允许主题页面的内联脚本（切换深浅色、搜索）",
    `缺少 ${absent.length} 个散列值：请使用本版本“嵌入到内网”页面上的策略（hosting/csp-policy.txt）`);
}

(async () => {
  report(typeof WebAssembly === "object", "浏览器支持 WebAssembly", "请使用较新的浏览器，或检查浏览器策略");
  report(typeof Worker === "function", "浏览器支持 Web Worker", "请使用较新的浏览器");
  report(location.protocol.startsWith("http"), "通过 HTTP 访问", "不能用 file:// 打开，请部署到 Web 服务器");
  const wasm = await check(`${pyodide}pyodide.asm.wasm`, ["application/wasm"], "pyodide.asm.wasm");
  const mjs = await check(`${pyodide}pyodide.mjs`, ["text/javascript", "application/javascript"], "pyodide.mjs");
  const asm = await check(`${pyodide}pyodide.asm.mjs`, ["text/javascript", "application/javascript"], "pyodide.asm.mjs");
  await check("assets/check/worker.js", ["text/javascript", "application/javascript"], "worker.js");
  const page = await check("", ["text/html"], "页面（index.html）");
  try {
    await policyCheck();
  } catch (error) {
    report(false, `无法读取本页的响应头（${error.message}）`);
  }
  if (mjs) longCache(mjs, `pyodide/<版本号>/ 中的文件`);
  try {
    const embed = await (await get("embed/")).text();
    const wheel = embed.match(/data-wheel="\.\.\/(assets\/check\/[0-9a-f]+\/[^"]+)"/);
    if (wheel) {
      const response = await get(wheel[1].replaceAll("&amp;", "&"));
      if (response.ok) longCache(response, "assets/check/<散列>/ 中的文件");
    }
  } catch (error) {
    report(false, `无法检查散列目录的缓存（${error.message}）`, "", "recommended");
  }
  if (page) {
    const { header, seconds } = maxAge(page);
    const fresh = /no-cache|no-store|must-revalidate/.test(header) || seconds === 0;
    report(fresh, `页面的缓存：${header || "（未设置 Cache-Control）"}`,
      "页面应每次验证（no-cache），修订后的条文才能立即可见", "recommended");
  }
  if (wasm) compressed(wasm, "pyodide.asm.wasm");
  if (asm) compressed(asm, "pyodide.asm.mjs");
  list.dataset.done = "true";
})();
