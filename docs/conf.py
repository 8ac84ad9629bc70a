# Sphinx configuration for the documentation site; `python docs/build.py` stages the pages and runs Sphinx with it.
# Why Sphinx + myst-nb rather than MkDocs + mkdocs-jupyter: see docs/README.md.
project = 'colorize_nb'
author = 'colorize_nb developers'
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# wide_content (docs/wide_content.py): wide tables scroll in a frame with a hint, wide pictures link to their full size
extensions = ['myst_nb', 'wide_content']

nb_execution_mode = 'off'           # the notebooks' saved outputs; nothing runs while the site builds
nb_output_stderr = 'remove'         # library warnings (torch.jit, fastai) saved with the runs are noise on a page
nb_merge_streams = True
myst_all_links_external = True      # nbdev's links name pages as Quarto does (metrics.html#gray): keep them as they are
suppress_warnings = ['myst.header'] # show_doc's ### headings follow a ## section or the # title

html_theme = 'sphinx_book_theme'
html_title = 'colorize_nb'
html_copy_source = False            # the notebooks are in the repository; no second copy on the site
html_show_sourcelink = False
html_last_updated_fmt = None
html_static_path = ['_static']
html_css_files = ['site.css']
html_favicon = '_static/favicon.svg'
html_context = {'default_mode': 'light'}
html_theme_options = {
    'repository_url': 'https://github.com/colorize-nb/colorize_nb',
    'repository_branch': 'main',
    'path_to_docs': 'nbs',
    'use_repository_button': True,
    'use_download_button': False,
    'show_toc_level': 2,
    'navigation_with_keys': False,
    'navbar_persistent': [],        # search is in the sidebar; pydata's header would repeat it in a bar of its own
}
