"""The command line: one module per command group, each thin over the library's functions.

Only this package prints or exits; it catches specgen's own errors only. Importing it registers
every command on ``app``.
"""

# Imported in the order --help lists the commands.
from specgen.cli import documents, needs, batch, diff, interview, serve  # noqa: F401, I001
from specgen.cli.app import LAYOUTS, app, main

__all__ = ["LAYOUTS", "app", "main"]
