// 嵌入到内网 page: write this site's real address into the snippet. Hand-written (not generated).
for (const code of document.querySelectorAll("[data-snippet]")) {
  const url = new URL("../embed.js", location.href).href;
  code.textContent = code.textContent.replace("https://您的服务器/本站路径/embed.js", url);
}
