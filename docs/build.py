"""Build the documentation site from the notebooks, offline and without Quarto: `python docs/build.py` writes `_site/`.

1. nbdev's `proc_nbs` (what `nbdev-proc-nbs` and `nbdev-docs` run) writes `_proc/*.ipynb`: `show_doc` rendered, hidden cells dropped.
2. `stage` turns each processed notebook into a page (`_proc/.site/`, named as Quarto names it: 02_metrics -> metrics.html):
   the front matter becomes the title, `show_doc` entries become page markdown (in the table of contents and the search
   index, under nbdev's anchors), Quarto's cell options (`#| echo: false`, ...) become cell tags, nbdev's links become
   relative, maths becomes MathML (no CDN), the home page gets the table of contents in the series' order, and each
   output picture gets alt text from the text before it (myst-nb's default is the picture's hashed file name).
3. Sphinx with myst-nb (configuration: docs/conf.py) renders the pages from their saved outputs: nothing is executed.
   Its extension docs/wide_content.py frames wide tables (with a hint that they scroll) and links wide pictures to their
   full-size file.

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
    md = re.sub(r'\[(`_\w+`)\]\([\w.-]+\.html#_[\w.-]*\)', r'\1', md)   # a private name has no entry on the site: its code, unlinked
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

# --- alt text: a picture described by the text around it (what a reader without the picture is told instead) -------------
_ALT_MAX = 120

def _plain(md):
    "Markdown (or nbdev's HTML) as plain text: links, code, emphasis, maths and tags reduced to their words."
    t = re.sub(r'<!--.*?-->', ' ', md, flags=re.S)
    t = re.sub(r'!\[([^\]]*)\]\([^)]*\)', r'\1', t)                 # images: their alt text
    t = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', t)                   # links: their text
    t = re.sub(r'\$\$?([^$]+)\$\$?', lambda m: re.sub(r'\\([a-zA-Z]+)|[\\{}^]', r'\1', m[1]), t)   # TeX: its letters
    t = re.sub(r'<[^>]+>|\{[^{}]*=[^{}]*\}', '', t)                 # HTML tags, Pandoc attributes
    t = re.sub(r'(\*\*|__|`|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))', '', t)  # code and emphasis marks
    t = re.sub(r'^\s*(?:>|[-*+]|\d+\.)\s+', '', t, flags=re.M)       # quote and list markers
    return re.sub(r'\s+', ' ', t).strip()

def _trim(t, n=_ALT_MAX):
    "At most ~n characters, cut at a word."
    return t if len(t) <= n else t[:n].rsplit(' ', 1)[0].rstrip(' ,;:-(') + '…'

def _head_sentence(md):
    "A markdown cell's (or `show_doc` entry's) first heading and the first sentence of its first paragraph, as plain text."
    md = re.sub(r'^\s*(```|~~~).*?^\s*\1\s*$', '\n', md, flags=re.S | re.M)      # code blocks say nothing of a picture
    head = first = ''
    for block in re.split(r'\n\s*\n', md.strip()):
        if m := re.match(r'^\s*#{1,6}\s+(.*)', block): head = head or _plain(m[1])
        elif re.match(r'^\s*(\||:::|<(?:table|div|style|span|a)\b)', block): continue   # tables, fences, anchors, source links
        elif re.search(r'[^\W\d_]', t := _plain(block)):     # words, not a rule (`---`) or a number
            first = re.split(r'(?<=[.!?])\s+(?=[^a-z\s])', t)[0]
            break
    return head.rstrip('.:'), first

def _caption(md, page=''):
    """A markdown cell (or a `show_doc` entry) as a caption: its heading, then its first sentence (`## Phase 1` + 'The three
    phases are ...'); a heading alone ('## Evaluation') is followed by the page's title."""
    head, first = _head_sentence(md)
    return _trim(f'{head} — {first}' if head and first else first or (f'{head} — {page}' if head and page else head))

def _plot_titles(code):
    "The literal titles a plotting cell sets (`ax.set_title('GAN phase')`, `title='...'`): f-strings are left out."
    try: tree = ast.parse(code)
    except SyntaxError: return []
    out = []
    for n in ast.walk(tree):
        if not isinstance(n, ast.Call): continue
        f = getattr(n.func, 'attr', getattr(n.func, 'id', ''))
        args = [n.args[0]] if f in ('title', 'set_title', 'suptitle') and n.args else []
        args += [k.value for k in n.keywords if k.arg == 'title']
        out += [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value.strip()]
    return list(dict.fromkeys(out))

def _image_alt(prev_md, gap, code, page):
    """Alt text for a cell's pictures: the markdown cell just before the code cell (its heading and first sentence), else the
    plot's titles; the markdown cell further up when the plot has no title; at worst the page's title."""
    cap, titles = _caption(prev_md, page) if prev_md else '', _plot_titles(code)
    tit = _trim('Plot: ' + '; '.join(titles)) if titles else ''
    return (cap if gap <= 1 else tit or cap) or tit or f'Figure in {page}'

def stage_nb(src:Path):
    "One processed notebook as a page: title first, `show_doc` as markdown, hidden inputs tagged. Returns (notebook, title)."
    import yaml
    nb = json.loads(src.read_text())
    cells, title = [], src.stem
    prev_md, gap = '', 0      # the markdown cell before this one, and how many code cells since (for the pictures' alt text)
    for c in nb['cells']:
        s = _text(c['source'])
        gap += c['cell_type'] == 'code'
        if c['cell_type'] == 'raw' and s.startswith('---'):
            fm = yaml.safe_load(s.strip().strip('-')) or {}
            title = str(fm.get('title', title))
            head = f'# {title}' + (f"\n\n> {fm['description']}" if fm.get('description') else '')
            cells.append(_md(_fix_md(head)))
            prev_md, gap = head, 0
        elif c['cell_type'] == 'markdown':
            if re.fullmatch(r'\s*<!--.*?-->\s*', s, re.S): continue
            # a markdown picture with no alt text of its own: the cell's text describes it
            s = re.sub(r'!\[\s*\]\(', lambda m: f'![{_caption(s, title) or title}](', s)
            cells.append(_md(_fix_md(s)))
            prev_md, gap = s, 0
        elif c['cell_type'] == 'code':
            dirs, code = _directives(s)
            if dirs.get('include') == 'false': continue
            outs = [] if dirs.get('output') == 'false' else c.get('outputs', [])
            if dirs.get('output') == 'asis':         # show_doc: its markdown becomes the page's, as Quarto does
                mds = [_text(o['data']['text/markdown']) for o in outs if 'text/markdown' in o.get('data', {})]
                if mds:
                    cells.append(_md(sd := _show_doc_md(_fix_md('\n\n'.join(mds)))))
                    if _head_sentence(sd)[1]: prev_md, gap = sd, 0     # a docstring describes what the next cell draws
                continue
            for o in outs:
                d = o.get('data', {})
                if 'text/markdown' in d: d['text/markdown'] = _fix_md(_text(d['text/markdown']))
                d.pop('application/vnd.jupyter.widget-view+json', None)    # no widget state is saved: its text stands in
            outs = [o for o in outs if o.get('output_type') not in ('display_data', 'execute_result') or o.get('data')]
            if not code.strip() and not outs: continue
            hide = dirs.get('echo') == 'false' or not code.strip()
            meta = {'tags': ['remove-input']} if hide else {}
            if any(k.startswith('image/') for o in outs for k in o.get('data', {})):   # myst-nb's option for the cell's images
                meta['mystnb'] = {'image': {'alt': _image_alt(prev_md, gap, code, title)}}
            cells.append({'cell_type': 'code', 'execution_count': None, 'metadata': meta, 'source': code, 'outputs': outs})
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
