"""Shared test set-up.

specgen is not installed into the virtual environment, so put the checkout on ``sys.path``.
(Once the package is installed in editable mode, or pytest's ``pythonpath`` is set in
pyproject.toml, this file can go.)
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
