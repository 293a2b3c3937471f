"""What the command-line edges share: turning errors into one clear line and an exit code.

Deliberately not here: the commands themselves (`index/__main__.py`, `bot/__main__.py`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from newsbot.errors import NewsbotError
from newsbot.settings import Settings

__all__ = ["run", "settings_from", "add_common"]


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command takes."""
    parser.add_argument("--home", help="data folder (default: NEWSBOT_HOME or ./data)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings.load(home=args.home) if args.home else Settings.load()


def run(main: Callable[[list[str] | None], int], argv: list[str] | None = None) -> int:
    """Call `main`; a NewsbotError becomes `error: message` (exit 2), anything else one line too."""
    debug = "--debug" in (sys.argv if argv is None else argv)
    try:
        return main(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`... | head`): nothing left to say, and nowhere to say it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush doesn't fail too
        return 141
    except NewsbotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the edge: users get one line, --debug gets the traceback
        if debug:
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc} (run again with --debug for details)", file=sys.stderr)
        return 3
