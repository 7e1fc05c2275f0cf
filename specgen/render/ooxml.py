"""WordprocessingML python-docx has no API for: schema-ordered properties, fields, bookmarks, zips.

Word answers elements out of their schema sequence with "unreadable content", so nothing here
appends to a properties element: :func:`set_child` puts each child at its place in the sequence
that ECMA-376 (transitional) gives for its parent.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

_EPOCH = (1980, 1, 1, 0, 0, 0)

_P_PR = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
         "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
         "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
         "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
         "rPr sectPr pPrChange")
_R_PR = ("ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline "
         "shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w kern position sz "
         "szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish "
         "oMath rPrChange")
_TBL_PR = ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
           "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
           "tblDescription tblPrChange")
_TC_PR = ("cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
          "vAlign hideMark headers cellIns cellDel cellMerge tcPrChange")
_SECT_PR = ("headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
            "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
            "rtlGutter docGrid printerSettings sectPrChange")
_SETTINGS = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
    "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins "
    "alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop "
    "hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState formsDesign "
    "attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge "
    "revisionView trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection "
    "autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation "
    "consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength "
    "clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting "
    "bookFoldPrintingSheets drawingGridHorizontalSpacing drawingGridVerticalSpacing "
    "displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
    "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin "
    "doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
    "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
    "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
    "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
    "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars "
    "rsids m:mathPr uiCompat97To2003 attachedSchema themeFontLang clrSchemeMapping "
    "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
    "readModeInkLockDown sl:schemaLibrary shapeDefaults decimalSymbol listSeparator")
_STYLE = ("name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
          "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr "
          "tblStylePr")
_LVL = "start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc pPr rPr"
_ABSTRACT_NUM = "nsid multiLevelType tmpl name styleLink numStyleLink lvl"
_NUMBERING = "numPicBullet abstractNum num numIdMacAtCleanup"


def _tags(names: str) -> tuple[str, ...]:
    return tuple(qn(name if ":" in name else f"w:{name}") for name in names.split())


SEQUENCES: dict[str, tuple[str, ...]] = {
    qn("w:pPr"): _tags(_P_PR), qn("w:rPr"): _tags(_R_PR), qn("w:tblPr"): _tags(_TBL_PR),
    qn("w:tcPr"): _tags(_TC_PR), qn("w:sectPr"): _tags(_SECT_PR),
    qn("w:settings"): _tags(_SETTINGS), qn("w:style"): _tags(_STYLE), qn("w:lvl"): _tags(_LVL),
    qn("w:abstractNum"): _tags(_ABSTRACT_NUM), qn("w:numbering"): _tags(_NUMBERING),
}
"""Child order of each parent element we touch, from the ECMA-376 schema (w:trPr is a choice)."""

_CHOICES = {qn("w:footerReference"): qn("w:headerReference")}
"""Elements of a choice group, in any order among themselves: tag → the group's first tag."""

_REPEATABLE = {qn("w:lvl"), qn("w:abstractNum"), qn("w:num"), qn("w:headerReference"),
               qn("w:footerReference"), qn("w:numPicBullet"), qn("w:tblStylePr")}


def insert_in_order(parent: BaseOxmlElement, child: BaseOxmlElement) -> BaseOxmlElement:
    """Put ``child`` into ``parent`` where the schema wants it (after its own kind, before later ones).

    A parent without a known sequence (w:trPr, a choice) takes the child at the end.
    """
    rank = _ranks(parent.tag)
    if child.tag not in rank:
        parent.append(child)
        return child
    for sibling in parent:
        if rank.get(sibling.tag, -1) > rank[child.tag]:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


@cache
def _ranks(parent_tag: str) -> dict[str, int]:
    """Each child tag's place in its parent's sequence; a choice group shares one place."""
    rank = {tag: index for index, tag in enumerate(SEQUENCES.get(parent_tag, ()))}
    for tag, same_as in _CHOICES.items():
        if same_as in rank:
            rank[tag] = rank[same_as]
    return rank


def set_child(parent: BaseOxmlElement, tag: str, **attributes: str) -> BaseOxmlElement:
    """The one ``tag`` child of ``parent`` (made in schema order if missing), with these attributes.

    Attribute names are given without prefix (``val``, ``fill``) and set in the w: namespace.
    An on/off element with no attributes is written in its plainest form, ``<w:tblHeader/>``.
    """
    child: BaseOxmlElement | None = parent.find(qn(tag))
    if child is None or qn(tag) in _REPEATABLE:
        child = insert_in_order(parent, OxmlElement(tag))
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)
    return child


def remove_children(parent: BaseOxmlElement, *tags: str) -> None:
    for tag in tags:
        for child in parent.findall(qn(tag)):
            parent.remove(child)


def out_of_order(parent: BaseOxmlElement) -> list[str]:
    """Children of ``parent`` that stand before an element the schema puts ahead of them."""
    rank = _ranks(parent.tag)
    problems, highest = [], -1
    for child in parent:
        position = rank.get(child.tag)
        if position is None:
            continue
        if position < highest:
            problems.append(child.tag)
        highest = max(highest, position)
    return problems


def add_field(paragraph: Paragraph, instruction: str, cached: str, open_: bool = True,
              close: bool = True) -> None:
    """A complex field (PAGE, TOC, PAGEREF …) with a cached result Word can refresh.

    ``open_``/``close`` let a field span several paragraphs, as a table of contents does.
    """
    if open_:
        _char(paragraph, "begin")
        run = paragraph.add_run()
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {instruction} "
        run._r.append(instr)
        _char(paragraph, "separate")
        if cached:
            paragraph.add_run(cached)
    if close:
        _char(paragraph, "end")


def _char(paragraph: Paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def bookmark_start(ident: int, name: str) -> BaseOxmlElement:
    start: BaseOxmlElement = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    return start


def bookmark_end(ident: int) -> BaseOxmlElement:
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    return end


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a package with fixed member times, so equal documents are equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()
