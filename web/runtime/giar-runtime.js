// giar-xl in the browser: start Pyodide from assets shipped with the page.
//
// Shared by the offline page and the WPS add-in.  Every asset (Pyodide's
// interpreter and loader, the standard library, giar-xl and its pure-Python
// dependencies) arrives as a classic <script> that calls GiarAssets.add():
// classic scripts load from a double-clicked file:// page, where fetch() and
// module scripts are refused.  Pyodide's JavaScript modules are imported from
// blob: URLs, and its requests for its own files are answered from memory, so
// nothing is ever requested from the network.
(function () {
  "use strict";

  const assets = {};
  const BASE = "giar-assets:/pyodide/"; // a name for Pyodide's indexURL, never fetched

  function add(name, encoding, data) {
    assets[name] = { encoding, data };
  }

  function has(name) {
    return Object.prototype.hasOwnProperty.call(assets, name);
  }

  function decodeBase64(text) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
    const raw = atob(text);
    const out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  async function bytes(name) {
    if (!has(name)) throw new Error("缺少文件 " + name + "：请重新生成本页面（giar-xl web build）");
    const asset = assets[name];
    const raw = decodeBase64(asset.data);
    if (asset.encoding !== "gzip") return raw;
    const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  async function text(name) {
    return new TextDecoder().decode(await bytes(name));
  }

  async function importModule(name) {
    const url = URL.createObjectURL(new Blob([await bytes(name)], { type: "text/javascript" }));
    try {
      return await import(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  // Load the asset scripts not yet present (they are inline in a one-file page).
  function loadScripts(files, base) {
    const missing = Object.entries(files).filter(([name]) => !has(name));
    return Promise.all(missing.map(([name, src]) => new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(src, base || document.baseURI).href;
      script.onload = () => (has(name) ? resolve() : reject(new Error("文件内容不完整：" + src)));
      script.onerror = () => reject(new Error("无法读取 " + src + "：请保持文件夹完整"));
      document.head.appendChild(script);
    })));
  }

  // Answer Pyodide's requests for its own files from the assets while it starts.
  async function withOwnFiles(start) {
    const realFetch = globalThis.fetch;
    globalThis.fetch = async function (resource, init) {
      const url = resource instanceof Request ? resource.url : String(resource);
      if (url.startsWith(BASE)) {
        const name = url.slice(BASE.length);
        const type = name.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
        return new Response(await bytes(name), { headers: { "Content-Type": type } });
      }
      return realFetch.call(this, resource, init);
    };
    try {
      return await start();
    } finally {
      globalThis.fetch = realFetch;
    }
  }

  let started = null;

  // Start Python once; resolves to {pyodide, info}.  `build` is the GIAR_BUILD manifest.
  function start(build, progress) {
    if (started) return started;
    const say = progress || function () {};
    started = (async () => {
      const stages = {};
      const mark = (stage) => { stages[stage] = performance.now() / 1000; };
      say("正在读取校验程序……");
      await loadScripts(build.assets, build.base);
      mark("assets");
      const { loadPyodide } = await importModule("pyodide.mjs");
      const createPyodideModule = (await importModule("pyodide.asm.mjs")).default;
      say("正在启动 Python……");
      const pyodide = await withOwnFiles(() => loadPyodide({
        indexURL: BASE,
        lockFileContents: text("pyodide-lock.json"),
        createPyodideModule,
        stdout: (line) => console.log(line),
        stderr: (line) => console.warn(line),
      }));
      mark("pyodide");
      say("正在载入 giar-xl……");
      const site = pyodide.runPython("import site; site.getsitepackages()[0]");
      pyodide.unpackArchive(await bytes("giar-python.zip"), "zip", { extractDir: site });
      mark("unpacked");
      const info = JSON.parse(pyodide.pyimport(build.entry).start());
      mark("started");
      info.pyodide = pyodide.version;
      info.stages = stages; // seconds since the page began to load
      return { pyodide, info };
    })();
    started.catch(() => { started = null; });
    return started;
  }

  window.GiarAssets = { add };
  window.GiarRuntime = { start, bytes, has };
})();
