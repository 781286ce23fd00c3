// A stand-in for WPS 表格's JavaScript object model (window.Application, window.wps),
// holding one workbook given as JSON (see tests/wps_helpers.py: workbook_snapshot).
//
// It implements what the giar-xl add-in touches, with the rules of the real thing
// that matter for the test: 1-based collections, Value2 as scalars or rows,
// Interior.Color as a BGR number, Borders.Item(edge), named styles that set fill,
// border and lock, comments,
// hyperlinks, deleting cells upwards, and sheet protection that refuses changes
// to locked cells, formats and comments until Unprotect() (and Unprotect refuses
// a sheet with a password).  alert/confirm are recorded; confirm answers
// window.__standin.confirmAnswer.
(function () {
  "use strict";
  const XL_NONE = -4142;

  function colName(c) {
    let s = "";
    while (c > 0) { const m = (c - 1) % 26; s = String.fromCharCode(65 + m) + s; c = (c - m - 1) / 26; }
    return s;
  }
  function parseCell(ref) {
    const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
    if (!m) throw new Error("bad cell " + ref);
    let c = 0;
    for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
    return [parseInt(m[2], 10), c];
  }
  function parseRange(address) {
    const [a, b] = address.split(":");
    const [r1, c1] = parseCell(a);
    const [r2, c2] = b ? parseCell(b) : [r1, c1];
    return [Math.min(r1, r2), Math.min(c1, c2), Math.max(r1, r2), Math.max(c1, c2)];
  }
  const name = (r, c) => colName(c) + r;
  const protectedError = () => new Error("不能更改受保护的工作表中的单元格（stand-in）");

  function parseTyped(value) {
    // Like typing into a cell: a leading apostrophe keeps text, numbers become numbers.
    if (typeof value !== "string") return value;
    if (value.startsWith("'")) return value.slice(1);
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())) return Number(value);
    return value;
  }

  class Sheet {
    constructor(book, data) {
      this.book = book;
      this.Name = data.name;
      this.cells = new Map(Object.entries(data.cells).map(([k, v]) => [k, { ...v }]));
      this.protection = { ...data.protection, allow: { ...data.protection.allow } };
      this.protectCalls = [];
    }
    cell(r, c, create) {
      const key = name(r, c);
      if (!this.cells.has(key) && create) {
        this.cells.set(key, { value: null, style: "Normal", fill: null, locked: true, comment: null, link: null,
          border: null });
      }
      return this.cells.get(key);
    }
    get ProtectContents() { return !!this.protection.contents; }
    get ProtectDrawingObjects() { return !!this.protection.drawingObjects; }
    get ProtectScenarios() { return !!this.protection.scenarios; }
    get Protection() {
      const allow = this.protection.allow;
      const out = {};
      for (const key of Object.keys(allow)) out[key] = !!allow[key];
      return out;
    }
    get isProtected() { return this.ProtectContents || this.ProtectDrawingObjects || this.ProtectScenarios; }
    Unprotect(password) {
      if (this.protection.password && password !== this.protection.password) throw new Error("密码不正确");
      this.protection.contents = this.protection.drawingObjects = this.protection.scenarios = false;
    }
    Protect(password, drawingObjects, contents, scenarios, userInterfaceOnly, ...allow) {
      const keys = ["AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
        "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns",
        "AllowDeletingRows", "AllowSorting", "AllowFiltering", "AllowUsingPivotTables"];
      this.protectCalls.push([password, drawingObjects, contents, scenarios, userInterfaceOnly, ...allow]);
      this.protection.contents = contents === undefined ? true : !!contents;
      this.protection.drawingObjects = !!drawingObjects;
      this.protection.scenarios = !!scenarios;
      this.protection.password = password || null;
      keys.forEach((key, i) => { this.protection.allow[key] = !!allow[i]; });
    }
    guard(kind, cells) {
      if (!this.isProtected) return;
      if (kind === "value" && cells.every((c) => c && c.locked === false)) return;
      if (kind === "format" && this.protection.allow.AllowFormattingCells) return;
      throw protectedError();
    }
    get UsedRange() {
      let r1 = Infinity, c1 = Infinity, r2 = 0, c2 = 0;
      for (const [key, cell] of this.cells) {
        if (cell.value === null && !cell.fill && !cell.comment && cell.style === "Normal") continue;
        const [r, c] = parseCell(key);
        r1 = Math.min(r1, r); c1 = Math.min(c1, c); r2 = Math.max(r2, r); c2 = Math.max(c2, c);
      }
      if (r2 === 0) return new Range(this, 1, 1, 1, 1);
      return new Range(this, r1, c1, r2, c2);
    }
    Range(address) { return new Range(this, ...parseRange(address)); }
    Cells(r, c) { return new Range(this, r, c, r, c); }
    get Comments() {
      const found = [...this.cells.entries()].filter(([, c]) => c.comment)
        .sort(([a], [b]) => { const [ra, ca] = parseCell(a); const [rb, cb] = parseCell(b); return ra - rb || ca - cb; });
      return { Count: found.length, Item: (i) => new Comment(this, ...parseCell(found[i - 1][0])) };
    }
    get Hyperlinks() {
      const sheet = this;
      return {
        Add(anchor, address, subAddress, screenTip, text) {
          sheet.guard("format", []);
          const cell = sheet.cell(anchor.r1, anchor.c1, true);
          cell.link = { address, subAddress, screenTip, text };
          cell.value = text;
          return {};
        },
      };
    }
  }

  class Comment {
    constructor(sheet, r, c) { this.sheet = sheet; this.r = r; this.c = c; }
    get data() { return this.sheet.cell(this.r, this.c).comment; }
    Text(text) {
      if (text === undefined) return this.data.text;
      this.sheet.guard("comment", []);
      this.data.text = text;
      return text;
    }
    Delete() {
      this.sheet.guard("comment", []);
      this.sheet.cell(this.r, this.c).comment = null;
    }
    get Parent() { return new Range(this.sheet, this.r, this.c, this.r, this.c); }
    get Shape() {
      const data = this.data;
      return {
        get Width() { return data.width; }, set Width(v) { data.width = v; },
        get Height() { return data.height; }, set Height(v) { data.height = v; },
      };
    }
  }

  class Range {
    constructor(sheet, r1, c1, r2, c2) {
      Object.assign(this, { sheet, r1, c1, r2, c2 });
    }
    *each(create) {
      for (let r = this.r1; r <= this.r2; r++) {
        for (let c = this.c1; c <= this.c2; c++) yield [r, c, this.sheet.cell(r, c, create)];
      }
    }
    get Row() { return this.r1; }
    get Column() { return this.c1; }
    get Worksheet() { return this.sheet; }
    get Address() {
      const a = "$" + colName(this.c1) + "$" + this.r1;
      return this.r1 === this.r2 && this.c1 === this.c2 ? a : a + ":$" + colName(this.c2) + "$" + this.r2;
    }
    get Value2() {
      const rows = [];
      for (let r = this.r1; r <= this.r2; r++) {
        const row = [];
        for (let c = this.c1; c <= this.c2; c++) {
          const cell = this.sheet.cell(r, c);
          row.push(cell && cell.value !== null ? cell.value : undefined);
        }
        rows.push(row);
      }
      return rows.length === 1 && rows[0].length === 1 ? rows[0][0] : rows;
    }
    set Value2(value) {
      const cells = [...this.each(true)];
      this.sheet.guard("value", cells.map(([, , cell]) => cell));
      for (const [r, c, cell] of cells) {
        const v = Array.isArray(value) ? value[r - this.r1][c - this.c1] : value;
        cell.value = v === undefined || v === null || v === "" ? null : parseTyped(v);
      }
    }
    get Interior() {
      const range = this;
      return {
        set Color(bgr) {
          range.sheet.guard("format", []);
          const rgb = ((bgr & 0xff) << 16) | (bgr & 0xff00) | ((bgr >> 16) & 0xff);
          for (const [, , cell] of range.each(true)) cell.fill = rgb.toString(16).toUpperCase().padStart(6, "0");
        },
        set ColorIndex(index) {
          range.sheet.guard("format", []);
          if (index !== XL_NONE) throw new Error("stand-in: only xlNone");
          for (const [, , cell] of range.each(true)) cell.fill = null;
        },
      };
    }
    get Style() { return this.sheet.cell(this.r1, this.c1, true).style; }
    set Style(styleName) {
      const style = this.sheet.book.styles[styleName];
      if (!style) throw new Error("没有样式 " + styleName);
      this.sheet.guard("format", []);
      for (const [, , cell] of this.each(true)) {
        cell.style = styleName;
        cell.fill = style.fill;
        cell.locked = style.locked;
        cell.border = style.border ? JSON.parse(JSON.stringify(style.border)) : null;
      }
    }
    get Borders() {
      const range = this;
      return {
        Item(edge) {
          if (![7, 8, 9, 10].includes(edge)) throw new Error("stand-in: only the four outside edges");
          const set = (key, value) => {
            range.sheet.guard("format", []);
            // an outside edge of a one-cell range is that cell's edge
            for (const [, , cell] of range.each(true)) {
              cell.border = cell.border || {};
              const side = cell.border[edge] || { lineStyle: null, weight: null, color: null };
              side[key] = value;
              cell.border[edge] = side.lineStyle === -4142 ? null : side;
              if (Object.values(cell.border).every((v) => v === null)) cell.border = null;
            }
          };
          return {
            set LineStyle(v) { set("lineStyle", v); },
            set Weight(v) { set("weight", v); },
            set Color(bgr) {
              const rgb = ((bgr & 0xff) << 16) | (bgr & 0xff00) | ((bgr >> 16) & 0xff);
              set("color", rgb.toString(16).toUpperCase().padStart(6, "0"));
            },
          };
        },
      };
    }
    get Comment() {
      const cell = this.sheet.cell(this.r1, this.c1);
      return cell && cell.comment ? new Comment(this.sheet, this.r1, this.c1) : null;
    }
    AddComment(text) {
      this.sheet.guard("comment", []);
      const cell = this.sheet.cell(this.r1, this.c1, true);
      if (cell.comment) throw new Error("单元格已有批注");
      cell.comment = { text, width: null, height: null };
      return new Comment(this.sheet, this.r1, this.c1);
    }
    get Rows() { return { AutoFit: () => { this.sheet.autofits = (this.sheet.autofits || 0) + 1; } }; }
    Delete(shift) {
      if (shift !== -4162) throw new Error("stand-in: only xlShiftUp");
      this.sheet.guard("delete", []);
      const height = this.r2 - this.r1 + 1;
      let last = 0;
      for (const key of this.sheet.cells.keys()) last = Math.max(last, parseCell(key)[0]);
      for (let r = this.r1; r <= last; r++) {
        for (let c = this.c1; c <= this.c2; c++) {
          const below = this.sheet.cells.get(name(r + height, c));
          if (below) this.sheet.cells.set(name(r, c), below);
          else this.sheet.cells.delete(name(r, c));
        }
      }
    }
  }

  class Book {
    constructor(data) {
      this.Name = data.name;
      this.FullName = data.fullName;
      this.Date1904 = !!data.date1904;
      this.styles = data.styles;
      this.sheets = data.sheets.map((s) => new Sheet(this, s));
      this.names = data.names;
    }
    get Worksheets() {
      return { Count: this.sheets.length,
        Item: (i) => (typeof i === "number" ? this.sheets[i - 1] : this.sheets.find((s) => s.Name === i)) };
    }
    get Names() {
      return { Count: this.names.length,
        Item: (i) => ({ Name: this.names[i - 1].name, RefersTo: this.names[i - 1].refersTo }) };
    }
  }

  function dump(book) {
    return {
      sheets: book.sheets.map((s) => ({
        name: s.Name, protection: s.protection, protectCalls: s.protectCalls,
        cells: Object.fromEntries(s.cells),
      })),
    };
  }

  const standin = {
    messages: [], confirmAnswer: true, files: {}, book: null,
    open(data) {
      standin.book = new Book(data);
      window.Application.ActiveWorkbook = standin.book;
    },
    dump() { return JSON.stringify(dump(standin.book)); },
  };
  window.__standin = standin;
  window.Application = { ActiveWorkbook: null, ScreenUpdating: true, StatusBar: "", Version: "stand-in" };
  window.wps = {
    FileSystem: {
      Exists: (path) => Object.prototype.hasOwnProperty.call(standin.files, path),
      writeAsBinaryString: (path, data) => { standin.files[path] = data; return true; },
    },
  };
  window.alert = (text) => { standin.messages.push({ kind: "alert", text: String(text) }); };
  window.confirm = (text) => { standin.messages.push({ kind: "confirm", text: String(text) }); return standin.confirmAnswer; };
})();
