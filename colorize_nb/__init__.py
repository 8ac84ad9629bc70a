"""Automatic colorization of black-and-white photos, approach by approach, in nbdev notebooks on fastai"""

__version__ = "0.0.1"

import warnings
# fastai.layers compiles a few activations with torch.jit.script at import, which torch 2.9+ reports as deprecated on every run;
# the notice is fastai's to act on, not the user's
warnings.filterwarnings('ignore', message=r'`torch\.jit\.script` is deprecated', category=FutureWarning, module=r'torch\.jit\._script')

def __getattr__(name):
    "`from colorize_nb import Colorizer`, imported on first use: `import colorize_nb` alone stays light."
    if name == 'Colorizer':
        from .inference import Colorizer
        return Colorizer
    raise AttributeError(f"module 'colorize_nb' has no attribute {name!r}")
