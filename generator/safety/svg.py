"""SVG images: keep what an allow-list knows is inert, and publish that clean copy.

A published SVG is opened directly by visitors, so it runs on the site's own
origin: anything in it that runs script, navigates or fetches from elsewhere is
an attack on the site. A deny-list of bad things always misses one (an XSLT
stylesheet, an XHTML iframe, a quoted CSS ``url()``, a file in UTF-16), so
:func:`clean_svg` works the other way round:

* the bytes are decoded once, in the encoding their BOM or XML declaration names
  (UTF-8, UTF-16; ASCII, Latin-1 or Windows-1252 if declared), and parsed by
  expat with no DOCTYPE, entity or processing instruction allowed, so nothing is
  expanded or fetched. The one exception: the W3C's standard SVG DOCTYPE (a
  public identifier, no internal subset), which matplotlib, Illustrator and
  draw.io write, is removed unread before parsing;
* only SVG elements on a presentational allow-list are kept (structure, shapes,
  text, gradients, patterns, clip paths, masks, markers, common filter
  primitives); any other element, in SVG or another namespace (XHTML, XSLT),
  refuses the file;
* editors' metadata is stripped, not refused: ``<metadata>``, comments, and the
  elements and attributes of the Inkscape, Sodipodi, RDF, Creative Commons,
  Dublin Core, Adobe and Sketch namespaces; so are attributes not on the list;
* event handlers (``on*``), an ``href`` that is not ``#id``, and in any styling
  value a ``url()`` that is not ``url(#id)``, another fetching CSS function,
  an at-rule such as ``@import`` or a CSS escape (backslash) refuse the file;
* the result is a fresh UTF-8 serialisation of what passed, never the submitted
  bytes: the site publishes exactly what was checked.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import NoReturn
from xml.parsers import expat

from generator.i18n import N_, _
from generator.i18n.formatting import number

__all__ = ["SvgRefused", "clean_svg"]


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_BYTES = 1_000_000
MAX_ELEMENTS = 10_000
MAX_DEPTH = 64

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
#: Editors' bookkeeping: elements and attributes in these namespaces are dropped.
EDITOR_NAMESPACES = _names(
    """http://www.inkscape.org/namespaces/inkscape http://www.w3.org/1999/02/22-rdf-syntax-ns#
    http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd http://purl.org/dc/elements/1.1/
    http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd http://creativecommons.org/ns#
    http://web.resource.org/cc/ http://www.bohemiancoding.com/sketch/ns
    http://ns.adobe.com/AdobeIllustrator/10.0/ http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/
    http://ns.adobe.com/Extensibility/1.0/ http://ns.adobe.com/Flows/1.0/
    http://ns.adobe.com/Graphs/1.0/ http://ns.adobe.com/ImageReplacement/1.0/
    http://ns.adobe.com/SaveForWeb/1.0/ http://ns.adobe.com/Variables/1.0/"""
)
ELEMENTS = _names(
    """svg g defs symbol use switch title desc style
    path rect circle ellipse line polyline polygon text tspan textPath
    linearGradient radialGradient stop pattern clipPath mask marker
    filter feBlend feColorMatrix feComponentTransfer feFuncR feFuncG feFuncB feFuncA
    feComposite feConvolveMatrix feDiffuseLighting feSpecularLighting feDistantLight
    fePointLight feSpotLight feDisplacementMap feDropShadow feFlood feGaussianBlur
    feMerge feMergeNode feMorphology feOffset feTile feTurbulence"""
)
#: Names and labels, kept as written (``aria-*`` too).
TEXT_ATTRIBUTES = _names(
    "id class role lang media type in in2 result systemLanguage requiredFeatures requiredExtensions"
)
#: Geometry and presentation, which browsers read as CSS: checked like CSS.
CSS_ATTRIBUTES = _names(
    """style transform x y x1 y1 x2 y2 cx cy r rx ry fx fy fr dx dy width height d points
    pathLength viewBox preserveAspectRatio version baseProfile rotate textLength lengthAdjust
    startOffset method spacing side gradientUnits gradientTransform spreadMethod offset
    patternUnits patternContentUnits patternTransform clipPathUnits maskUnits
    maskContentUnits markerUnits markerWidth markerHeight refX refY orient filterUnits
    primitiveUnits mode operator k1 k2 k3 k4 values tableValues slope intercept amplitude
    exponent scale xChannelSelector yChannelSelector radius baseFrequency numOctaves seed
    stitchTiles stdDeviation order kernelMatrix divisor bias targetX targetY edgeMode
    kernelUnitLength preserveAlpha surfaceScale diffuseConstant specularConstant
    specularExponent azimuth elevation z pointsAtX pointsAtY pointsAtZ limitingConeAngle
    fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color
    display visibility overflow clip clip-path clip-rule mask filter marker-start
    marker-mid marker-end font font-family font-size font-size-adjust font-stretch
    font-style font-variant font-weight letter-spacing word-spacing kerning text-anchor
    text-decoration dominant-baseline alignment-baseline baseline-shift writing-mode
    direction unicode-bidi shape-rendering text-rendering image-rendering color-rendering
    color-interpolation color-interpolation-filters paint-order vector-effect
    mix-blend-mode isolation enable-background pointer-events transform-origin stop-color
    stop-opacity flood-color flood-opacity lighting-color"""
)
_AT_RULES = _names("media supports keyframes font-face charset layer container")
_FETCHING = _names("src image image-set cross-fade element expression attr")
#: Why an element is refused, for those with a reason worth saying.
_WHY = {
    "script": N_("the SVG contains the element <{element}>, which can run code"),
    "foreignObject": N_(
        "the SVG contains the element <{element}>, which holds HTML "
        "(draw.io writes one for each formatted label)"
    ),
    "image": N_("the SVG contains the element <{element}>, which loads another picture"),
    "feImage": N_("the SVG contains the element <{element}>, which loads another picture"),
    "a": N_("the SVG contains the element <{element}>, which is a link"),
    **dict.fromkeys(
        ("animate", "animateMotion", "animateTransform", "set"),
        N_("the SVG contains the element <{element}>, which animates, and can rewrite links"),
    ),
}
_NOT_DRAWING = N_(
    "the SVG contains the element <{element}>, which is not one of the drawing elements "
    "the site accepts"
)
#: What in CSS is refused, in the <style> element and in an attribute.
_CSS_PROBLEMS = {
    ("escape", "style"): N_(
        "the <style> element uses a CSS escape (a backslash), which is not allowed"
    ),
    ("escape", "attribute"): N_(
        "the attribute '{attribute}' of <{element}> uses a CSS escape (a backslash), "
        "which is not allowed"
    ),
    ("at-rule", "style"): N_("the <style> element uses @{rule}, which can load other files"),
    ("at-rule", "attribute"): N_(
        "the attribute '{attribute}' of <{element}> uses @{rule}, which can load other files"
    ),
    ("url", "style"): N_(
        "the <style> element refers to '{url}', outside the picture: only url(#id) is allowed"
    ),
    ("url", "attribute"): N_(
        "the attribute '{attribute}' of <{element}> refers to '{url}', outside the picture: "
        "only url(#id) is allowed"
    ),
    ("function", "style"): N_("the <style> element uses {function}(), which can load other files"),
    ("function", "attribute"): N_(
        "the attribute '{attribute}' of <{element}> uses {function}(), which can load other files"
    ),
}
#: Byte order marks, and the first bytes of UTF-16 without one ("<?").
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"<\0?\0", "utf-16-le"),
    (b"\0<\0?", "utf-16-be"),
)
#: What an XML declaration may name (UTF-16 is recognised by its BOM or first bytes).
_ENCODINGS = frozenset({"utf-8", "ascii", "iso8859-1", "cp1252"})
#: The W3C's own SVG DOCTYPE, as matplotlib, Illustrator and draw.io write it: dropped unread.
_SVG_DOCTYPE = re.compile(
    r'<!DOCTYPE\s+svg\s+PUBLIC\s+"-//W3C//DTD SVG 1\.[01](?: Basic| Tiny)?//EN"'
    r'(?:\s+"[^"<>\[\]]*")?\s*>'
)
_DECLARED = re.compile(rb"""<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.-]*)["']""")
_FRAGMENT = r"#[\w.:-]++"
_LOCAL_REF = re.compile(_FRAGMENT)
#: What may follow "url(": a reference to the file's own part. (The look-behind keeps it
#: linear when searched: a run of spaces is read from its start only.)
_LOCAL_URL = re.compile(rf"""(?<!\s)\s*+(?:"{_FRAGMENT}"|'{_FRAGMENT}'|{_FRAGMENT})\s*+\)""")
#: What in CSS can load a file: escapes hide it, at-rules and functions do it.
#: (Possessive, and a name only from its start: linear time on hostile input.)
_CSS_RISK = re.compile(r"\\|@(?P<at>[-\w]*+)|(?<![-\w])(?P<function>[-\w]++)\s*+\(")
_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_NOT_NEWLINE = re.compile(r"[^\n]")
_VENDOR = re.compile(r"^-[a-z]+-")


