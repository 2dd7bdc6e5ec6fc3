// The toolbar's own stylesheets and scripts, served under /_debug_toolbar/static (no CDN). The tab added to
// pages is fixed-position and resets inherited styles, so the page's layout and CSS do not change.

/** The tab added to HTML pages, and the frame it opens over the page. */
export const TOOLBAR_CSS = `
#zig-debug-toolbar, #zig-debug-toolbar * { all: initial; box-sizing: border-box; }
#zig-debug-toolbar { position: fixed; top: 30%; right: 0; z-index: 2147483646; display: flex; flex-direction: column; }
#zig-debug-toolbar .zdt-tab { display: block; cursor: pointer; background: #7a3b12; color: #fff; font: bold 12px/1 system-ui, sans-serif; padding: 10px 8px; border-radius: 6px 0 0 0; writing-mode: vertical-rl; letter-spacing: 1px; }
#zig-debug-toolbar .zdt-hide { display: block; cursor: pointer; background: #444; color: #fff; font: 12px/1 system-ui, sans-serif; padding: 4px 8px; border-radius: 0 0 0 6px; text-align: center; }
#zig-debug-toolbar.zdt-collapsed .zdt-tab { display: none; }
#zig-debug-toolbar.zdt-collapsed .zdt-hide { border-radius: 6px 0 0 6px; }
#zig-debug-frame { all: initial; position: fixed; inset: 0; z-index: 2147483647; background: rgba(0,0,0,.35); display: flex; }
#zig-debug-frame iframe { all: initial; flex: 1; margin: 24px; border: 0; background: #fff; box-shadow: 0 4px 24px rgba(0,0,0,.4); }
#zig-debug-frame button { all: initial; position: absolute; top: 4px; right: 8px; cursor: pointer; color: #fff; font: bold 16px/1 system-ui, sans-serif; }
`;

/** Fills the container the toolbar adds to a page: a tab that opens the request's panels, a button that hides it. */
export const TOOLBAR_JS = `
(() => {
  const host = document.getElementById('zig-debug-toolbar');
  if (!host) return;
  const key = 'zig-debug-toolbar:collapsed';
  const tab = document.createElement('button');
  tab.type = 'button'; tab.className = 'zdt-tab'; tab.textContent = 'ZIGGURAT'; tab.title = 'Open the debug toolbar';
  const hide = document.createElement('button');
  hide.type = 'button'; hide.className = 'zdt-hide';
  const show = (collapsed) => {
    host.classList.toggle('zdt-collapsed', collapsed);
    hide.textContent = collapsed ? '\\u2039' : '\\u00d7';
    hide.title = collapsed ? 'Show the debug toolbar' : 'Hide the debug toolbar';
  };
  hide.addEventListener('click', () => {
    const collapsed = !host.classList.contains('zdt-collapsed');
    try { localStorage.setItem(key, collapsed ? '1' : '0'); } catch {}
    show(collapsed);
  });
  tab.addEventListener('click', () => {
    const frame = document.createElement('div');
    frame.id = 'zig-debug-frame';
    const iframe = document.createElement('iframe');
    iframe.src = host.dataset.toolbarUrl; iframe.title = 'Ziggurat debug toolbar';
    const close = document.createElement('button');
    close.type = 'button'; close.textContent = '\\u00d7'; close.title = 'Close';
    close.addEventListener('click', () => frame.remove());
    frame.addEventListener('click', (event) => { if (event.target === frame) frame.remove(); });
    frame.append(iframe, close);
    document.body.append(frame);
  });
  host.append(tab, hide);
  let collapsed = false;
  try { collapsed = localStorage.getItem(key) === '1'; } catch {}
  show(collapsed);
  host.hidden = false;
})();
`;

/** The toolbar's own pages: the history and one request's panels. */
export const PAGE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #222; background: #fafafa; }
header { background: #7a3b12; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
header a { color: #fde8d8; }
header h1 { font-size: 16px; margin: 0; }
.zdt-layout { display: flex; min-height: calc(100vh - 40px); }
nav { width: 200px; background: #eee; border-right: 1px solid #ccc; }
nav a { display: block; padding: 8px 12px; color: #222; text-decoration: none; border-bottom: 1px solid #ddd; }
nav a small { color: #777; display: block; }
nav a.zdt-active { background: #fff; font-weight: bold; }
main { flex: 1; padding: 12px 16px; overflow: auto; }
section.zdt-panel { display: none; }
section.zdt-panel.zdt-active { display: block; }
h2 { font-size: 18px; margin: 4px 0 12px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8px; background: #fff; }
th, td { text-align: left; vertical-align: top; border: 1px solid #ddd; padding: 4px 8px; }
th { background: #f3f3f3; white-space: nowrap; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 12px/1.4 ui-monospace, monospace; }
.zdt-pass { color: #146c2e; } .zdt-fail { color: #a11; }
.zdt-empty { color: #777; }
.zdt-bar { background: #d9a27a; height: 10px; }
button { cursor: pointer; }
`;

/** Switches panels (the hash names the open one) and runs EXPLAIN buttons. */
export const PAGE_JS = `
(() => {
  const open = (name) => {
    for (const element of document.querySelectorAll('[data-panel]'))
      element.classList.toggle('zdt-active', element.dataset.panel === name);
  };
  const first = document.querySelector('nav [data-panel]');
  const fromHash = () => open(location.hash.slice(1) || (first && first.dataset.panel));
  window.addEventListener('hashchange', fromHash);
  fromHash();
  for (const button of document.querySelectorAll('button[data-explain]')) {
    button.addEventListener('click', async () => {
      const output = document.getElementById(button.dataset.output);
      output.textContent = 'running EXPLAIN...';
      const answer = await fetch(button.dataset.explain, { method: 'POST' });
      const body = await answer.json();
      output.textContent = answer.ok ? JSON.stringify(body.plan, null, 2) : body.error;
    });
  }
})();
`;
