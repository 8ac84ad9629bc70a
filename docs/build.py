"""Build the documentation site from the notebooks, offline and without Quarto: `python docs/build.py` writes `_site/`.

1. nbdev's `proc_nbs` (what `nbdev-proc-nbs` and `nbdev-docs` run) writes `_proc/*.ipynb`: `show_doc` rendered, hidden cells dropped.
2. `stage` turns each processed notebook into a page (`_proc/.site/`, named as Quarto names it: 02_metrics -> metrics.html):
   the front matter becomes the title, `show_doc` entries become page markdown (in the table of contents and the search
   index, under nbdev's anchors), Quarto's cell options (`#| echo: false`, ...) become cell tags, nbdev's links become
   relative, maths becomes MathML (no CDN), and the home page gets the table of contents in the series' order.
3. Sphinx with myst-nb (configuration: docs/conf.py) renders the pages from their saved outputs: nothing is executed.

`python docs/build.py --serve` builds, then serves the site on http://localhost:8000 and opens it.
Quarto users can still run `nbdev-docs` (configured by `[tool.nbdev]` in pyproject.toml); this script leaves that alone."""
import argparse, ast, contextlib, functools, http.server, json, os, re, shutil, subprocess, sys, time, webbrowser
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nbs, proc_dir = root/'nbs', root/'_proc'
stage_dir = proc_dir/'.site'           # a dot-folder: nbdev's stale-page cleaner and Quarto leave it alone

def series(glob='*.ipynb'):
    "The notebooks in the series' order: index first, then by name."
    return sorted(nbs.glob(glob), key=lambda p: (p.name != 'index.ipynb', p.name))

# --- 1. nbdev's processing --------------------------------------------------------------------------------------------
def _safe_do_eval(orig):
    "nbdev runs export cells, imports and `show_doc` to render the API, and also any cell that *mixes* imports with code."
    import nbdev.processors as P
    def do_eval(cell):
        if not orig(cell): return False
        if cell.directives_.keys() & {'export', 'exports', 'exporti', 'exec_doc'}: return True
        trees = cell.parsed_()
        # A mixed cell is a test or an experiment (02_metrics evaluates `gray` on 9,787 photos from ../shared):
        # the site shows its saved outputs instead of running it.
        return all(isinstance(t, (ast.Import, ast.ImportFrom)) for t in trees) or (len(trees) == 1 and bool(P._show_docs(trees)))
    do_eval.safe = True
    return do_eval

def _show_doc_dispatch(orig):
    "nbdev's `show_doc` renders nothing for fastai's `@dispatch` functions (`show_batch`): render this library's method."
    def show_doc(sym, *args, **kwargs):
        res = orig(sym, *args, **kwargs)
        if res is not None or not hasattr(sym, 'methods'): return res
        from nbdev.config import get_config
        lib = get_config().lib_name
        mods = [(getattr(m.implementation, '__module__', '') or '', m.implementation) for m in sym.methods]
        # the notebook's own definition (run by nbdev in `__main__`), else the library's
        ours = [f for mod, f in mods if mod == '__main__'] or [f for mod, f in mods if mod.startswith(lib)]
        if not ours: return res
        from IPython.display import Markdown
        md = orig(ours[-1], *args, **{**kwargs, 'name': kwargs.get('name') or sym.__name__})._repr_markdown_()
        return Markdown(md.replace('__main__.', ''))
    show_doc.safe = True
    return show_doc

def proc(glob=''):
    "`nbdev-proc-nbs`, in this process (so that mixed cells are left alone) and from `nbs/` (so that relative paths resolve)."
    import nbdev.processors as P
    from nbdev.serve import proc_nbs
    import nbdev.showdoc as S
    if not getattr(P._do_eval, 'safe', False): P._do_eval = _safe_do_eval(P._do_eval)
    if not getattr(S.show_doc, 'safe', False): S.show_doc = _show_doc_dispatch(S.show_doc)
    cwd = os.getcwd()
    os.chdir(nbs)
    # nbdev redoes a notebook when it is newer than its processed copy; this script's own changes redo them all
    force = proc_dir.exists() and Path(__file__).stat().st_mtime > proc_dir.stat().st_mtime
    try:
        # nbdev warns about every cell that mixes imports and code (the ones left alone above): DOCS_VERBOSE=1 shows them
        quiet = contextlib.nullcontext() if os.environ.get('DOCS_VERBOSE') else contextlib.redirect_stderr(open(os.devnull, 'w'))
        with quiet:
            proc_nbs(n_workers=0, file_glob=glob, force=force)
    finally: os.chdir(cwd)

