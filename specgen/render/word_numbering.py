"""Heading numbers as Word numbers them: one multilevel list linked to the Heading 1 to 3 styles.

A section heading shows "3", a clause heading "3.2", as in the PDF; a heading someone inserts
in Word takes the next number and renumbers those after it. Level 3 (our subheadings) is linked
but shows no number, as in the PDF.
"""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from specgen.render.ooxml import insert_in_order, set_child

_LEVELS = (("decimal", "%1", "space"), ("decimal", "%1.%2", "space"), ("none", "", "nothing"))


def heading_numbering(word: WordDocument) -> int:
    """The numId of the list the Heading 1 style is numbered by, made and linked if missing."""
    linked = _num_id(word.styles["Heading 1"].element)
    if linked:
        return linked
    numbering = word.part.numbering_part.element
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in
                           numbering.findall(qn("w:abstractNum"))), default=-1)
    insert_in_order(numbering, _abstract_list(word, abstract_id))
    num_id = int(numbering.add_num(abstract_id).numId)
    for level in range(len(_LEVELS)):
        properties = word.styles[f"Heading {level + 1}"].element.get_or_add_pPr()
        num_pr = properties.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id
    contents = word.styles["TOC Heading"].element  # based on Heading 1, but never numbered
    unnumbered(contents)
    return num_id


def _num_id(style: BaseOxmlElement) -> int:
    properties = style.pPr
    if properties is None or properties.numPr is None or properties.numPr.numId is None:
        return 0
    return int(properties.numPr.numId.val)


def _abstract_list(word: WordDocument, abstract_id: int) -> BaseOxmlElement:
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    set_child(abstract, "w:nsid", val=f"5E{abstract_id:06X}")  # fixed: same answers, same bytes
    set_child(abstract, "w:multiLevelType", val="multilevel")
    set_child(abstract, "w:name", val="specgen headings")
    for level, (fmt, text, suffix) in enumerate(_LEVELS):
        lvl = set_child(abstract, "w:lvl", ilvl=str(level))
        set_child(lvl, "w:start", val="1")
        set_child(lvl, "w:numFmt", val=fmt)
        set_child(lvl, "w:pStyle", val=word.styles[f"Heading {level + 1}"].style_id)
        set_child(lvl, "w:suff", val=suffix)
        set_child(lvl, "w:lvlText", val=text)
        set_child(lvl, "w:lvlJc", val="left")
        set_child(set_child(lvl, "w:pPr"), "w:ind", left="0", hanging="0")
    return abstract


def unnumbered(paragraph_element: BaseOxmlElement) -> None:
    """Keep a heading out of the list (numId 0), for headings the document leaves unnumbered."""
    set_child(paragraph_element.get_or_add_pPr().get_or_add_numPr(), "w:numId", val="0")
