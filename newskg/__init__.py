"""newskg: a knowledge-graph builder for news.

Articles go in, an RDF graph of actors, places, events, sources and claims comes
out, stored in an embedded Oxigraph store and validated with SHACL.
"""

__version__ = "0.2.5"

__all__ = ["__version__"]
