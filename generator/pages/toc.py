"""A page's table of contents, read from the headings of its finished article.

The templates write sections of their own around an entry's Markdown body (key
facts, outcomes, adoptions, scouts, references, related innovations…), so a
table of contents made from the body alone leaves them out. Reading the headings
of the whole article instead lists every section in page order with the ids the
page has, whichever template or body wrote them: one mechanism for every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.pages.markdown import headings
from generator.safety.html import TAG

#: An ``id`` attribute among a heading's attributes (values are escaped, so a quote
#: inside another attribute's value cannot fake one).
_ID = re.compile(r'\sid="([^"]+)"')


@dataclass
class TocItem:
    level: int
    id: str
    #: The heading's text as HTML (tags removed, character references kept): the
    #: theme prints it as it is, so it must stay escaped.
    title: str
    children: list[TocItem] = field(default_factory=list)


def article_toc(html: str) -> list[TocItem]:
    """Every ``h2`` of ``html`` that has an id, in order, each with the ``h3``s
    (with ids) that follow it as children. Headings without an id (the titles of
    cards) are not sections and are left out. Linear in the length of ``html``."""
    items: list[TocItem] = []
    for tag, _end, inner in headings(html, "23"):
        anchor = _ID.search(tag[3])
        if anchor is None:
            continue
        item = TocItem(int(tag[2]), anchor[1], " ".join(TAG.sub("", inner).split()))
        if item.level == 3 and items:
            items[-1].children.append(item)
        else:
            items.append(item)
    return items
