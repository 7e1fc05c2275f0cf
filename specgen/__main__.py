"""The ``specgen`` command (and ``python -m specgen``).

Checking a file is the command run most often, after every edit, and loading typer costs it about a
tenth of its time (typer's import, and a parser built for each option from its type hints). So a
plain ``specgen validate FILE…`` (files only: no option, no ``--help``) runs the check directly,
printing what the typer command prints; every other command line goes to :mod:`specgen.cli`.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    arguments = sys.argv[1:]
    if arguments[:1] == ["validate"] and len(arguments) > 1 and \
            not any(a.startswith("-") for a in arguments):
        sys.exit(_validate([Path(a) for a in arguments[1:]]))
    from specgen.cli import main as run

    run()


def _validate(files: list[Path]) -> int:
    from specgen.errors import SpecgenError
    from specgen.workflows.review import check_files

    try:
        return 1 if check_files(files, _say, _warn) else 0
    except KeyboardInterrupt:
        _warn("interrupted")
        return 130
    except Exception as error:  # one that no check caught: one line, as the typer app says it
        from specgen.cli.app import unexpected

        _warn(str(error) if isinstance(error, SpecgenError) else unexpected(error))
        return 1


def _say(line: str) -> None:
    print(line, flush=True)  # flushed, as typer.echo does, so stdout and stderr keep their order


def _warn(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
