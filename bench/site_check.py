"""Check the built documentation site in headless Chromium: `python bench/site_check.py [SITE] [--shots DIR]`.

Serves SITE (default `_site/`, built by `python docs/build.py`) on localhost, loads every page with Playwright and checks:
- no console errors, page errors, failed requests or HTTP errors;
- every image has decoded (naturalWidth > 0), and each chapter shows at least as many pictures as its notebook saved;
- the API pages list the public functions: every name in a module's `__all__` that `_modidx` places on a page has its
  entry there (a heading under nbdev's anchor), e.g. layers.html shows `efficientnet_lite` and `LiteUNet`;
- the sidebar lists the pages in the series' order (nbs/*.ipynb by name, index first, named as nbdev names them);
- every link inside the site lands on a page and an anchor that exist; search finds `evaluate` on the metrics page.
Saves screenshots of the home page and of a chapter to DIR (default /tmp/colorize_nb_site), prints a summary,
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

# Run in the page once it has loaded: every image decoded (lazy ones forced), the sidebar, the links, the ids, the API headings.
PAGE_JS = """async () => {
  const imgs = [...document.images];
  imgs.forEach(i => i.loading = 'eager');
  await Promise.all(imgs.map(i => i.decode().catch(() => null)));
  const main = document.querySelector('main, article, [role=main]') || document.body;
  return {
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

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('site', nargs='?', default=str(root/'_site'))
    ap.add_argument('--shots', default='/tmp/colorize_nb_site', help='folder for the screenshots')
    ap.add_argument('--chapter', default='10_mse_ae.ipynb', help="the chapter to screenshot (a notebook's name)")
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
    info, n_imgs = {}, 0
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
            if name == 'index.html': page.screenshot(path=str(shots/'index.png'))
            if name == page_of(Path(a.chapter)):
                page.screenshot(path=str(shots/f'{name[:-5]}.png'))
                pics = page.locator('main img')
                if pics.count():
                    pics.first.scroll_into_view_if_needed(); page.evaluate('window.scrollBy(0, -120)')
                    page.screenshot(path=str(shots/f'{name[:-5]}_pictures.png'))
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
    print('sidebar:', ' > '.join(x.removesuffix('.html') for x in home_side))
    print('screenshots:', ', '.join(str(p) for p in sorted(shots.glob('*.png'))))
    for f in fails: print('FAIL', f)
    print('site check passed' if not fails else f'site check failed: {len(fails)} problem(s)')
    return 1 if fails else 0

if __name__ == '__main__': sys.exit(main())
