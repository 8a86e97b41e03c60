"""The site publishes an SVG as the clean copy ``clean_svg`` made, never the submitted file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from xml.etree import ElementTree

from generator.safety.svg import SVG, XLINK, XML, clean_svg
from tests.site.conftest import build, write_site

BASE_PNG = Path(__file__).parents[1] / "broken/_base/content/innovations/base-innovation"

EDITOR_SVG = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="100mm" height="40mm" viewBox="0 0 100 40" version="1.1" id="svg1"
   inkscape:version="1.3 (0e150ed6c4, 2023-07-21)" sodipodi:docname="diagram.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="{XLINK}" xmlns="{SVG}"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" inkscape:zoom="1.2"/>
  <defs id="defs1">
    <linearGradient id="blue" inkscape:collect="always">
      <stop offset="0" style="stop-color:#005eb8"/><stop offset="1" style="stop-color:#41b6e6"/>
    </linearGradient>
  </defs>
  <metadata>
    <rdf:RDF><cc:Work rdf:about=""><dc:title>Diagram</dc:title></cc:Work></rdf:RDF>
  </metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect id="box" x="5" y="5" width="40" height="30" rx="3" style="fill:url(#blue)"
       data-editor-id="17"/>
    <use xlink:href="#box" transform="translate(50,0)"/>
    <text x="10" y="22" xml:space="preserve"><tspan sodipodi:role="line">Referral</tspan></text>
  </g>
</svg>
"""


def test_published_svg_is_the_clean_copy(tmp_path: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = write_site(tmp_path / "exchange")
    folder = root / "content" / "innovations" / "remote-monitoring"
    (folder / "diagram.svg").write_text(EDITOR_SVG, encoding="utf-8")
    shutil.copy(BASE_PNG / "pathway.png", folder / "photo.png")

    site = build(root)

    source = (folder / "diagram.svg").read_bytes()
    published = (site / "innovations" / "remote-monitoring" / "diagram.svg").read_bytes()
    assert published != source
    assert published == clean_svg(source)
    svg = ElementTree.fromstring(published)
    assert svg.tag == f"{{{SVG}}}svg"
    for element in svg.iter():
        assert element.tag.startswith(f"{{{SVG}}}"), element.tag
        for name in element.attrib:
            assert not name.startswith("{") or name in (f"{{{XLINK}}}href", f"{{{XML}}}space")
    text = published.decode("utf-8")
    for foreign in ("inkscape", "sodipodi", "rdf:", "<metadata", "data-editor-id", "<!--", "<?"):
        assert foreign not in text, foreign
    for kept in ("url(#blue)", 'xlink:href="#box"', ">Referral<"):
        assert kept in text, kept
    # Raster images are copied as they are.
    assert (site / "innovations" / "remote-monitoring" / "photo.png").read_bytes() == (
        folder / "photo.png"
    ).read_bytes()
