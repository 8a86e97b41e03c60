"""clean_svg: every class of attack is refused, real exports come out clean and re-parse."""

from __future__ import annotations

import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.safety.svg import ELEMENTS, SVG, XLINK, XML, SvgRefused, clean_svg

REPO = Path(__file__).resolve().parents[2]
OPEN = f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" viewBox="0 0 10 10">'
XHTML = "http://www.w3.org/1999/xhtml"


def svg(inner: str) -> bytes:
    return f"{OPEN}{inner}</svg>".encode()


def refusal(data: bytes) -> SvgRefused:
    with pytest.raises(SvgRefused) as caught:
        clean_svg(data)
    return caught.value


def assert_clean(out: bytes, original: bytes | None = None) -> ElementTree.Element:
    """``out`` is a fresh UTF-8 serialisation holding only allow-listed SVG (and not
    the ``original`` bytes, which had something to drop)."""
    assert out != original
    text = out.decode("utf-8")
    for marker in ("<!DOCTYPE", "<!ENTITY", "<?", "<!--", "<![CDATA[", "\\"):
        assert marker not in text
    root = ElementTree.fromstring(out)
    assert root.tag == f"{{{SVG}}}svg"
    allowed = {f"{{{XLINK}}}href", f"{{{XML}}}space", f"{{{XML}}}lang"}
    for element in root.iter():
        namespace, _, local = element.tag[1:].partition("}")
        assert namespace == SVG and local in ELEMENTS, element.tag
        for name, value in element.attrib.items():
            assert not name.startswith("{") or name in allowed, name
            assert not name.lower().startswith("on"), name
            if name.endswith("href"):
                assert value.startswith("#"), value
            for url in value.lower().split("url(")[1:]:
                assert url.lstrip(" '\"").startswith("#"), value
    assert clean_svg(out) == out  # the clean copy is a fixed point
    return root


# --- the attacks that got through the deny-list, by class ---------------------------

XSLT = (
    '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="#t"?>\n'
    f'<svg xmlns="{SVG}"><xsl:stylesheet id="t" version="1.0" '
    'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/">'
    f'<script xmlns="{XHTML}">alert(1)</script></xsl:template></xsl:stylesheet></svg>'
)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (XSLT.encode(), "processing instruction <?xml-stylesheet"),
        (
            b'<?xml-stylesheet type="text/xsl" href="data:text/xsl;base64,PHg+"?>' + svg(""),
            "processing instruction",
        ),
        (
            b'<?xml-stylesheet type="text/css" href="https://evil.example/x.css"?>' + svg(""),
            "processing instruction",
        ),
        (svg("<g><?php echo 1; ?></g>"), "processing instruction <?php"),
        (svg("") + b'<?xml-stylesheet href="#t"?>', "processing instruction"),
        # the stylesheet without its instruction is a foreign element all the same
        (XSLT.replace('<?xml-stylesheet type="text/xsl" href="#t"?>', "").encode(), "XSL/"),
    ],
    ids=["same-file", "data-url", "css", "php-inside", "after-root", "no-instruction"],
)
def test_processing_instructions_and_xslt_are_refused(data: bytes, problem: str) -> None:
    assert problem in str(refusal(data))


@pytest.mark.parametrize(
    ("inner", "problem"),
    [
        (f'<iframe xmlns="{XHTML}" src="java&#9;script:alert(1)"/>', "<iframe>"),
        (f'<h:iframe xmlns:h="{XHTML}" src="java&#x0A;script:alert(1)"/>', "<iframe>"),
        (f'<frameset xmlns="{XHTML}"><frame src="jav&#x09;ascript:alert(1)"/></frameset>', "frame"),
        (
            f'<meta xmlns="{XHTML}" http-equiv="refresh" content="0;url=https://evil.example"/>',
            "<meta>",
        ),
        (f'<html:script xmlns:html="{XHTML}">alert(1)</html:script>', "<script>"),
        (f'<html:a xmlns:html="{XHTML}" href="javascript:alert(1)">x</html:a>', "<a>"),
        (
            f'<foreignObject><body xmlns="{XHTML}"><iframe src="x"/></body></foreignObject>',
            "<foreignObject>",
        ),
        ('<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>', "<math>"),
        ('<g xmlns=""><script>alert(1)</script></g>', "no namespace"),
        (f'<rect xmlns:h="{XHTML}" h:style="x"/>', "'style' of another language"),
        (f'<rect xmlns:h="{XHTML}" h:onclick="alert(1)"/>', "'onclick'"),
    ],
    ids=[
        "iframe-tab",
        "iframe-newline-prefixed",
        "frame",
        "meta-refresh",
        "script",
        "link",
        "foreignobject",
        "mathml",
        "no-namespace",
        "xhtml-attribute",
        "xhtml-handler",
    ],
)
def test_other_languages_are_refused(inner: str, problem: str) -> None:
    assert problem in str(refusal(svg(inner)))


