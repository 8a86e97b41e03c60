"""Options of the ``innovation-exchange`` plugin, set in ``mkdocs.yml``.

Everything another exchange changes lives here or in MkDocs' own settings
(``site_name``, ``site_description``, ``repo_url``, ``theme.logo``,
``theme.palette``); its vocabularies live in its content folder.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from generator.search.pagefind import PART_PAGES
from generator.site_size import GITHUB_PAGES_MB


class ExchangeConfig(base.Config):
    enabled = c.Type(bool, default=True)
    #: The content folder, relative to mkdocs.yml.
    content_dir = c.Type(str, default="content")
    #: "Suggest an edit" address; {path} is the file's path in the repository.
    #: Default: <repo_url>/edit/<branch>/{path} when repo_url is set.
    edit_url = c.Optional(c.Type(str))
    branch = c.Type(str, default="main")
    #: The home page's introduction. Default: site_description.
    description = c.Optional(c.Type(str))
    #: Entries per page on listing pages (browse, terms, scouts).
    page_size = c.Type(int, default=48)
    #: Build the Pagefind search index after the site.
    search = c.Type(bool, default=True)
    #: Pages per Pagefind run; the runs' indexes are merged into one. Pagefind
    #: 1.5 needs about 0.2 GB of memory per 1,000 pages in a run.
    search_part_pages = c.Type(int, default=PART_PAGES)
    #: An adoption pack per innovation (innovations/<id>/adopt/). About 12 KB each: an
    #: exchange of many thousands of innovations near GitHub Pages' 1 GB can leave them out.
    adoption_packs = c.Type(bool, default=True)
    #: The size, in MB, of the site as GitHub Pages' artifact (a tar of it) above which the
    #: build warns (near it, above 90%, it notes it): GitHub Pages publishes at most 1 GB,
    #: so `mkdocs build --strict` fails first.
    size_limit_mb = c.Type((int, float), default=GITHUB_PAGES_MB)
    #: Gone: the interface language, and Pagefind's stemming, follow ``theme.language``
    #: (the content's language is set in content/exchange.yml). Set, it stops the build.
    language = c.Optional(c.Type(str))
