/* MUA Playground embed: a plain script (defer or async), no dependencies. Usage:
 *   <script src="https://site/playground/embed.js" defer></script>
 *   <mua-playground scenario="pim-jit-approve" as="bob" step="3"></mua-playground>
 * Attributes, read when first connected: scenario h step as dir blade explain shell readonly v, or
 * link (a playground or share link); src (the playground's folder; default: this script's);
 * theme auto|light|dark|contrast (auto follows the host page); title; height (px before the
 * playground reports its own, 480); loading lazy|eager|click (click: a Run button, nothing is
 * fetched before it). The content (say, a plain link) is replaced by the embed.
 * Methods next() goto(step) setTheme(theme) actAs(principal) load(), property iframe; events
 * mua:ready mua:resize mua:step (detail: the playground's message) bubble from the element.
 * <iframe data-mua src="…"> gets auto height, title, theme and events too (MuaPlayground.upgrade(root)
 * for iframes added later). */
(() => {
  if (!window.customElements || customElements.get('mua-playground')) return;
  const me = document.currentScript || [...document.scripts].reverse().find(s => /embed\.js$/.test(s.src));
  const base = new URL('.', me ? me.src : location.href), NAME = 'MUA Playground';
  // Live embeds, as records: el (element), f (iframe), q (commands queued), ok (ready), t (theme asked),
  // th (theme resolved), p (poster), h (first height), named (has a title of its own).
  const all = new Set();
  const hc = matchMedia('(prefers-contrast: more)'), dk = matchMedia('(prefers-color-scheme: dark)');
  const origin = f => new URL(f.src).origin;

  // The theme for r: its own, or the host's: contrast, else by the first opaque background behind it.
  const resolve = r => {
    if (r.t != 'auto') return r.t;
    if (hc.matches) return 'contrast';
    for (let n = r.el.parentElement; n; n = n.parentElement) {
      const c = getComputedStyle(n).backgroundColor.match(/^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?/);
      if (c && !(c[4] <= 0)) { // no alpha, or above 0
        const [R, G, B] = c.slice(1, 4).map(v => (v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * R + 0.7152 * G + 0.0722 * B < 0.4 ? 'dark' : 'light';
      }
    }
    return dk.matches ? 'dark' : 'light';
  };
  const box = (node, h) => (node.style.cssText = 'display:block;width:100%;max-width:100%;box-sizing:border-box;' +
    'border:1px solid #8a8a8a;border-radius:4px;height:' + h + 'px');
  const paint = r => r.p && (r.p.style.color = r.th == 'light' ? '#1b1b1b' : '#fff',
    r.p.style.background = r.th == 'light' ? '#f4f4f4' : r.th == 'dark' ? '#1f1f1f' : '#000');
  // A command to the playground; kept until it says mua:ready.
  const post = (r, m) => r.ok ? r.f.contentWindow.postMessage(m, origin(r.f)) : r.q.push(m);
  const retheme = (r, always) => {
    const th = resolve(r);
    if (th != r.th || always) (r.th = th, paint(r), r.ok && post(r, { type: 'mua:theme', theme: th }));
  };
  const io = window.IntersectionObserver && new IntersectionObserver(es => es.forEach(e =>
    e.isIntersecting && (io.unobserve(e.target), e.target.load())), { rootMargin: '400px 0px' });

  customElements.define('mua-playground', class extends HTMLElement {
    constructor() { super(); this._mua = { el: this, q: [], ok: 0, t: null }; }
    get iframe() { return this._mua.f || null; }
    next() { post(this._mua, { type: 'mua:next' }); }
    goto(step) { post(this._mua, { type: 'mua:goto', step: +step }); } // a number, even from an attribute
    actAs(principal) { post(this._mua, { type: 'mua:as', principal }); }
    setTheme(theme) { this._mua.t = theme, retheme(this._mua, 1); }
    disconnectedCallback() { all.delete(this._mua); }
    connectedCallback() {
      const r = this._mua, a = n => this.getAttribute(n), s = a('scenario');
      all.add(r);
      if (r.h) return; // moved, not new
      r.t = r.t || a('theme') || 'auto', r.th = resolve(r), r.h = parseFloat(a('height')) || 480;
      this.style.display = 'block', this.style.maxWidth = '100%';
      if (a('loading') == 'click') {
        const head = a('title') || (s ? s[0].toUpperCase() + s.slice(1).replace(/[-_]+/g, ' ') : NAME);
        const make = (tag, text) => { const n = document.createElement(tag); n.textContent = text; return n; };
        const p = r.p = make('div', ''), b = make('button', 'Run');
        b.type = 'button', b.onclick = () => this.load().focus(), b.setAttribute('aria-label', 'Run ' + head);
        b.style.cssText = 'font:inherit;padding:6px 20px;border:0;border-radius:4px;background:#0078d4;color:#fff';
        p.append(make('strong', head), make('span', 'Interactive Azure Backup MUA simulation'), b), box(p, r.h);
        p.style.cssText += ';display:flex;flex-direction:column;align-items:center;justify-content:center;gap:12px;' +
          'font:16px system-ui,sans-serif';
        paint(r), this.replaceChildren(p);
      } else if (a('loading') != 'eager' && io) (this.style.height = r.h + 'px', io.observe(this)); // keeps the room
      else this.load();
    }
    // Puts the iframe (made once) in place of the poster or the room kept; returns it.
    load() {
      const r = this._mua, a = n => this.getAttribute(n), dir = a('src');
      if (r.f || !r.h) return r.f; // made, or not connected yet
      const u = new URL(a('link') || 'index.html', dir ? new URL(dir.replace(/\/?$/, '/'), location) : base);
      if (!a('link')) {
        for (const k of ['scenario', 'h', 'step', 'as', 'dir', 'blade', 'explain', 'shell', 'readonly', 'v']) {
          const v = a(k), ro = k == 'readonly';
          if (ro ? /^(|1|true|readonly)$/i.test(v) : v != null) u.searchParams.set(k, ro ? 1 : v);
        }
      }
      u.searchParams.set('theme', r.th), u.searchParams.set('embed', 1);
      const f = r.f = document.createElement('iframe');
      r.named = a('title') != null, f.title = r.named ? a('title') + ' — ' + NAME : NAME;
      f.allow = 'clipboard-write', f.loading = 'eager', f.src = u.href, box(f, r.h);
      r.p = null, this.style.height = '', this.replaceChildren(f);
      return f;
    }
  });

  // <iframe data-mua>: its src stays; the theme follows the host unless the src sets one.
  const upgrade = (root = document) => root.querySelectorAll('iframe[data-mua][src]').forEach(f => {
    if (f._mua) return;
    const t = new URL(f.src).searchParams.get('theme') || 'auto';
    const r = f._mua = { el: f, f, q: [], ok: 0, t, named: f.hasAttribute('title') };
    r.th = resolve(r);
    if (!r.named) f.title = NAME;
    all.add(r);
  });

  addEventListener('message', e => {
    const d = e.data, r = [...all].find(r => r.f && r.f.contentWindow === e.source);
    if (!r || e.origin != origin(r.f) || !d || typeof d.type != 'string' || !d.type.startsWith('mua:')) return;
    const f = r.f, h = Math.ceil(d.height);
    if (d.type == 'mua:resize' && h > 0 && h < 1 / 0) { // the content's height; a border-box iframe adds its borders
      f.style.height = h + (getComputedStyle(f).boxSizing == 'border-box' ? f.offsetHeight - f.clientHeight : 0) + 'px';
    }
    if (d.type == 'mua:ready') {
      if (!r.named && d.title) f.title = d.title + ' — ' + NAME;
      r.ok = 1, retheme(r, 1), r.q.splice(0).forEach(m => post(r, m));
    }
    r.el.dispatchEvent(new CustomEvent(d.type, { detail: d, bubbles: true }));
  });

  // The host's theme may change with an attribute of <html> or <body>, a preference, late styles.
  const refresh = () => all.forEach(r => retheme(r)), mo = new MutationObserver(refresh);
  mo.observe(document.documentElement, { attributes: true });
  hc.addEventListener('change', refresh), dk.addEventListener('change', refresh), addEventListener('load', refresh);
  const init = () => (upgrade(), document.body && mo.observe(document.body, { attributes: true }));
  document.readyState == 'loading' ? addEventListener('DOMContentLoaded', init) : init();
  window.MuaPlayground = { version: 1, upgrade };
})();