@pytest.mark.parametrize(
    ("inner", "problem"),
    [
        ('<style>rect { fill: url( "https://x.example/p" ) }</style>', "url("),
        ("<style>rect { fill: url('//x.example/p') }</style>", "url("),
        ("<style>rect { fill: URL(https://x.example/p) }</style>", "URL("),
        ("<style><![CDATA[ rect { fill: url(https://x.example/p) } ]]></style>", "url("),
        ('<style>@import "https://x.example/x.css";</style>', "@import"),
        ("<style>@IMPORT url(x.css);</style>", "@IMPORT"),
        ('<style>@im/**/port "x.css";</style>', "@im"),
        ("<style>rect { fill: \\75 rl(https://x.example/p) }</style>", "backslash"),
        (
            "<style>@font-face { font-family: f; src: url(https://x.example/f.woff) }</style>",
            "url(",
        ),
        ('<style>svg { background: image-set("https://x.example/a.png" 1x) }</style>', "image-set"),
        ('<rect style="fill: url( &quot;https://x.example/p&quot; )"/>', "url("),
        ("<rect style=\"fill: URL( 'https://x.example/p' )\"/>", "URL("),
        ('<rect style="fill: u&#114;l(https://x.example/p)"/>', "url("),
        ('<rect style="fill: \\000075rl(https://x.example/p)"/>', "backslash"),
        ("<rect style=\"background: -webkit-image-set('https://x.example/a' 1x)\"/>", "image-set"),
        ('<rect fill="url(https://x.example/p.svg#g)"/>', "url("),
        ('<rect fill="url( &#34;//x.example/p&#34; )"/>', "url("),
        ('<rect filter="url(other.svg#f)"/>', "url("),
        ('<rect mask="url(data:image/svg+xml,&lt;svg/&gt;)"/>', "url("),
    ],
)
def test_css_that_loads_from_outside_is_refused(inner: str, problem: str) -> None:
    message = str(refusal(svg(inner)))
    assert problem in message, message


def _utf16(text: str, codec: str = "utf-16") -> bytes:
    return text.encode(codec)


HIDDEN_DOCTYPE = (
    '<?xml version="1.0" encoding="UTF-16"?>\n'
    '<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]>\n'
    f'<svg xmlns="{SVG}">&x;</svg>'
)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (_utf16(HIDDEN_DOCTYPE), "DOCTYPE"),
        (b"\xfe\xff" + _utf16(HIDDEN_DOCTYPE, "utf-16-be"), "DOCTYPE"),
        (_utf16(HIDDEN_DOCTYPE, "utf-16-le"), "DOCTYPE"),  # no BOM: known by "<?"
        (_utf16(svg("<script>alert(1)</script>").decode()), "<script>"),
        (_utf16(XSLT.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>', 1)), "processing"),
        (HIDDEN_DOCTYPE.encode(), "UTF-16"),  # says UTF-16, is not
        (
            b'<?xml version="1.0" encoding="UTF-7"?>' + svg("+ADw-script+AD4-alert(1)"),
            "UTF-7",
        ),
        (b'<?xml version="1.0" encoding="cp037"?>' + svg(""), "cp037"),
        (b'<?xml version="1.0" encoding="no-such"?>' + svg(""), "unknown encoding"),
        (b"\xff\xfe\x00\x00" + svg("").decode().encode("utf-32-le"), "not"),
    ],
    ids=[
        "utf16-bom-doctype",
        "utf16be-bom-doctype",
        "utf16-no-bom",
        "utf16-script",
        "utf16-xslt",
        "declared-utf16",
        "utf7",
        "ebcdic",
        "unknown",
        "utf32",
    ],
)
def test_other_encodings_hide_nothing(data: bytes, problem: str) -> None:
    assert problem in str(refusal(data))


