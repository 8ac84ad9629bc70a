"""Write README.md from nbs/index.ipynb (nbdev's own `nbdev-readme` needs Quarto, which these machines cannot download).
Markdown cells are copied as they are; code cells become python blocks, with their text outputs; cells flagged `#| hide` are left out.
`python .ci/readme.py --check` exits 1 when README.md is out of date."""
import sys, json
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def render(nb_path):
    nb = json.loads(Path(nb_path).read_text())
    parts = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        lines = src.splitlines()
        if any(l.strip().replace(' ', '') in ('#|hide', '#|exporti') for l in lines): continue
        body = '\n'.join(l for l in lines if not l.lstrip().startswith('#|')).strip()
        if c['cell_type'] == 'markdown': parts.append(body.replace('](../', '](')) # paths relative to nbs/ become relative to the repository
        elif body:
            parts.append(f'```python\n{body}\n```')
            out = ''.join(''.join(o.get('text', '')) if o.get('output_type') == 'stream' else ''.join(o.get('data', {}).get('text/plain', ''))
                          for o in c.get('outputs', []))
            if out.strip(): parts.append(f'```\n{out.rstrip()}\n```')
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    txt = render(root/'nbs'/'index.ipynb')
    readme = root/'README.md'
    if '--check' in sys.argv:
        ok = readme.exists() and readme.read_text() == txt
        print('README.md is up to date' if ok else 'README.md differs from nbs/index.ipynb: run python .ci/readme.py')
        sys.exit(0 if ok else 1)
    readme.write_text(txt)
    print('wrote', readme)
