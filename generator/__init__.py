"""Innovation Exchange: content model, validation, catalogue and page building.

The core of this package has no MkDocs import; `generator.mkdocs_plugin` is the
only adapter that knows about MkDocs.
"""

__version__ = "0.1.0"