def test_invalid_utf8_is_refused() -> None:
    assert "not valid utf-8" in str(refusal(svg("<text>x</text>") + b"\xff"))


def test_a_benign_utf16_or_latin1_file_comes_out_as_utf8() -> None:
    plain = svg("<text>Caf\u00e9 \u2192 clinic</text>")
    clean = clean_svg(plain)
    assert clean_svg(plain.decode().encode("utf-16")) == clean
    latin = f'<?xml version="1.0" encoding="ISO-8859-1"?>{OPEN}<text>Caf\xe9</text></svg>'
    latin = latin.encode("latin-1")
    assert "Caf\u00e9".encode() in clean_svg(latin)


# --- DOCTYPEs, entities, elements, attributes -----------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b'<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]><svg>&b;</svg>',
        b'<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg/>',
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x" [<!ENTITY a "b">]><svg/>',
        b'<!DOCTYPE html><svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
)
def test_doctypes_and_entities_are_refused(data: bytes) -> None:
    assert "DOCTYPE" in str(refusal(data))


def test_billion_laughs_is_refused_at_once() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    started = time.perf_counter()
    refusal(f"<!DOCTYPE svg [{laughs}]><svg>&l9;</svg>".encode())
    assert time.perf_counter() - started < 0.1


def test_undefined_entities_are_refused() -> None:
    assert "well-formed" in str(refusal(svg("<text>&nbsp;</text>")))


@pytest.mark.parametrize(
    ("inner", "problem"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<rect onload="x()"/>', "'onload'"),
        ('<rect ONCLICK="x()"/>', "'ONCLICK'"),
        ('<g onbegin="x()"/>', "'onbegin'"),
        ('<set attributeName="href" to="javascript:alert(1)"/>', "<set>"),
        ('<animate attributeName="href" values="javascript:alert(1)"/>', "<animate>"),
        ('<a href="#x"><rect/></a>', "<a>"),
        ('<image href="https://x.example/a.png"/>', "<image>"),
        ('<filter><feImage href="https://x.example/a.png"/></filter>', "<feImage>"),
        ("<foreignObject/>", "draw.io"),
        ('<use href="https://x.example/s.svg#a"/>', "'https://x.example/s.svg#a'"),
        ('<use href="other.svg#a"/>', "#id"),
        ('<use xlink:href="javascript:alert(1)"/>', "outside the picture"),
        ('<use href=" java&#9;script:alert(1)"/>', "java?script"),
        ('<linearGradient id="g" href="data:image/svg+xml,x"/>', "outside the picture"),
        ("<style><rect/></style>", "only hold CSS"),
        ('<rect xmlns:x="urn:x" x:y="1"/>', "another language (urn:x)"),
        ("<rect>", "not well-formed"),
    ],
)
def test_unsafe_elements_and_attributes_are_refused(inner: str, problem: str) -> None:
    message = str(refusal(svg(inner)))
    assert problem in message, message


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"<html/>", "not an SVG image"),
        (b"<svg><rect/></svg>", "not an SVG image"),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "not an SVG"),
        (b"", "not well-formed"),
        (b"<svg>" + b" " * 1_000_001 + b"</svg>", "larger than 1 MB"),
    ],
)
def test_not_an_svg(data: bytes, problem: str) -> None:
    assert problem in str(refusal(data))


def test_size_count_and_depth_are_bounded() -> None:
    many = svg("<rect/>" * 9_999)  # with the root: 10,000 elements
    started = time.perf_counter()
    assert_clean(clean_svg(many), many)
    assert time.perf_counter() - started < 2
    assert "10,000 elements" in str(refusal(svg("<rect/>" * 10_000)))
    assert "64 deep" in str(refusal(svg("<g>" * 64 + "</g>" * 64)))
    assert_clean(clean_svg(svg("<g>" * 63 + "</g>" * 63)))
    # dropped metadata counts too
    assert "elements" in str(refusal(svg(f"<metadata>{'<x/>' * 10_000}</metadata>")))


@pytest.mark.parametrize(
    "inner",
    [
        '<rect fill="' + "a" * 900_000 + '"/>',
        "<style>" + "a" * 900_000 + "</style>",
        '<rect fill="' + "a( " * 300_000 + '"/>',
        "<style>" + "/*" * 400_000 + "</style>",
        '<rect style="' + " " * 900_000 + 'x"/>',
        "<style>" + "url(#a)" * 100_000 + "</style>",
    ],
    ids=["long-name", "long-css", "many-functions", "comments", "spaces", "many-urls"],
)
def test_hostile_values_take_linear_time(inner: str) -> None:
    started = time.perf_counter()
    clean_svg(svg(inner))
    assert time.perf_counter() - started < 1


