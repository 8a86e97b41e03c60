"""Page building: the catalogue turned into site pages (HTML fragments), with no
MkDocs import, so another renderer or an export can reuse it."""

from generator.pages.build import Asset, Page, PageCache, SiteSettings, build_site

__all__ = ["Asset", "Page", "PageCache", "SiteSettings", "build_site"]
