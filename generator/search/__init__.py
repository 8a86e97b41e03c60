"""Search: the Pagefind index of the built site."""

from generator.search.pagefind import index_site

__all__ = ["index_site"]