# --- 2. staging -------------------------------------------------------------------------------------------------------
_dir_re = re.compile(r'^\s*#\|\s*([\w-]+)\s*:?\s*(.*?)\s*$')
_math_re = re.compile(r'(?<![\\$\w])\$(?![\s$])([^$\n]+?)(?<!\s)\$(?![$\w])')

def _text(x): return ''.join(x) if isinstance(x, list) else x
def _md(src): return {'cell_type': 'markdown', 'metadata': {}, 'source': src}

def _directives(src):
    "Quarto cell options at the top of a code cell, and the code without them."
    lines, dirs = src.splitlines(), {}
    while lines and (m := _dir_re.match(lines[0])):
        dirs[m[1]] = m[2].lower()
        lines.pop(0)
    return dirs, '\n'.join(lines).strip('\n')

def _fix_md(md):
    "nbdev's markdown as the site renders it: no Pandoc attributes, links relative, maths as MathML."
    from latex2mathml.converter import convert
    md = re.sub(r'\[source\]\(([^)]+)\)\{[^}]*\}', r'<a class="sd-source reference external" href="\1">source</a>', md)
    md = re.sub(r'\]\(/([\w.-]+\.html(?:#[^)]*)?)\)', r'](\1)', md)
    def maths(t):
        t = re.sub(r'\$\$(.+?)\$\$', lambda m: '\n' + convert(m[1].strip(), display='block') + '\n', t, flags=re.S)
        return _math_re.sub(lambda m: convert(m[1]), t)
    parts = re.split(r'(```.*?```|`[^`\n]*`)', md, flags=re.S)      # not inside code
    return ''.join(t if i % 2 else maths(t) for i, t in enumerate(parts))

def _show_doc_md(md):
    "A show_doc entry: its heading gets nbdev's anchor (the lower-case qualified name) so that nbdev's links land on it."
    md = re.sub(r'^\s*---\s*\n', '', md)     # Quarto's rule above each entry; here the entry's CSS draws it
    from docutils.nodes import make_id
    def anchor(m):     # Sphinx ids the heading itself (make_id: LiteUNet -> liteunet, delta_cf -> delta-cf)
        a = m[2].lower()
        return m[0] if make_id(m[2]) == a else f'<span id="{a}"></span>\n\n{m[0]}'
    return re.sub(r'^(#{2,4}) (\S+)[ \t]*$', anchor, md, flags=re.M)

def stage_nb(src:Path):
    "One processed notebook as a page: title first, `show_doc` as markdown, hidden inputs tagged. Returns (notebook, title)."
    import yaml
    nb = json.loads(src.read_text())
    cells, title = [], src.stem
    for c in nb['cells']:
        s = _text(c['source'])
        if c['cell_type'] == 'raw' and s.startswith('---'):
            fm = yaml.safe_load(s.strip().strip('-')) or {}
            title = str(fm.get('title', title))
            head = f'# {title}' + (f"\n\n> {fm['description']}" if fm.get('description') else '')
            cells.append(_md(_fix_md(head)))
        elif c['cell_type'] == 'markdown':
            if not re.fullmatch(r'\s*<!--.*?-->\s*', s, re.S): cells.append(_md(_fix_md(s)))
        elif c['cell_type'] == 'code':
            dirs, code = _directives(s)
            if dirs.get('include') == 'false': continue
            outs = [] if dirs.get('output') == 'false' else c.get('outputs', [])
            if dirs.get('output') == 'asis':         # show_doc: its markdown becomes the page's, as Quarto does
                mds = [_text(o['data']['text/markdown']) for o in outs if 'text/markdown' in o.get('data', {})]
                if mds: cells.append(_md(_show_doc_md(_fix_md('\n\n'.join(mds)))))
                continue
            for o in outs:
                d = o.get('data', {})
                if 'text/markdown' in d: d['text/markdown'] = _fix_md(_text(d['text/markdown']))
                d.pop('application/vnd.jupyter.widget-view+json', None)    # no widget state is saved: its text stands in
            outs = [o for o in outs if o.get('output_type') not in ('display_data', 'execute_result') or o.get('data')]
            if not code.strip() and not outs: continue
            hide = dirs.get('echo') == 'false' or not code.strip()
            cells.append({'cell_type': 'code', 'execution_count': None, 'metadata': {'tags': ['remove-input']} if hide else {},
                          'source': code, 'outputs': outs})
    nb['cells'], nb['nbformat'], nb['nbformat_minor'] = cells, 4, 5
    nb['metadata'] = {k: v for k, v in nb['metadata'].items() if k in ('kernelspec', 'language_info')}
    return nb, title

