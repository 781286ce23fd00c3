// Compile the Python files in a zip to bytecode with Pyodide's own interpreter.
//
//   node compile.mjs PYODIDE_DIR SOURCE.zip TARGET.zip
//
// Each foo.py becomes foo.pyc beside it (imported without its source, so no
// timestamp is checked); other members are copied.  A file that does not
// compile on this Python (a test fixture of another version, say) is kept as
// source.  Run by `giar-xl web build`; bytecode is only valid for the Python
// that wrote it, which is why this cannot be done by the build's own Python.
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, source, target] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep });
for (const [mount, file] of [["/in", source], ["/out", target]]) {
  py.FS.mkdirTree(mount);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: path.dirname(path.resolve(file)) }, mount);
}
py.globals.set("SOURCE", "/in/" + path.basename(source));
py.globals.set("TARGET", "/out/" + path.basename(target));
py.runPython(`
import importlib.util, marshal, zipfile

HEADER = importlib.util.MAGIC_NUMBER + bytes(12)  # flags 0, no source timestamp or size
kept = 0
with zipfile.ZipFile(SOURCE) as src, zipfile.ZipFile(TARGET, "w", zipfile.ZIP_DEFLATED) as out:
    for info in src.infolist():
        data = src.read(info)
        name = info.filename
        if name.endswith(".py"):
            try:
                code = compile(data, name, "exec", dont_inherit=True)
            except SyntaxError:
                kept += 1
            else:
                name, data = name[:-3] + ".pyc", HEADER + marshal.dumps(code)
        member = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        member.external_attr = 0o644 << 16
        member.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(member, data)
print(f"compiled {SOURCE} -> {TARGET}; {kept} files kept as source")
`);
