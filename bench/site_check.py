"""Check the built documentation site in headless Chromium: `python bench/site_check.py [SITE] [--shots DIR]`.

Serves SITE (default `_site/`, built by `python docs/build.py`) on localhost, loads every page with Playwright and checks:
- no console errors, page errors, failed requests or HTTP errors;
- every image has decoded (naturalWidth > 0), and each chapter shows at least as many pictures as its notebook saved;
- the API pages list the public functions: every name in a module's `__all__` that `_modidx` places on a page has its
  entry there (a heading under nbdev's anchor), e.g. layers.html shows `efficientnet_lite` and `LiteUNet`;
- the sidebar lists the pages in the series' order (nbs/*.ipynb by name, index first, named as nbdev names them);
- every link inside the site lands on a page and an anchor that exist; search finds `evaluate` on the metrics page;
- every image has alt text, not empty and not a file name or hash (myst-nb's default alt is the picture's hashed path);
- every table wider than its container scrolls inside a frame (docs/wide_content.py) that shows the hint ("scroll
  sideways"), within the text column, and a table that fits shows no hint; checked again at a narrow window (--narrow);
- every picture wider than the text column (or shown smaller than it is) is inside a link to its own full-size file.
Saves screenshots of the home page, of a chapter and of --wide's first framed table and linked picture to DIR
(default /tmp/colorize_nb_site), prints a summary,
exits 1 on any failure. Needs Chromium (Debian's `chromium`, or --chromium PATH) and `pip install playwright`."""
import argparse, ast, functools, http.server, importlib.util, json, re, sys, threading, time
from pathlib import Path
from urllib.parse import urlparse, unquote

root = Path(__file__).resolve().parent.parent
nbs = root/'nbs'

def page_of(nb:Path):
    "The page nbdev (and Quarto) make of a notebook: 02_metrics.ipynb -> metrics.html."
    return re.sub(r'^\d+[a-zA-Z0-9]*_', '', nb.name.lower()).removesuffix('.ipynb') + '.html'

def series():
    return sorted(nbs.glob('*.ipynb'), key=lambda p: (p.name != 'index.ipynb', p.name))

def saved_pictures(nb:Path):
    "Pictures saved in a notebook's outputs, leaving out cells the site does not show (`#| hide`, `include: false`)."
    n = 0
    for c in json.loads(nb.read_text())['cells']:
        src = ''.join(c['source'])
        if re.search(r'^#\|\s*(hide\b|include:\s*false)', src, re.M): continue
        n += sum(any(k.startswith('image/') for k in o.get('data', {})) for o in c.get('outputs', []))
    return n

def public_api():
    "{page: [public names]}: `_modidx` says on which page nbdev documents a symbol; the module's `__all__` says it is public."
    spec = importlib.util.spec_from_file_location('_modidx', root/'colorize_nb'/'_modidx.py')
    modidx = importlib.util.module_from_spec(spec); spec.loader.exec_module(modidx)
    res = {}
    for mod, syms in modidx.d['syms'].items():
        path = root/(mod.replace('.', '/') + '.py')
        if not path.exists(): continue
        pub = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Assign) and any(getattr(t, 'id', '') == '__all__' for t in node.targets):
                pub = set(ast.literal_eval(node.value))
        for qual, (link, _) in syms.items():
            name = qual[len(mod) + 1:]
            if '.' not in name and name in pub: res.setdefault(link.split('#')[0], []).append(name)
    return res

def serve(site:Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_port}/'

