"""Saved SPARQL queries (``*.rq`` with a grlc-style ``#+`` header) and the catalog that runs them."""
