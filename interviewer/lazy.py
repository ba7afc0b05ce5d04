"""Lazy package exports: ``from interviewer.audio import MicrophoneSource`` loads only what it names.

A package lists which submodule each public name lives in; the name's submodule (and whatever heavy
library it imports) is loaded on first access and cached in the package, so importing the package
itself stays cheap for ``--help`` and the scorer.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``package.homes[name]`` and returns its ``name``."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