def page_name(p:Path):
    "The page keeps the name nbdev and Quarto give it (`output-file`: 02_metrics -> metrics), so that nbdev's links hold."
    c = json.loads(p.read_text())['cells'][0]
    m = re.search(r'^output-file:\s*(\S+)\.html\s*$', _text(c['source']), re.M)
    return m[1] if c['cell_type'] == 'raw' and m else p.stem

def _write(p:Path, txt:str):
    "Write only what changed, so that Sphinx re-reads only the pages whose notebook changed."
    if not p.exists() or p.read_text() != txt: p.write_text(txt)

def stage(names):
    "Pages for the processed notebooks `names` (index first) in `stage_dir`; the home page lists them all, in order."
    stage_dir.mkdir(parents=True, exist_ok=True)
    # pictures that markdown cells link in the repository's data/ (the home page's contact sheet, `../data/...` from nbs/)
    (proc_dir/'data').mkdir(exist_ok=True)
    for f in (root/'data').glob('*.jpg'): shutil.copy2(f, proc_dir/'data'/f.name)
    pages = [(page_name(proc_dir/n), *stage_nb(proc_dir/n)) for n in names]
    home = next((nb for name, nb, _ in pages if name == 'index'), None)
    if home is None:    # a partial build (--only) without index.ipynb
        home = {'cells': [_md('# colorize_nb')], 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}
        pages.insert(0, ('index', home, 'colorize_nb'))
    toc = [name for name, _, _ in pages if name != 'index']
    home['cells'].append(_md('```{toctree}\n:hidden:\n:maxdepth: 1\n\n' + '\n'.join(toc) + '\n```'))
    for name, nb, _ in pages:
        for i, c in enumerate(nb['cells']): c['id'] = f'cell-{i}'
        _write(stage_dir/f'{name}.ipynb', json.dumps(nb, indent=1, ensure_ascii=False))
    keep = {f'{name}.ipynb' for name, _, _ in pages}
    for old in stage_dir.glob('*.ipynb'):
        if old.name not in keep: old.unlink()
    return [(name, title) for name, _, title in pages]

# --- 3. render --------------------------------------------------------------------------------------------------------
def render(out:Path):
    "Sphinx + myst-nb in `_proc/.sphinx` (its caches and myst-nb's image folder stay there), then the HTML to `out`."
    work = proc_dir/'.sphinx'
    # -a: write every page, since each page's sidebar lists all of them (Sphinx rewrites only the pages it re-read)
    cmd = [sys.executable, '-m', 'sphinx', '-b', 'html', '-a', '-q', '-c', str(root/'docs'), '-d', str(work/'doctrees'),
           str(stage_dir), str(work/'html')]
    subprocess.run(cmd, check=True, cwd=root)
    keep = {p.stem for p in stage_dir.glob('*.ipynb')} | {'genindex', 'search', 'py-modindex'}
    for old in (work/'html').glob('*.html'):    # Sphinx keeps the pages of notebooks that are gone
        if old.stem not in keep: old.unlink()
    if (out/'.buildinfo').exists(): shutil.rmtree(out)    # a site built before: no stale pages of renamed notebooks
    shutil.copytree(work/'html', out, dirs_exist_ok=True, ignore=shutil.ignore_patterns('.doctrees', '_sources'))

def build(out=root/'_site', glob=''):
    t0 = time.time()
    proc(glob)
    t1 = time.time()
    names = [p.name for p in series(glob or '*.ipynb') if (proc_dir/p.name).exists()]
    pages = stage(names)
    t2 = time.time()
    render(out)
    t3 = time.time()
    print(f'{len(pages)} pages in {out}: nbdev {t1-t0:.1f} s, staging {t2-t1:.1f} s, sphinx {t3-t2:.1f} s')
    return out

def serve(out:Path, port=8000):
    url = f'http://localhost:{port}/'
    print('serving', url, '(Ctrl-C stops)')
    with contextlib.suppress(Exception): webbrowser.open(url)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    with contextlib.suppress(KeyboardInterrupt): http.server.ThreadingHTTPServer(('localhost', port), handler).serve_forever()

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(root/'_site'), help='where the site goes (default: _site)')
    ap.add_argument('--only', default='', help="only these notebooks, a glob such as '0[25]_*.ipynb' (default: all)")
    ap.add_argument('--serve', action='store_true', help='then serve the site on localhost:8000 and open it in a browser')
    ap.add_argument('--port', type=int, default=8000)
    a = ap.parse_args()
    out = build(Path(a.out).resolve(), a.only)
    if a.serve: serve(out, a.port)
