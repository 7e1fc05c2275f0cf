"""When the service starts, and how the provider gets ready for it (mobilisation).

The service start date is the end of mobilisation: the day referrals open and the specification's
requirements bind. Before it, the provider recruits, finds premises, sets up its systems and agrees
the referral pathway; after it, activity builds up over the first year (the ramp-up).
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from specgen.answers.common import Model, Percent, Text, at


class Milestone(StrEnum):
    """A step of mobilisation."""

    lead_appointed = "lead_appointed"
    recruitment = "recruitment"
    premises = "premises"
    information_systems = "information_systems"
    referral_pathway = "referral_pathway"


class Step(Model):
    """One milestone of the mobilisation plan, due by the end of a month of mobilisation."""

    milestone: Milestone
    month: Annotated[int, Field(ge=1, le=24)]
    """The month of mobilisation by whose end the milestone is met (1 is the first month)."""
    detail: Text | None = None
    """What meeting the milestone means locally, if more than the standard wording."""


Months = Annotated[int, Field(ge=0, le=24)]


class Mobilisation(Model):
    """The service start date, the mobilisation period and plan, and the year-one ramp-up."""

    service_start: dt.date | None = None
    """The date the service opens to referrals: the end of mobilisation, from which the
    specification's requirements bind."""
    months: Months = 6
    """Months of mobilisation between the contract being let and the service start date (0 when
    an existing provider carries on without a break)."""
    plan: list[Step] = []
    """Milestones with the month each is due; left out, a standard plan is worked out from months."""
    ramp_up_pct: Annotated[list[Percent], Field(min_length=1, max_length=4)] = [50, 75, 100, 100]
    """Share of full activity expected in each quarter of the first year of service; quarters not
    given are at 100."""

    @model_validator(mode="after")
    def _steps_inside_mobilisation(self) -> Mobilisation:
        for index, step in enumerate(self.plan):
            if step.month > self.months:
                raise ValueError(at(f"mobilisation.plan[{index}].month", (
                    f"month {step.month} falls after the {self.months}-month mobilisation period; "
                    "bring the milestone forward or lengthen mobilisation.months")))
        return self

    @property
    def milestones(self) -> list[Step]:
        """The plan as given, or the standard plan for the length of mobilisation."""
        if self.plan or self.months == 0:
            return sorted(self.plan, key=lambda s: s.month)
        last = self.months
        before = max(1, last - 1)
        return [Step(milestone=Milestone.lead_appointed, month=max(1, round(last / 3))),
                Step(milestone=Milestone.recruitment, month=before),
                Step(milestone=Milestone.premises, month=before),
                Step(milestone=Milestone.information_systems, month=before),
                Step(milestone=Milestone.referral_pathway, month=last)]

    @property
    def quarters(self) -> list[float]:
        """The ramp-up for all four quarters of the first year (those not given at 100)."""
        return [*self.ramp_up_pct, *[100.0] * (4 - len(self.ramp_up_pct))]

    @property
    def year_one_pct(self) -> float:
        """The share of a full year's activity expected in the first year of service."""
        return sum(self.quarters) / 4

    def service_end(self, years: float | None) -> dt.date | None:
        """The last day of a term of ``years`` from the service start date, if both are known."""
        if self.service_start is None or not years:
            return None
        return months_before(self.service_start, -round(years * 12)) - dt.timedelta(days=1)

    @property
    def begins(self) -> dt.date | None:
        """When mobilisation begins: the start date less the mobilisation months."""
        if self.service_start is None:
            return None
        return months_before(self.service_start, self.months)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1,
                       day=min(day.day, calendar.monthrange(year, month + 1)[1]))
