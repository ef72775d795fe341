"""The indicator catalog shipped with the package (data/catalog.json)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from eduplan.core.catalog import Catalog, catalog_from_dicts


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The bundled canonical indicator catalog (read once, then cached)."""
    text = resources.files("eduplan.data").joinpath("catalog.json").read_text(encoding="utf-8")
    return catalog_from_dicts(json.loads(text))
