"""Pagefind: the site's search index."""

from generator.search.pagefind import IndexStats, SearchIndexer, SearchIndexError, index_site

__all__ = ["IndexStats", "SearchIndexError", "SearchIndexer", "index_site"]
