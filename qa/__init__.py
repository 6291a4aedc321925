"""Question answering over documents with cited, grounded answers."""
__version__ = "0.1.0"
