// The WPS 表格 add-in 「政务公开年报」: ribbon callbacks (names fixed by ribbon.xml).
//
// The buttons run giar-xl's Python (giar_xl.web.wps) in Pyodide on this page,
// started on the first click; WPS's object model is window.Application.
var giarLastRun = null; // the promise of the last click (tests wait on it)

function OnAddinLoad(ribbonUI) {
  window.Application.ribbonUI = ribbonUI;
  return true;
}

function GetImage(control) {
  return "images/" + control.Id + ".svg";
}

function OnAction(control) {
  giarLastRun = giarRun(control.Id);
  return true;
}

function giarStatus(text) {
  try {
    window.Application.StatusBar = text;
  } catch (error) {
    // a status bar is a nicety: WPS without one still runs the button
  }
}

async function giarRun(action) {
  try {
    var runtime = await GiarRuntime.start(window.GIAR_BUILD, function (text) {
      giarStatus("政务公开年报：" + text + "（第一次点击需要几秒钟）");
    });
    giarStatus("政务公开年报：正在处理……");
    runtime.pyodide.pyimport("giar_xl.web.wps").run(action, window.Application, window);
  } catch (error) {
    window.alert("政务公开年报 · 出错\n\n校验程序无法运行：" + error.message);
    throw error;
  } finally {
    giarStatus("");
  }
}
