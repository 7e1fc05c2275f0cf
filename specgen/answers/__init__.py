"""The answers model. ``Answers`` is the root; the submodules hold its parts."""

from specgen.answers.model import Answers

__all__ = ["Answers"]
