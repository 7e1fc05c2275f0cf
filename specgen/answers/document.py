"""Document control and the readiness checklist (toolkit B.6 checklist)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from specgen.answers.common import Model, ShortText, Text


class Status(StrEnum):
    draft = "draft"
    consultation = "consultation"
    final = "final"


class Audience(StrEnum):
    """Who the specification is for."""

    tender_pack = "tender_pack"
    """Published with an invitation to tender (build --kind tender) for providers to bid against."""
    contract = "contract"
    """Agreed with a provider directly (for example a direct award to the existing provider),
    without a tender."""


class ChangeLogEntry(Model):
    """One row of the document's change log."""

    version: ShortText
    date: dt.date
    author: ShortText
    summary: Text


class DocumentControl(Model):
    """Who owns the document, and which version this is."""

    title: ShortText = "Service specification: parent-infant relationship (PAIR) service"
    """The document title, shown on the cover, in headers and as the file's title property."""
    commissioners: list[ShortText] = Field(min_length=1)
    """The commissioning organisation or organisations, e.g. an ICB and a council."""
    area: ShortText
    """The place the service covers, e.g. a borough, county or health board area."""
    author: ShortText
    """The person responsible for the document."""
    contact: ShortText | None = None
    """Email or telephone for questions about the specification."""
    version: ShortText = "0.1"
    status: Status = Status.draft
    date: dt.date
    """The date of this version. Documents carry this date, not the build date, so rebuilds match."""
    reference: ShortText | None = None
    """Your procurement or contract reference, if one has been issued."""
    change_log: list[ChangeLogEntry] = []
    alternative_formats_contact: ShortText | None = None
    """Where readers can ask for the document in another format (large print, easy read, Welsh...)."""
    specification_number: ShortText | None = None
    """NHS layout header: the service specification number (the reference is used if left out)."""
    commissioner_lead: ShortText | None = None
    """NHS layout header: the commissioner's lead for this service (the author if left out)."""
    provider_lead: ShortText | None = None
    """NHS layout header: the provider's lead, once known."""
    period: ShortText | None = None
    """NHS layout header: the period the specification covers, e.g. "1 April 2026 to 31 March 2029"."""
    review_date: dt.date | None = None
    """NHS layout header: when the specification will next be reviewed."""
    audience: Audience = Audience.tender_pack
    """tender_pack: the specification goes out with an invitation to tender; contract: it is
    agreed with a provider directly, without a tender."""
    readiness_appendix: bool | None = None
    """Add the readiness checklist as an appendix. Left out: kept in drafts and consultation
    versions, left out of a final document (a working aid, not part of the contract)."""
    provenance_appendix: bool | None = None
    """Add an appendix listing each clause, the guidance behind it and the answers that chose it.
    Left out: kept in drafts and consultation versions, left out of a final document."""

    def keeps(self, appendix: bool | None) -> bool:
        """Whether a working appendix is kept: as answered, else only while not final."""
        return self.status is not Status.final if appendix is None else appendix


class LayoutName(StrEnum):
    """How the same clauses are arranged into sections."""

    toolkit = "toolkit"
    """The structure the PAIR Commissioning Toolkit suggests (B.6)."""
    nhs = "nhs"
    """An NHS Standard Contract service specification (Schedule 2A headings and header table)."""
    council = "council"
    """A local-authority public health specification."""


class ReadinessAnswer(Model):
    """Whether one planning question has been answered, and where the answer is written down."""

    answered: bool = False
    where: Text | None = None
    """The document or section that holds the answer, e.g. "JSNA 2025, chapter 4"."""


class Readiness(Model):
    """The five analysis and planning questions to settle before writing a specification (B.6)."""

    evidence: ReadinessAnswer = ReadinessAnswer()
    """What the evidence says is needed (toolkit A.2)."""
    local_need: ReadinessAnswer = ReadinessAnswer()
    """How large local need is (toolkit B.1)."""
    parent_voice: ReadinessAnswer = ReadinessAnswer()
    """What local babies and parents say they need (toolkit B.2)."""
    workforce_views: ReadinessAnswer = ReadinessAnswer()
    """What local staff and managers say is needed (toolkit B.3)."""
    theory_of_change: ReadinessAnswer = ReadinessAnswer()
    """What the theory of change says must happen (toolkit A.3)."""