def test_refusals_say_where() -> None:
    found = refusal(svg("\n\n  <script/>"))
    assert (found.line, found.column) == (3, 3)
    found = refusal(svg("\n<style>\n  rect { fill: red }\n  a { fill: url(https://x) }</style>"))
    assert (found.line, found.column) == (4, 13)


# --- real exports come out clean -------------------------------------------------------

INKSCAPE = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="210mm" height="100mm" viewBox="0 0 210 100" version="1.1" id="svg5"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)" sodipodi:docname="pathway.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="{XLINK}" xmlns="{SVG}" xmlns:svg="{SVG}"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" inkscape:zoom="0.7"
     inkscape:current-layer="layer1"><inkscape:grid type="xygrid"/></sodipodi:namedview>
  <defs id="defs2">
    <linearGradient inkscape:collect="always" id="linearGradient1">
      <stop style="stop-color:#005eb8;stop-opacity:1;" offset="0" id="stop1"/>
      <stop style="stop-color:#41b6e6;stop-opacity:1;" offset="1" id="stop2"/>
    </linearGradient>
    <linearGradient inkscape:collect="always" xlink:href="#linearGradient1"
       id="linearGradient3" x1="10" y1="50" x2="200" y2="50" gradientUnits="userSpaceOnUse"/>
    <filter id="shadow" x="-0.1" y="-0.1" width="1.2" height="1.2"
       style="color-interpolation-filters:sRGB">
      <feGaussianBlur in="SourceAlpha" stdDeviation="1.5" result="blur"/>
      <feOffset dx="1" dy="1" result="offset"/>
      <feMerge><feMergeNode in="offset"/><feMergeNode in="SourceGraphic"/></feMerge>
    </filter>
  </defs>
  <metadata id="metadata5">
    <rdf:RDF>
      <cc:Work rdf:about="">
        <dc:format>image/svg+xml</dc:format>
        <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/>
        <dc:title>Pathway</dc:title>
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:url(#linearGradient3);fill-opacity:1;stroke:none;filter:url(#shadow)"
       id="rect1" width="190" height="40" x="10" y="30" ry="5"/>
    <text xml:space="preserve" x="20" y="52" id="text1"
       style="font-size:8px;font-family:'DejaVu Sans';fill:#ffffff"><tspan
       sodipodi:role="line" id="tspan1" x="20" y="52">Home reading → nurse call</tspan></text>
    <use xlink:href="#rect1" id="use1" transform="translate(0,45)" style="opacity:0.5"/>
  </g>
</svg>
"""

MATPLOTLIB = f"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="{XLINK}" width="460.8pt" height="345.6pt" viewBox="0 0 460.8 345.6"
 xmlns="{SVG}" version="1.1">
 <metadata>
  <rdf:RDF xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
   <cc:Work>
    <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/>
    <dc:creator><cc:Agent><dc:title>Matplotlib v3.9.0, https://matplotlib.org/</dc:title>
    </cc:Agent></dc:creator>
   </cc:Work>
  </rdf:RDF>
 </metadata>
 <defs>
  <style type="text/css">*{{stroke-linejoin: round; stroke-linecap: butt}}</style>
  <linearGradient id="grad1" x1="0" y1="0" x2="0" y2="1">
   <stop offset="0" style="stop-color: #005eb8"/>
   <stop offset="1" style="stop-color: #41b6e6"/>
  </linearGradient>
 </defs>
 <g id="figure_1">
  <g id="patch_1">
   <path d="M 0 345.6 L 460.8 345.6 L 460.8 0 L 0 0 z" style="fill: #ffffff"/>
  </g>
  <g id="axes_1">
   <path d="M 73.8 307.5 L 99.1 307.5 L 99.1 56.8 L 73.8 56.8 z" clip-path="url(#p3c1a2b)"
    style="fill: url(#grad1)"/>
   <g id="xtick_1">
    <defs>
     <path id="m0d8b1c5b3a" d="M 0 0 L 0 3.5" style="stroke: #000000; stroke-width: 0.8"/>
    </defs>
    <use xlink:href="#m0d8b1c5b3a" x="86.5" y="307.5" style="stroke: #000000"/>
    <g id="text_1">
     <!-- 2020 -->
     <g transform="translate(73.79 322.18) scale(0.1 -0.1)">
      <defs>
       <path id="DejaVuSans-32" d="M 1228 531 L 3431 531 L 469 0 z" transform="scale(0.015625)"/>
      </defs>
      <use xlink:href="#DejaVuSans-32"/>
     </g>
    </g>
   </g>
  </g>
 </g>
 <defs>
  <clipPath id="p3c1a2b">
   <rect x="57.6" y="41.472" width="357.12" height="266.112"/>
  </clipPath>
 </defs>
</svg>
"""

ILLUSTRATOR = f"""<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0) -->
<svg version="1.1" id="Layer_1" data-name="Layer 1" xmlns="{SVG}" xmlns:xlink="{XLINK}"
  x="0px" y="0px" viewBox="0 0 100 50" style="enable-background:new 0 0 100 50;"
  xml:space="preserve">
<style type="text/css">
  .st0{{fill:#005EB8;}}
  .st1{{font-family:'Arial'; font-size:12px;}} /* labels */
</style>
<rect class="st0" width="100" height="50"/>
<text transform="matrix(1 0 0 1 10 30)" class="st1" aria-label="Admissions &amp; &lt;beds&gt;"
  >Admissions</text>
</svg>
"""

DRAWIO = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" version="1.1" width="121px" height="61px"
  viewBox="-0.5 -0.5 121 61" content="&lt;mxfile&gt;&lt;diagram&gt;x&lt;/diagram&gt;">
<defs/><g><rect x="0" y="0" width="120" height="60" rx="9" ry="9" fill="#ffffff" stroke="#000000"
  pointer-events="all"/><g><text x="60" y="34" fill="#000000" font-family="Helvetica"
  font-size="12px" text-anchor="middle">Triage</text></g></g></svg>
"""


@pytest.mark.parametrize(
    "source", [INKSCAPE, MATPLOTLIB, ILLUSTRATOR, DRAWIO], ids=["inkscape", "mpl", "ai", "drawio"]
)
def test_real_exports_come_out_clean(source: str) -> None:
    data = source.encode()
    out = clean_svg(data)
    root = assert_clean(out, data)
    text = out.decode()
    for gone in ("sodipodi", "inkscape:", "rdf", "metadata", "data-name", "content=", "labels"):
        assert gone not in text, gone
    assert len(list(root.iter())) > 3


def test_inkscape_keeps_its_drawing() -> None:
    out = clean_svg(INKSCAPE.encode()).decode()
    for kept in (
        'xlink:href="#linearGradient1"',
        "fill:url(#linearGradient3)",
        'xml:space="preserve"',
        "Home reading → nurse call",
        '<use xlink:href="#rect1"',
        '<feGaussianBlur in="SourceAlpha"',
    ):
        assert kept in out, kept


def test_matplotlib_keeps_styles_gradients_and_clips() -> None:
    out = clean_svg(MATPLOTLIB.encode()).decode()
    assert '<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>' in out
    assert 'clip-path="url(#p3c1a2b)"' in out and "fill: url(#grad1)" in out
    assert '<use xlink:href="#DejaVuSans-32"/>' in out


def test_values_are_escaped_again() -> None:
    out = clean_svg(ILLUSTRATOR.encode())
    text = ElementTree.fromstring(out).find(f"{{{SVG}}}text")
    assert text is not None and text.get("aria-label") == "Admissions & <beds>"
    tab = clean_svg(svg('<rect id="a" aria-label="x&#9;y&#10;z &quot;q&quot;"/>'))
    rect = ElementTree.fromstring(tab).find(f"{{{SVG}}}rect")
    assert rect is not None and rect.get("aria-label") == 'x\ty\nz "q"'


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "content" / "innovations").glob("*/*.svg")),
    ids=lambda p: p.parent.name,
)
def test_shipped_svgs_are_clean(path: Path) -> None:
    data = path.read_bytes()
    assert_clean(clean_svg(data))
    assert clean_svg(data) == data  # plain SVG already: the clean copy is the same


def test_synthetic_svg_is_clean() -> None:
    from generator.synthetic import _SVG

    data = _SVG.format(title="T &amp; x", c1="#000", c2="#111", c3="#222").encode()
    assert_clean(clean_svg(data))
