"""eduplan: planning, monitoring and evaluation of regional education development plans."""

__version__ = "0.1.0"