# What is wider than the text column, as a reader sees it: each table (wide or not; in a frame showing the hint or not), each
# image (its alt text, its natural and shown width, the link around it). Run in the page once it has loaded.
WIDE_JS = """() => {
  const main = document.querySelector('main, article, [role=main]') || document.body;
  const art = document.querySelector('article.bd-article') || main, acs = getComputedStyle(art), ar = art.getBoundingClientRect();
  const col = {left: ar.left + parseFloat(acs.paddingLeft), right: ar.right - parseFloat(acs.paddingRight)};
  col.width = col.right - col.left;
  const shown = e => !!e && e.checkVisibility({visibilityProperty: true, opacityProperty: true}) && e.getBoundingClientRect().height > 0;
  const tables = [...main.querySelectorAll('table')].map((t, k) => {
    const frame = t.closest('.table-frame'), sc = frame && frame.querySelector(':scope > .table-scroll');
    const box = sc || t.parentElement, w = t.getBoundingClientRect().width, hint = frame && frame.querySelector(':scope > .table-hint');
    const cs = sc && getComputedStyle(sc), r = sc && sc.getBoundingClientRect();
    return {k, cls: t.className, w: Math.round(w), box: box.clientWidth, wide: w > box.clientWidth + 1,
            framed: !!sc, scrolls: !!sc && ['auto', 'scroll'].includes(cs.overflowX) && sc.scrollWidth > sc.clientWidth,
            visible_frame: !!sc && (parseFloat(cs.borderTopWidth) > 0 || cs.boxShadow !== 'none'),
            in_column: !!sc && r.left >= col.left - 1 && r.right <= col.right + 1,
            hint: shown(hint) && /scroll/i.test(hint.textContent) ? hint.textContent.trim() : ''};
  });
  const images = [...document.images].map(i => {
    const a = i.closest('a[href]'), w = i.getBoundingClientRect().width;
    return {src: i.getAttribute('src'), alt: i.getAttribute('alt'), nw: i.naturalWidth, w: Math.round(w), inMain: main.contains(i),
            wide: main.contains(i) && (i.naturalWidth > col.width + 1 || (w > 0 && w < i.naturalWidth - 1)),
            full: !!a && a.href === i.src};
  });
  return {col: Math.round(col.width), tables, images};
}"""

# an alt text that says nothing: empty, a file name, or a hash (hex, or base64-like, with no space)
HASHY = re.compile(r'^\s*$|^\S*(?:[0-9a-fA-F]{12,}|\.(?:png|jpe?g|gif|svg|webp))\S*$|^[A-Za-z0-9+/=_.-]{16,}$')

def wide_problems(name, d):
    "The wide-content failures on one page (`d`: WIDE_JS's answer)."
    out = []
    for t in d['tables']:
        what = f"{name}: table {t['k'] + 1} ({t['cls'] or 'markdown'}, {t['w']} px in {t['box']} px)"
        if t['wide']:
            if not t['framed']: out.append(f'{what} is wider than its container and not in a scroll frame')
            elif not (t['scrolls'] and t['in_column']): out.append(f'{what}: its frame does not scroll within the text column')
            elif not t['visible_frame']: out.append(f'{what}: its scroll frame draws no border or shadow')
            elif not t['hint']: out.append(f'{what} scrolls, but no hint says so')
        elif t['hint']: out.append(f"{what} fits, but shows the scroll hint")
    for i in d['images']:
        if i['alt'] is None or HASHY.match(i['alt']): out.append(f"{name}: image {i['src'][:60]}: alt text {i['alt']!r}")
        if i['wide'] and not i['full']:
            out.append(f"{name}: image {i['src'][:60]} ({i['nw']} px, shown at {i['w']} in a {d['col']} px column) "
                       f"does not link to its full-size file")
    return out