class SvgRefused(Exception):
    """The SVG is not safe to publish; ``str()`` says why, in the active language."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def clean_svg(data: bytes) -> bytes:
    """A fresh, UTF-8 copy of the SVG ``data`` holding only allow-listed parts.

    Raises :class:`SvgRefused` if anything in it could run code, navigate or fetch."""
    if len(data) > MAX_BYTES:
        raise SvgRefused(_("the SVG is larger than 1 MB"))
    cleaner = _Cleaner()
    try:
        text = _SVG_DOCTYPE.sub(lambda m: "\n" * m[0].count("\n"), _decode(data), count=1)
        cleaner.parser.Parse(text, True)
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code)
        raise SvgRefused(
            _("the SVG is not well-formed XML ({reason})", reason=reason),
            exc.lineno,
            exc.offset + 1,
        ) from None
    assert cleaner.root is not None  # expat refuses a document without one
    xlink = [("xmlns:xlink", XLINK)] if cleaner.xlink else []
    cleaner.root.attributes[:0] = [("xmlns", SVG), *xlink]
    out: list[str] = []
    _serialise(cleaner.root, out)
    return ("".join(out) + "\n").encode("utf-8")


def _decode(data: bytes) -> str:
    """The text, read in the encoding the BOM (or else the XML declaration) names."""
    for start, codec in _BOMS:
        if data.startswith(start):
            return _strict(data, codec).removeprefix("\ufeff")
    declared = _DECLARED.match(data)
    name = declared[1].decode("ascii") if declared else "utf-8"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise SvgRefused(
            _("the SVG declares an unknown encoding '{encoding}'", encoding=name)
        ) from None
    if codec not in _ENCODINGS:
        raise SvgRefused(
            _("the SVG says it is written in '{encoding}': save it as UTF-8", encoding=name)
        )
    return _strict(data, codec)


def _strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise SvgRefused(
            _(
                "the SVG is not valid {encoding} text (byte {position})",
                encoding=codec,
                position=exc.start,
            )
        ) from None


@dataclass
class _Element:
    name: str
    attributes: list[tuple[str, str]]
    children: list[_Element | str] = field(default_factory=list)
    text_at: tuple[int, int] | None = None  # where its text starts (for <style>)


class _Cleaner:
    """Expat's events, turned into a tree of the allowed parts (or a refusal)."""

    def __init__(self) -> None:
        self.parser = parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.SkippedEntityHandler = self._entity
        parser.ProcessingInstructionHandler = self._instruction
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.root: _Element | None = None
        self.open: list[_Element | None] = []  # None: inside a dropped element
        self.count = 0
        self.xlink = False

    def refuse(self, message: str, at: tuple[int, int] | None = None) -> NoReturn:
        raise SvgRefused(message, *(at or self.position()))

    def position(self) -> tuple[int, int]:
        return self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1

    def _doctype(self, *_unused: object) -> None:
        self.refuse(
            _(
                "the SVG declares a DOCTYPE, which is not allowed (it can define entities); "
                "only the standard SVG 1.1 one is"
            )
        )

    def _entity(self, name: str, *_unused: object) -> None:
        self.refuse(
            _("the SVG uses or declares an entity '{name}', which is not allowed", name=name)
        )

    def _instruction(self, target: str, _data: str) -> None:
        self.refuse(
            _(
                "the SVG contains a processing instruction <?{target} ...?>, which is not "
                "allowed (a stylesheet instruction can run code)",
                target=target,
            )
        )

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.count += 1
        if self.count > MAX_ELEMENTS:
            self.refuse(_("the SVG has more than {limit} elements", limit=number(MAX_ELEMENTS)))
        if len(self.open) >= MAX_DEPTH:
            self.refuse(_("the SVG nests elements more than {limit} deep", limit=MAX_DEPTH))
        namespace, _space, local = name.rpartition(" ")
        parent = self.open[-1] if self.open else None
        if not self.open and (namespace, local) != (SVG, "svg"):
            self.refuse(
                _(
                    'the file is not an SVG image (it must start with <svg xmlns="{namespace}">)',
                    namespace=SVG,
                )
            )
        if (
            (self.open and parent is None)
            or namespace in EDITOR_NAMESPACES
            or (namespace, local) == (SVG, "metadata")
        ):
            self.open.append(None)
            return
        if namespace != SVG:
            self.refuse(
                _(
                    "the SVG contains the element <{element}> of another language "
                    "({namespace}), which is not allowed",
                    element=local,
                    namespace=namespace,
                )
                if namespace
                else _(
                    "the SVG contains the element <{element}> of another language "
                    "(no namespace), which is not allowed",
                    element=local,
                )
            )
        if local not in ELEMENTS:
            self.refuse(_(_WHY.get(local, _NOT_DRAWING), element=local))
        if parent is not None and parent.name == "style":
            self.refuse(_("the SVG's <style> element holds an element: it may only hold CSS"))
        kept = (self._attribute(local, key, value) for key, value in attributes.items())
        element = _Element(local, [pair for pair in kept if pair is not None])
        if parent is None:
            self.root = element
        else:
            parent.children.append(element)
        self.open.append(element)

    def _end(self, _name: str) -> None:
        element = self.open.pop()
        if element is not None and element.name == "style":
            css = "".join(c for c in element.children if isinstance(c, str))
            element.children = [self._css(css, None, element.text_at)]

    def _text(self, data: str) -> None:
        element = self.open[-1] if self.open else None
        if element is not None:
            element.text_at = element.text_at or self.position()
            element.children.append(data)

    def _attribute(self, element: str, name: str, value: str) -> tuple[str, str] | None:
        """The attribute as published, None to drop it; refuses a dangerous one."""
        namespace, _space, local = name.rpartition(" ")
        if local.lower().startswith("on"):
            self.refuse(
                _(
                    "the SVG has an event handler attribute '{attribute}' on <{element}>",
                    attribute=local,
                    element=element,
                )
            )
        if namespace == XLINK and local == "href":
            self.xlink = True
            return "xlink:href", self._reference(element, value)
        if namespace == XML and local in ("space", "lang"):
            return f"xml:{local}", value
        if namespace in EDITOR_NAMESPACES or namespace in (SVG, XLINK, XML):
            return None
        if namespace:
            self.refuse(
                _(
                    "<{element}> has an attribute '{attribute}' of another language "
                    "({namespace}), which is not allowed",
                    element=element,
                    attribute=local,
                    namespace=namespace,
                )
            )
        if local == "href":
            return local, self._reference(element, value)
        if local in TEXT_ATTRIBUTES or local.startswith("aria-"):
            return local, value
        if local in CSS_ATTRIBUTES:
            return local, self._css(value, (local, element))
        return None

    def _reference(self, element: str, value: str) -> str:
        ref = value.strip(" \t\n\r\f")
        if not _LOCAL_REF.fullmatch(ref):
            self.refuse(
                _(
                    "<{element}> refers to '{reference}', outside the picture: "
                    "only references to its own parts (#id) are allowed",
                    element=element,
                    reference=_show(value),
                )
            )
        return ref

    def _css(
        self, text: str, attribute: tuple[str, str] | None, at: tuple[int, int] | None = None
    ) -> str:
        """The CSS without comments, if it cannot load anything from outside the file.

        ``attribute``: the (attribute, element) the CSS is the value of; None for the
        <style> element. ``at``: where ``text`` starts in the file, to point at the
        offending part."""
        css = _COMMENT.sub(lambda m: _NOT_NEWLINE.sub(" ", m[0]), text)  # keep positions
        for match in _CSS_RISK.finditer(css):
            name = _VENDOR.sub("", (match["at"] or match["function"] or "").lower())
            if match[0] == "\\":
                kind, values = "escape", {}
            elif match["at"] is not None and name not in _AT_RULES:
                kind, values = "at-rule", {"rule": match["at"]}
            elif name == "url" and not _LOCAL_URL.match(css, match.end()):
                shown = _show(css[match.start() : css.find(")", match.start()) + 1 or len(css)])
                kind, values = "url", {"url": shown}
            elif name in _FETCHING:
                kind, values = "function", {"function": match["function"]}
            else:
                continue
            line, column = at or self.position()
            if at is not None:  # point at the problem itself
                before = css[: match.start()]
                line += before.count("\n")
                column = (
                    len(before) - before.rfind("\n") if "\n" in before else column + len(before)
                )
            if attribute is None:
                message = _(_CSS_PROBLEMS[kind, "style"], **values)
            else:
                values.update(attribute=attribute[0], element=attribute[1])
                message = _(_CSS_PROBLEMS[kind, "attribute"], **values)
            self.refuse(message, (line, column))
        return css


def _show(text: str) -> str:
    """Text for a message: one line, control characters as '?', at most 60 characters."""
    shown = "".join(c if c.isprintable() else "?" for c in text.strip())
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _escape(text: str, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")
    return text


def _serialise(element: _Element, out: list[str]) -> None:
    out.append(f"<{element.name}")
    out.extend(f' {name}="{_escape(value, True)}"' for name, value in element.attributes)
    if not element.children:
        out.append("/>")
        return
    out.append(">")
    for child in element.children:
        if isinstance(child, str):
            out.append(_escape(child))
        else:
            _serialise(child, out)
    out.append(f"</{element.name}>")
