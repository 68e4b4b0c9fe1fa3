"""The newskg ontology (OWL), its SHACL shapes and the Python terms that name them."""

from importlib import resources
from pathlib import Path


def ontology_path() -> Path:
    """Path of the OWL ontology shipped with the package."""
    return Path(str(resources.files(__package__).joinpath("newskg.ttl")))


def shapes_path() -> Path:
    """Path of the SHACL shapes shipped with the package."""
    return Path(str(resources.files(__package__).joinpath("shapes.ttl")))
