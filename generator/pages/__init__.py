"""Page building: the catalogue turned into site pages (HTML fragments), with no
MkDocs import, so another renderer or an export can reuse it."""

from generator.pages.build import Asset, BuildError, Page, PageCache, SiteSettings, build_site

__all__ = ["Asset", "BuildError", "Page", "PageCache", "SiteSettings", "build_site"]
