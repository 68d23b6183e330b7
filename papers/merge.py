"""Mail merge at the PDF level: pages laid out once, filled in many times.

A thousand responsibility letters are a handful of different letters: everyone on the same
post signs the same duties and obligations, only the name differs, and each letter is
printed twice with a different copy mark. Laying out every copy costs WeasyPrint about 12
to 25 ms a page, so 2,000 pages took 25 to 50 s. Instead, render.py lays out

- each different letter once, with an empty anchor (an element with an id) where the name
  and the copy mark go: its *base* pages;
- every name and mark once, one to a line, on *slot sheets* that are never printed;

and this module writes each printed page as the base page's content stream, shared by
reference, plus a few operators that draw the text of one name and one mark, moved from
their place on the sheet to their slot. Names and marks are set by the same engine in the
same face, size and line height as the slot around them, so they look as if laid out in
place; pdftotext reads them in place too.

It relies on the PDF, not on WeasyPrint's insides: WeasyPrint's page anchors give where
things are, and its content streams give each line of text as a text matrix (Tm) followed
by the glyphs to show. Anything else (a relative move, an inline image) on a sheet is
refused loudly rather than misplaced.
"""

import bisect
from dataclasses import dataclass, field

import pikepdf
from pikepdf import ContentStreamInstruction, Matrix, Operator

# WeasyPrint lays out in CSS pixels and writes PDF points: 72 / 96.
PT_PER_PX = 0.75

# Operators that change the state a run of text is drawn with. They are replayed, in the
# order last set, before a run drawn on its own. Text state (Tf, Tc, …) belongs to the
# graphics state in PDF: BT does not reset it, q/Q save and restore it.
_STATE = {
    "gs",
    "rg",
    "RG",
    "g",
    "G",
    "k",
    "K",
    "cs",
    "CS",
    "sc",
    "SC",
    "scn",
    "SCN",
    "Tf",
    "Tc",
    "Tw",
    "Tz",
    "TL",
    "Ts",
    "Tr",
}
_SHOW = {"TJ", "Tj", "'", '"'}


class MergeError(RuntimeError):
    """The laid-out pages are not what the merge expects (a bug, not the user's input)."""


@dataclass(frozen=True)
class Overlay:
    """Draw sheet item `item` at anchor `slot`. `align` says which edges meet: "left" puts
    the item's start at the slot (a name after its label), "right" its end (a mark set
    flush right)."""

    slot: str
    item: str
    align: str = "left"


@dataclass(frozen=True)
class Merged:
    """One printed copy: the pages of base `base` (an anchor on its first page) with overlays."""

    base: str
    overlays: tuple


@dataclass
class _Run:
    ctm: Matrix
    state: list
    instructions: list = field(default_factory=list)


class Anchors:
    """Where every anchor of the laid-out pages is: page index and (x0, y0, x1, y1) in px."""

    def __init__(self, pages):
        self.places = {}
        for index, page in enumerate(pages):
            for name, box in page.anchors.items():
                self.places.setdefault(name, (index, box))

    def page(self, name):
        try:
            return self.places[name][0]
        except KeyError:
            raise MergeError(f"anchor {name!r} was not laid out") from None

    def box(self, name):
        return self.places[name][1]


def _runs(page):
    """Each run of text on a page (a text matrix and the glyphs shown from it), as the
    instructions that draw it alone, and where it starts in px from the page's top left."""
    height = float(page.mediabox[3]) - float(page.mediabox[1])
    saved, ctm, state = [], Matrix(), {}
    run, found = None, []
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            raise MergeError("inline image on a slot sheet")
        op = str(instruction.operator)
        if op == "q":
            saved.append((ctm, dict(state)))
        elif op == "Q":
            ctm, state = saved.pop()
        elif op == "cm":
            ctm = Matrix(*instruction.operands) @ ctm
        elif op in _STATE:
            state.pop(op, None)
            state[op] = instruction
            if run:
                run.instructions.append(instruction)
        elif op == "Tm":
            run = _Run(ctm, list(state.values()), [instruction])
            start = Matrix(*instruction.operands) @ ctm
            found.append(((start.e / PT_PER_PX, (height - start.f) / PT_PER_PX), run))
        elif op in _SHOW:
            if run is None:
                raise MergeError("text shown without a text matrix")
            run.instructions.append(instruction)
        elif op == "ET":
            run = None
        elif op in {"Td", "TD", "T*"}:
            raise MergeError(f"relative text move {op} on a slot sheet")
    return found


