"""Registry file parsers; importing this package registers each of them."""

from __future__ import annotations

import importlib
import pkgutil

# Import every parser module here so that each registers its format once.
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
