"""Sphinx extension (docs/conf.py loads it): what is wider than the text column stays readable.

- Every table (markdown's, and the HTML tables of pandas and fastai outputs) goes in a scroll frame:
  `div.table-frame > [p.table-hint, div.table-scroll > table]`. `_static/site.js` marks a frame `overflows` when its table is
  wider than the column (on load and whenever the column's width changes); only then does `_static/site.css` draw the frame,
  its edge shadows and the hint ("scroll sideways"), so a table that fits looks as before.
- A picture wider than the column (a leaderboard's grid is 2,552 px, shown at 688) links to its full-size file, and a note
  under it ("full size: 2552 × 757 px ↗") says so.

Alt text is not done here: `docs/build.py` writes it into each staged cell's `mystnb.image.alt` (myst-nb's own option).
"""
import posixpath
from pathlib import Path
from docutils import nodes
from sphinx.util.images import get_image_size
from sphinx.util.osutil import relative_uri

COLUMN_PX = 688     # sphinx-book-theme's text column at its widest (site_check measures the real one)
HINT = '<p class="table-hint" aria-hidden="true">wide table: scroll sideways →</p>'

def _frame(node):
    "Put `node` (a table, or raw HTML holding one) in a scroll frame with its hint."
    scroll = nodes.container(classes=['table-scroll'])
    frame = nodes.container('', nodes.raw('', HINT, format='html'), scroll, classes=['table-frame'])
    node.parent.replace(node, frame)    # not replace_self: that copies the node's classes and ids onto the frame
    scroll += node

def _in_frame(node):
    p = node.parent
    while p is not None:
        if 'table-frame' in p.get('classes', ()): return True
        p = p.parent
    return False

def frame_tables(doctree):
    for t in list(doctree.findall(nodes.table)):
        if not _in_frame(t): _frame(t)
    for r in list(doctree.findall(nodes.raw)):
        html = r.astext()
        # a whole table (a pandas or fastai output), not inline HTML or one piece of an HTML block that markdown split
        whole = html.count('<table') == html.count('</table>') > 0 and not isinstance(r.parent, nodes.TextElement)
        if 'html' in r.get('format', '').split() and whole and not _in_frame(r): _frame(r)

def link_wide_images(app, doctree, docname):
    env = app.env
    imgdir = relative_uri(app.builder.get_target_uri(docname), app.builder.imagedir)
    for img in list(doctree.findall(nodes.image)):
        if isinstance(img.parent, nodes.reference): continue
        uri = img['uri']
        if uri not in env.images or '://' in uri: continue
        size = get_image_size(Path(app.srcdir, uri))
        if not size or size[0] <= COLUMN_PX: continue
        href = posixpath.join(imgdir, env.images[uri][1])
        ref = nodes.reference('', '', refuri=href, internal=True, classes=['full-size'],
                              reftitle=f'open the full-size picture ({size[0]} × {size[1]} px)')
        img.parent.replace(img, ref)
        ref += img
        # and says so under the picture, where a reader looks for it
        note = nodes.paragraph('', '', nodes.reference('', f'full size: {size[0]} × {size[1]} px ↗', refuri=href, internal=True),
                               classes=['full-size-note'])
        block = ref.parent if isinstance(ref.parent, (nodes.TextElement, nodes.figure)) else ref
        block.parent.insert(block.parent.index(block) + 1, note)

def on_doctree_resolved(app, doctree, docname):
    if app.builder.format != 'html': return
    frame_tables(doctree)
    link_wide_images(app, doctree, docname)

def setup(app):
    app.connect('doctree-resolved', on_doctree_resolved)
    app.add_js_file('site.js', loading_method='defer')
    return {'parallel_read_safe': True, 'parallel_write_safe': True, 'version': '1'}
