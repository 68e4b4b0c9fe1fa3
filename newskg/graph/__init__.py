"""The graph: the on-disk store, identities across articles, validation, exports."""
