// The offline page: drop a workbook or a published report, see what `giar-xl check` finds.
//
// Python (giar_xl.web.page) does all the work; this file only moves files in
// and out of Pyodide's file system and shows the findings.
(function () {
  "use strict";

  const build = window.GIAR_BUILD;
  const $ = (id) => document.getElementById(id);
  const state = { current: null, previous: null, result: null, timings: {} };
  window.giarPage = state;

  function status(text, kind) {
    const el = $("status");
    if (!el) return; // still loading the page's own text
    el.textContent = text;
    el.dataset.kind = kind || "info";
  }

  const ready = GiarRuntime.start(build, (text) => status(text, "busy")).then((runtime) => {
    const page = runtime.pyodide.pyimport("giar_xl.web.page");
    state.timings.ready = performance.now() / 1000;
    state.timings.stages = runtime.info.stages;
    $("versions").textContent = `giar-xl ${runtime.info.giar_xl} · Python ${runtime.info.python}` +
      ` · Pyodide ${runtime.info.pyodide}（启动用时 ${state.timings.ready.toFixed(1)} 秒）`;
    status("可以校验了：把文件拖到下面的框里，或点击选择文件。", "ok");
    document.body.dataset.ready = "1";
    return { ...runtime, page };
  }).catch((error) => {
    status("校验程序无法启动：" + error.message, "error");
    document.body.dataset.ready = "failed";
    throw error;
  });
  state.ready = ready;

  async function upload(runtime, file) {
    const data = new Uint8Array(await file.arrayBuffer());
    const name = file.name.replace(/[\/\\]/g, "_");
    runtime.pyodide.FS.writeFile("/tmp/giar-xl/uploads/" + name, data);
    return name;
  }

  async function checkFile(file) {
    const started = performance.now();
    $("result").dataset.state = "busy";
    status(`正在校验 ${file.name} ……`, "busy");
    const runtime = await ready;
    state.current = await upload(runtime, file);
    const result = JSON.parse(runtime.page.check(state.current, state.previous ?? undefined));
    const seconds = (performance.now() - started) / 1000;
    state.result = result;
    state.timings.last = seconds;
    if (state.timings.first === undefined) state.timings.first = performance.now() / 1000;
    show(result);
    // neutral: the verdict below carries the colour (green here beside a red verdict misled)
    status(`已校验 ${file.name}（用时 ${seconds.toFixed(2)} 秒），结果如下。`, "info");
    $("result").dataset.state = "done";
  }

  async function setPrevious(file) {
    const runtime = await ready;
    state.previous = file ? await upload(runtime, file) : null;
    $("previous-name").textContent = file ? `上年报告：${file.name}` : "";
    if (state.current) await recheck();
  }

  async function recheck() {
    const runtime = await ready;
    const result = JSON.parse(runtime.page.check(state.current, state.previous ?? undefined));
    state.result = result;
    show(result);
  }

  // -- showing a result -------------------------------------------------------
  const STATUS = {
    ok: ["√ 未发现问题", "ok"], warnings: ["△ 只有提醒", "warning"],
    errors: ["× 有错误", "error"], unreadable: ["× 无法完整校验", "error"],
  };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function show(result) {
    const box = $("result");
    box.replaceChildren();
    const [label, kind] = STATUS[result.status];
    const who = [result.organ, result.year].filter(Boolean).join(" · ");
    box.append(el("div", { class: "verdict " + kind, id: "verdict" },
      el("strong", {}, label), " ", result.path, who ? `（${who}）` : "",
      result.summary ? el("div", { class: "summary" }, result.summary) : ""));
    if (result.reason) box.append(el("p", { class: "reason" }, result.reason));
    box.append(actions(result));
    for (const group of result.groups) box.append(sheetGroup(group));
  }

  function sheetGroup(group) {
    const section = el("section", { class: "sheet" }, el("h3", {}, group.sheet));
    const table = el("table", {});
    for (const cell of group.cells) {
      cell.findings.forEach((f, i) => {
        const kind = f.accepted ? "accepted" : f.suspect ? "suspect" : f.severity;
        const row = el("tr", { class: "finding " + kind });
        if (i === 0) row.append(el("th", { rowspan: cell.findings.length, class: "cell" }, cell.cell || "—"));
        row.append(el("td", { class: "badge" }, f.suspect && !f.accepted ? "最可能填错" : f.label),
          el("td", { class: "what" }, el("div", { class: "message" }, f.message),
            figures(f), f.source ? el("blockquote", {}, "原文：", f.source) : "",
            f.accepted ? el("div", { class: "reason" }, "接受理由：" + f.accepted) : "",
            el("div", { class: "rule" }, f.rule)));
        table.append(row);
      });
    }
    section.append(table);
    return section;
  }

  function figures(f) {
    if (f.expected === null && f.actual === null) return "";
    const shown = (v) => (v === null || v === "" ? "（空白）" : String(v));
    return el("div", { class: "figures" }, "应为 ", el("b", {}, shown(f.expected)),
      "，实际 ", el("b", {}, shown(f.actual)));
  }

  function actions(result) {
    const bar = el("div", { class: "actions" });
    if (result.status === "unreadable" && !result.findings.length) return bar;
    const annotated = el("button", { id: "annotated", type: "button" }, "下载标注副本（.xlsx）");
    annotated.onclick = () => guard(download("annotated_copy", state.current, state.previous ?? undefined));
    bar.append(annotated, el("span", { class: "sep" }, "导出报告："));
    for (const [fmt, name] of [["html", "网页"], ["md", "Markdown"], ["txt", "纯文本"]]) {
      const button = el("button", { id: "export-" + fmt, type: "button" }, name);
      button.onclick = () => guard(download("export", state.current, fmt, $("force").checked));
      bar.append(button);
    }
    const force = el("label", {}, el("input", { type: "checkbox", id: "force" }), "有错误也导出");
    bar.append(force, el("div", { class: "hint" },
      "Word 格式：用 WPS 文字或 Word 打开导出的网页，再另存为 .docx（网页中无法生成 Word 文件）。"));
    return bar;
  }

  // Ask Python for a file (page.annotated_copy, page.export) and hand it to the browser.
  async function download(method, ...args) {
    const runtime = await ready;
    const answer = JSON.parse(runtime.page[method](...args));
    if (answer.refused) {
      status(answer.refused, "error");
      return;
    }
    const data = runtime.pyodide.FS.readFile(answer.path);
    const url = URL.createObjectURL(new Blob([data]));
    const link = el("a", { href: url, download: answer.name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    status(`已生成 ${answer.name}，请在浏览器的下载中查看。`, "ok");
  }

  // -- input ------------------------------------------------------------------
  function first(files) {
    return files && files.length ? files[0] : null;
  }

  function guard(promise) {
    promise.catch((error) => {
      status("出错了：" + error.message, "error");
      $("result").dataset.state = "failed";
      console.error(error);
    });
  }

  window.addEventListener("DOMContentLoaded", () => {
    const drop = $("drop");
    // The input is emptied after each choice, so choosing the same file again (after
    // correcting it) checks it again.
    $("file").addEventListener("change", (e) => {
      const file = first(e.target.files);
      e.target.value = "";
      if (file) guard(checkFile(file));
    });
    $("previous").addEventListener("change", (e) => {
      const file = first(e.target.files);
      e.target.value = "";
      guard(setPrevious(file));
    });
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      const file = first(e.dataTransfer.files);
      if (file) guard(checkFile(file));
    });
  });
})();