def _items_on(anchors, page_index, names):
    """The sheet items on a page, sorted by the top of their line."""
    return sorted(
        (anchors.box(name)[1], anchors.box(name)[3], name) for name in names if anchors.page(name) == page_index
    )


def sheet_items(pdf, anchors, items):
    """{item anchor: [run, …]}: the text drawn on each item's line of the slot sheets."""
    drawn = {name: [] for name in items}
    by_page = {}
    for name in items:
        by_page.setdefault(anchors.page(name), []).append(name)
    for page_index, names in by_page.items():
        lines = _items_on(anchors, page_index, names)
        tops = [top for top, _bottom, _name in lines]
        for (x, baseline), run in _runs(pdf.pages[page_index]):
            at = bisect.bisect_right(tops, baseline) - 1
            if at < 0 or baseline > lines[at][1]:
                raise MergeError(f"text on sheet page {page_index} at {x:.1f}, {baseline:.1f} px is no item's")
            drawn[lines[at][2]].append(run)
    empty = [name for name, runs in drawn.items() if not runs]
    if empty:
        raise MergeError(f"nothing drawn for {empty[:5]}")
    return drawn


def _offset(anchors, overlay):
    """How far (in points, PDF axes) the item moves to sit in its slot."""
    sx0, sy0, sx1, _sy1 = anchors.box(overlay.slot)
    ix0, iy0, ix1, _iy1 = anchors.box(overlay.item)
    dx = (sx1 - ix1) if overlay.align == "right" else (sx0 - ix0)
    return dx * PT_PER_PX, -(sy0 - iy0) * PT_PER_PX


def _overlay_bytes(runs, dx, dy):
    moved = Matrix().translated(dx, dy)
    instructions = []
    for run in runs:
        instructions += [
            ContentStreamInstruction([], Operator("q")),
            ContentStreamInstruction(list((run.ctm @ moved).shorthand), Operator("cm")),
            *run.state,
            ContentStreamInstruction([], Operator("BT")),
            *run.instructions,
            ContentStreamInstruction([], Operator("ET")),
            ContentStreamInstruction([], Operator("Q")),
        ]
    return pikepdf.unparse_content_stream(instructions)


def _contents(page):
    contents = page.obj.Contents
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


class Merger:
    """Builds merged pages inside the PDF the base pages and sheets were written to."""

    def __init__(self, pdf, anchors, items, base_pages):
        self.pdf, self.anchors = pdf, anchors
        self.items = sheet_items(pdf, anchors, items)
        # {base anchor: [page index, …]}: a long letter may run over more than one page.
        self.base_pages = base_pages
        self.open = pdf.make_stream(b"q\n")
        self.close = pdf.make_stream(b"Q\n")
        self.streams = {}

    def _stream(self, overlay):
        dx, dy = _offset(self.anchors, overlay)
        key = (overlay.item, round(dx, 3), round(dy, 3))
        if key not in self.streams:
            self.streams[key] = self.pdf.make_stream(_overlay_bytes(self.items[overlay.item], dx, dy))
        return self.streams[key]

    def pages(self, merged):
        """The new pages of one merged copy."""
        made = []
        for index in self.base_pages[merged.base]:
            base = self.pdf.pages[index]
            overlays = [self._stream(o) for o in merged.overlays if self.anchors.page(o.slot) == index]
            page = pikepdf.Dictionary(base.obj)  # a shallow copy: same boxes, resources
            # The base stream is shared by every copy; q/Q keep its state from the overlays.
            page.Contents = pikepdf.Array([self.open, *_contents(base), self.close, *overlays])
            made.append(pikepdf.Page(self.pdf.make_indirect(page)))
        return made


def replace_pages(pdf, pages):
    """Make `pages` (pikepdf.Page objects of `pdf`) the document's pages, in that order;
    pages left out (bases and sheets) are not written."""
    del pdf.pages[:]
    pdf.pages.extend(pages)
