"""The field reference (``contribute/fields/``): every field of every content file,
from the models themselves (the one schema source), and the body sections each kind
of entry must or should have, in the exchange's own headings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.i18n import _
from generator.i18n.jinja import markup_list
from generator.models import CaseStudy, Innovation, Scout
from generator.pathway import Pathway
from generator.schema_export import field_rows

if TYPE_CHECKING:
    from generator.pages.build import Page, SiteBuilder

URL = "contribute/fields/"


def page(builder: SiteBuilder) -> Page:
    """The field reference, generated from the models (the one schema source)."""
    from generator.pages.build import Page  # build.py imports this module

    url = URL
    models = [
        # (anchor, heading, table caption, model, file)
        (
            "innovation",
            _("Innovation"),
            _("Fields of innovation files"),
            Innovation,
            "content/innovations/<id>/index.md",
        ),
        (
            "case-study",
            _("Case study"),
            _("Fields of case study files"),
            CaseStudy,
            "content/innovations/<id>/case-studies/<id>.md",
        ),
        ("scout", _("Scout"), _("Fields of scout files"), Scout, "content/scouts/<id>.yml"),
        (
            "pathway",
            # Translators: the heading of content/pathway.yml's fields (the readiness checklist).
            _("Adoption pathway"),
            _("Fields of the pathway file"),
            Pathway,
            "content/pathway.yml",
        ),
    ]
    # The headings as contributors write them (the exchange's, in the content's language).
    listed = {
        kind: tuple((s.heading, s.required) for s in builder.settings.exchange.sections_of(kind))
        for kind in ("innovation", "case-study")
    }
    sections = {
        kind: {
            status: markup_list(
                [
                    Markup("<strong>## {}</strong>").format(heading)
                    for heading, required in listed[kind]
                    if required == (status == "required")
                ]
            )
            for status in ("required", "recommended")
        }
        for kind in ("innovation", "case-study")
    }
    html = builder.render(
        "fields",
        url,
        models=[(a, t, c, field_rows(m), p) for a, t, c, m, p in models],
        sections=sections,
    )
    return Page(url, _("Field reference"), html, "reference")
