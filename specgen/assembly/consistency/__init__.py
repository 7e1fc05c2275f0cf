"""Answers that contradict each other: a registry of small, named consistency rules.

The specification and the strategy are built from one answer file, so a figure or a claim made in
one place should not be denied in another. Each rule reads the answers, and reports every
contradiction it finds as :class:`Advice` located at both answers. Rules that read free text
(amounts, dates, names) stay silent when they cannot read it.

``specgen validate`` and ``specgen build`` print what the rules find, as warnings; they never
stop a build. ``RULES`` lists them by name, in the order they run. The rules live in one module
per subject (conflicts, dates, funding, work); importing a module registers its rules.
"""

from specgen.assembly.consistency import conflicts, dates, funding, work  # noqa: F401
from specgen.assembly.consistency.registry import RULES, Rule, consistency_advice, rule

__all__ = ["RULES", "Rule", "consistency_advice", "rule"]