# Run in the page once it has loaded: every image decoded (lazy ones forced), the sidebar, the links, the ids, the API headings.
PAGE_JS = """async () => {
  const imgs = [...document.images];
  imgs.forEach(i => i.loading = 'eager');
  await Promise.all(imgs.map(i => i.decode().catch(() => null)));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));   // site.js has marked the wide tables
  const main = document.querySelector('main, article, [role=main]') || document.body;
  return {
    wide: (WIDE_JS)(),
    images: imgs.map(i => ({src: i.getAttribute('src').slice(0, 80), w: i.naturalWidth, inMain: main.contains(i)})),
    sidebar: [...document.querySelectorAll('nav.bd-docs-nav a.reference.internal, .bd-sidebar-primary nav a.reference.internal')]
               .map(a => a.getAttribute('href')),
    links: [...main.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    headings: [...main.querySelectorAll('h1,h2,h3,h4')].map(h => h.textContent.replace(/[\\s#¶]+$/, '').trim()),
    title: document.title,
    // markup the staging should have turned into HTML: TeX, Pandoc attributes, MyST fences
    leftover: (() => { const c = main.cloneNode(true); c.querySelectorAll('pre, code').forEach(e => e.remove());
                       return (c.textContent.match(/\\$\\$|\\\\frac|\\\\left|\\{target=|^:::/gm) || []); })(),
  };
}"""
PAGE_JS = PAGE_JS.replace('(WIDE_JS)', f'({WIDE_JS})')

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('site', nargs='?', default=str(root/'_site'))
    ap.add_argument('--shots', default='/tmp/colorize_nb_site', help='folder for the screenshots')
    ap.add_argument('--chapter', default='10_mse_ae.ipynb', help="the chapter to screenshot (a notebook's name)")
    ap.add_argument('--wide', default='30_leaderboard.ipynb', help="the chapter whose wide table and picture to screenshot")
    ap.add_argument('--narrow', type=int, default=600, help='a window width (px) at which --wide and --chapter are checked again')
    ap.add_argument('--chromium', default='/usr/bin/chromium')
    a = ap.parse_args()
    site, shots = Path(a.site).resolve(), Path(a.shots)
    if not (site/'index.html').exists(): sys.exit(f'{site}/index.html not found: build the site first with `python docs/build.py`')
    from playwright.sync_api import sync_playwright
    shots.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    fails, notes = [], []
    def check(ok, msg):
        if not ok: fails.append(msg)
        return ok

    expected = [page_of(p) for p in series()]
    api = public_api()
    pages = sorted(p.name for p in site.glob('*.html'))
    for p in expected: check(p in pages, f'{p}: no page for nbs/{[n.name for n in series() if page_of(n) == p][0]}')
    srv, base = serve(site)
    info, n_imgs, n_wide = {}, 0, [0, 0, 0]      # wide tables (framed with the hint), wide pictures (linked), alt texts
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=a.chromium, args=['--no-sandbox'])
        ctx = browser.new_context(viewport={'width': 1280, 'height': 900})
        for name in pages:
            page, errors = ctx.new_page(), []
            page.on('console', lambda m: m.type == 'error' and errors.append(f'console: {m.text}'))
            page.on('pageerror', lambda e: errors.append(f'page error: {e}'))
            page.on('requestfailed', lambda r: errors.append(f'request failed: {r.url} {r.failure}'))
            page.on('response', lambda r: r.status >= 400 and errors.append(f'HTTP {r.status}: {r.url}'))
            page.goto(base + name, wait_until='load')
            info[name] = d = page.evaluate(PAGE_JS)
            for e in errors: check(False, f'{name}: {e}')
            check(not d['leftover'], f'{name}: markup left as text: {d["leftover"][:3]}')
            bad = [i['src'] for i in d['images'] if i['w'] == 0]
            check(not bad, f'{name}: {len(bad)} image(s) not decoded: {bad[:3]}')
            n_imgs += len(d['images'])
            for f in wide_problems(name, d['wide']): check(False, f)
            n_wide[0] += sum(t['wide'] for t in d['wide']['tables'])
            n_wide[1] += sum(i['wide'] for i in d['wide']['images'])
            n_wide[2] += sum(bool(i['alt']) for i in d['wide']['images'])
            if name == page_of(Path(a.wide)):     # what a reader sees of a wide table and a wide picture
                for sel, shot in [('main .table-frame.overflows', 'wide_table'), ('main a.full-size', 'wide_picture')]:
                    loc = page.locator(sel)
                    if loc.count():
                        loc.first.scroll_into_view_if_needed(); page.evaluate('window.scrollBy(0, -150)')
                        page.screenshot(path=str(shots/f'{name[:-5]}_{shot}.png'))
            if name == 'index.html': page.screenshot(path=str(shots/'index.png'))
            if name == page_of(Path(a.chapter)):
                page.screenshot(path=str(shots/f'{name[:-5]}.png'))
                pics = page.locator('main img')
                if pics.count():
                    pics.first.scroll_into_view_if_needed(); page.evaluate('window.scrollBy(0, -120)')
                    page.screenshot(path=str(shots/f'{name[:-5]}_pictures.png'))
            page.close()
        # a narrow window: the column is narrower, more tables overflow, and site.js must frame them on a resize
        page = ctx.new_page()
        for name in dict.fromkeys([page_of(Path(a.wide)), page_of(Path(a.chapter))]):
            if name not in info: continue
            page.set_viewport_size({'width': 1280, 'height': 900})
            page.goto(base + name, wait_until='load')
            page.set_viewport_size({'width': a.narrow, 'height': 900})
            page.wait_for_timeout(300)
            d = page.evaluate(f'() => new Promise(r => requestAnimationFrame(() => r(({WIDE_JS})())))')
            wide_at = sum(t['wide'] for t in d['tables'])
            # tables only: at a narrow window every picture is shrunk, and the link is decided for the widest column
            for f in wide_problems(f'{name} at {a.narrow} px', {**d, 'images': []}): check(False, f)
            notes.append(f'{name} at {a.narrow} px: {wide_at} of {len(d["tables"])} tables wider than the {d["col"]} px column')
        page.close()
        # search: Sphinx's search page, filled in by its script
        page = ctx.new_page()
        page.goto(base + 'search.html?q=evaluate', wait_until='networkidle')
        try: page.wait_for_selector('#search-results li', timeout=10_000)
        except Exception: pass
        hits = page.eval_on_selector_all('#search-results li a', 'as => as.map(a => a.getAttribute("href"))')
        check(any(h.split('#')[0].endswith('metrics.html') for h in hits), f'search for "evaluate" does not find metrics.html: {hits[:5]}')
        page.screenshot(path=str(shots/'search.png'))
        browser.close()
    srv.shutdown()

    # the series' order, on every page's sidebar
    want = [p for p in expected if p != 'index.html']
    home_side = [h.split('#')[0] for h in info.get('index.html', {}).get('sidebar', [])]
    off = {name: side for name in expected if name in info
           for side in [[h.split('#')[0] or name for h in info[name]['sidebar']]] if side != want}
    for side in {tuple(v) for v in off.values()}:
        where = [n for n, v in off.items() if tuple(v) == side]
        check(False, f"sidebar on {len(where)} page(s) ({', '.join(where[:4])}{', ...' if len(where) > 4 else ''}): "
                     f"{' > '.join(x.removesuffix('.html') for x in side)}; the series: {' > '.join(x.removesuffix('.html') for x in want)}")
    # pictures: each chapter shows at least what its notebook saved
    for nb in series():
        p = page_of(nb)
        if p not in info: continue
        want_n, got = saved_pictures(nb), sum(i['inMain'] for i in info[p]['images'])
        check(got >= want_n, f'{p}: {got} pictures shown, nbs/{nb.name} saved {want_n}')
    # API: every public name with its entry on its page
    n_api = 0
    for p, names in sorted(api.items()):
        if p not in info: check(False, f'{p}: missing, but _modidx documents {len(names)} names there'); continue
        ids, heads = set(info[p]['ids']), set(info[p]['headings'])
        for nm in names:
            n_api += 1
            check(nm.lower() in ids and nm in heads, f'{p}: no entry for public `{nm}`')
    for p, nm in [('layers.html', 'efficientnet_lite'), ('layers.html', 'LiteUNet'), ('metrics.html', 'evaluate')]:
        check(nm in info.get(p, {}).get('headings', []), f'{p}: `{nm}` not shown')
    # links inside the site land on a page and an anchor
    n_links = 0
    for name, d in info.items():
        for h in d['links']:
            u = urlparse(h)
            if u.scheme or u.netloc or h.startswith('mailto:'): continue
            target = unquote(u.path) or name
            if target.endswith('/'): target += 'index.html'
            n_links += 1
            if not check((site/target).exists(), f'{name}: link to {h}: no such file'): continue
            if u.fragment and target in info:
                check(u.fragment in info[target]['ids'], f'{name}: link to {h}: no such anchor')

    print(f'site check of {site}: {len(pages)} pages, {n_imgs} images, {n_api} public API entries, {n_links} internal links, '
          f'{len(home_side)} pages in the sidebar, {time.time() - t0:.0f} s')
    print(f'wide content: {n_wide[0]} tables wider than their container (each must scroll in a frame with the hint), '
          f'{n_wide[1]} pictures wider than the column (each must link to its full size), alt text on {n_wide[2]} images')
    for n in notes: print(n)
    ex = [i['alt'] for i in info.get(page_of(Path(a.wide)), {}).get('wide', {}).get('images', []) if i['inMain']][:2]
    if ex: print(f'alt text on {page_of(Path(a.wide))}:', ' | '.join(repr(x) for x in ex))
    print('sidebar:', ' > '.join(x.removesuffix('.html') for x in home_side))
    print('screenshots:', ', '.join(str(p) for p in sorted(shots.glob('*.png'))))
    for f in fails: print('FAIL', f)
    print('site check passed' if not fails else f'site check failed: {len(fails)} problem(s)')
    return 1 if fails else 0

if __name__ == '__main__': sys.exit(main())
