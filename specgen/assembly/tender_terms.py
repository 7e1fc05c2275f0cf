"""What a tender's terms turn on, kept apart from the evaluation model so that checking answers
(``specgen validate``) reads them without loading the template engine: the default weights of the
evaluation criteria, and who commissions (an NHS body in England, or Welsh bodies)."""

from __future__ import annotations

from specgen.answers import Answers
from specgen.answers.contract import Nation, Regime

PSR_DEFAULTS = {"quality_and_innovation": 40, "value": 20, "integration_and_collaboration": 15,
                "access_and_inequalities": 15}
"""Suggested weights of the key criteria other than social value, when the answers give none."""
STANDARD_DEFAULTS = {"quality": 2, "price": 1}
"""Without a regime's criteria: quality and price share what social value leaves, two to one."""
SOCIAL_VALUE_DEFAULT = 10.0


def nhs_england(answers: Answers) -> bool:
    """An NHS body in England commissions: social value includes fighting climate change."""
    p = answers.procurement
    return p.nhs and p.nation in (None, Nation.england) and p.regime is not Regime.psr_wales


def welsh(answers: Answers) -> bool:
    """Welsh bodies commission: social value includes the well-being goals of Wales."""
    p = answers.procurement
    return p.nation is Nation.wales or p.regime is Regime.psr_wales
