__version__ = "0.0.1"

def __getattr__(name):
    "`from colorize_nb import Colorizer`, imported on first use: `import colorize_nb` alone stays light."
    if name == 'Colorizer':
        from .inference import Colorizer
        return Colorizer
    raise AttributeError(f"module 'colorize_nb' has no attribute {name!r}")
