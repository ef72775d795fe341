"""The pure domain: dataclasses and functions over them, no I/O and no adapter libraries."""
