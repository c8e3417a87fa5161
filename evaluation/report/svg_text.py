"""SVG text laid out per run instead of per letter, on the one WeasyPrint release checked.

WeasyPrint 70 shapes and draws every letter of an SVG `<text>` on its own: a card's charts and map
(about 2,000 letters) cost a third of its render. A run with one x and one y and none of the
per-letter attributes is shaped once by Pango and drawn as one text object: the same glyphs,
still real (selectable, extractable) text. Anything else goes to WeasyPrint's own function.

This follows WeasyPrint's private svg/text.py line by line, so it is installed only on the exact
release it was checked against (CHECKED_VERSION); any other release keeps its stock text
drawing (slower cards, the same PDF text), and `pip` may take new releases with their fixes.
`bench/report.py --stock-text` measures the cards both ways.
"""

from __future__ import annotations

import sys
from math import inf

import weasyprint
import weasyprint.svg
import weasyprint.svg.text  # the package's `text` attribute is the function; the module is below

CHECKED_VERSION = "70.0"  # the release whose svg/text.py this follows line by line
PER_LETTER = ("dx", "dy", "rotate", "letter-spacing", "textLength")
_module = sys.modules["weasyprint.svg.text"]
_per_letter_text = _module.text

try:  # private names of the checked release; another release may lack them (then: stock code)
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.utils import normalize, size
    from weasyprint.text.ffi import FROM_UNITS, pango
    from weasyprint.text.line_break import create_layout, line_size

    _PRIVATE_NAMES = True
except ImportError:  # pragma: no cover - only on a release other than CHECKED_VERSION
    _PRIVATE_NAMES = False


def _one_value(node, name: str) -> bool:
    return len(normalize(node.attrib.get(name, "0")).strip().split(" ")) == 1


def _style(svg, node, font_size: float):
    """The text style as WeasyPrint's own `text` builds it (family, style, weight, size)."""
    style = _module.Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [
        f.strip("\"'") for f in node.get("font-family", "sans-serif").split(",")
    ]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    if weight == "normal":
        weight = 400
    elif weight == "bold":
        weight = 700
    try:
        style["font_weight"] = int(weight)
    except ValueError:
        style["font_weight"] = 400
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    return style


def _y_align(node, font_size: float, height: float) -> float:
    """Vertical shift for display-anchor and dominant/alignment-baseline, as WeasyPrint does it."""
    ascent, descent = font_size * 0.8, font_size * 0.2
    anchor = node.get("display-anchor")
    baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if anchor == "middle":
        return -height / 2
    if anchor == "top":
        return 0
    if anchor == "bottom":
        return -height
    if baseline in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0


def run_text(svg, node, font_size: float) -> None:
    """Draw one SVG text node: a plain run in one go, anything else letter by letter."""
    if (
        not node.text
        or any(name in node.attrib for name in PER_LETTER)
        or not (_one_value(node, "x") and _one_value(node, "y"))
    ):
        _per_letter_text(svg, node, font_size)
        return
    style = _style(svg, node, font_size)
    # What split_first_line does for an unbounded line, minus its deactivate (and our reactivate)
    layout = create_layout(node.text, style, svg.context, inf, 0)
    line, resume_index = layout.get_first_line()
    if resume_index is not None:  # a line break inside the run: WeasyPrint's own way
        _per_letter_text(svg, node, font_size)
        return
    width, height = line_size(line, style)
    baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS
    x, y = svg.cursor_position
    if "x" in node.attrib:
        x = size(node.attrib["x"], font_size, svg.inner_width)
        svg.cursor_d_position[0] = 0
    if "y" in node.attrib:
        y = size(node.attrib["y"], font_size, svg.inner_height)
        svg.cursor_d_position[1] = 0
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + _y_align(node, font_size, height)
    svg.cursor_position = x + width, y
    node.text_bounding_box = extend_bounding_box(
        node.text_bounding_box,
        ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height)),
    )
    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    svg.fill_stroke(fill, stroke, text=True)
    box = _module.TextBox(layout, style)
    box.baseline = baseline
    matrix = Matrix(d=-1, e=x_position, f=y_position)
    emojis = draw_first_line(svg.stream, box, "none", "none", matrix)
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def install() -> bool:
    """Put `run_text` in WeasyPrint's SVG tag table (and the name its text-anchor check compares
    with). Only on the exact checked release; True when installed, False: stock text drawing."""
    if weasyprint.__version__ != CHECKED_VERSION or not _PRIVATE_NAMES:
        return False
    tags = weasyprint.svg.TAGS
    if tags.get("text") not in (_per_letter_text, run_text):
        return False
    for tag, function in tags.items():
        if function is _per_letter_text:
            tags[tag] = run_text
    weasyprint.svg.text = run_text  # draw_node: `TAGS.get(node.tag) == text` (text-anchor)
    return True


def uninstall() -> None:
    """WeasyPrint's own per-letter text drawing back (the bench's stock figure, the tests)."""
    tags = weasyprint.svg.TAGS
    for tag, function in tags.items():
        if function is run_text:
            tags[tag] = _per_letter_text
    weasyprint.svg.text = _per_letter_text


def installed() -> bool:
    """Whether WeasyPrint draws SVG text with `run_text` now."""
    return weasyprint.svg.TAGS.get("text") is run_text
