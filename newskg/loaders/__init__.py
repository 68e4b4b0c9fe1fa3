"""Loaders: files -> Article -> spaCy Doc -> extraction records -> one RDF graph per article."""
