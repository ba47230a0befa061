"""`--help` of each command says what each option does and its default, in plain words."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import INI_DATA
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
#: A file with a [filter-app:wrapped] section.
SHAPES = INI_DATA / "pastescope-shapes.ini"


def help_text(*args: str) -> str:
    """`python ARGS --help` as a user sees it, its lines joined (argparse wraps them)."""
    done = subprocess.run([sys.executable, *args, "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return re.sub(r"\s+", " ", done.stdout)


def test_stack_help_names_every_command():
    text = help_text("-m", "stack")
    for command in ("inspect", "which", "serve", "diff"):
        assert f"({command})" in text, command
    assert "`" not in text


@pytest.mark.parametrize("shown", [
    "--host HOST address to listen on (default: 127.0.0.1)",
    "--port PORT port (default: 8090; 0: any free port)",
    "(default: http://127.0.0.1:5000)",
    "--name SECTION the section to serve: an app, composite, pipeline or filter-app section of "
    "the file, by its name or its id as inspect shows it (default: main, else the only entry)",
    "--no-access-log",
    "wsgi.warning event; also record the response headers each layer passed up (secrets "
    "redacted), which the request's page compares layer by layer;",
])
def test_serve_help_shows_the_defaults(shown):
    assert shown in help_text("-m", "stack", "serve")


def test_which_help_says_what_name_takes():
    """As serve's: without the kinds, a reader asking about a [filter-app:…] could not tell
    whether it may be named (a filter may not)."""
    assert ("--name SECTION the section to start from: an app, composite, pipeline or "
            "filter-app section of the file, by its name or its id as inspect shows it "
            "(default: main, else the only entry)") in help_text("-m", "stack", "which")


def test_which_help_says_load_runs_the_files_code_and_nothing_else_does():
    text = help_text("-m", "stack", "which")
    assert "say what a request would hit, loading nothing unless --load asks" in help_text(
        "-m", "stack")
    assert ("--load import and run the file's factories, as serve does (no request is sent, "
            "nothing is served or traced), to say which route and controller action a router "
            "matches, or why it answers 404 or 405; a factory that cannot be loaded exits 2 "
            "saying which") in text


def test_diff_help_says_what_it_compares():
    text = help_text("-m", "stack", "diff")
    assert "old the api-paste.ini before (nothing it names is imported)" in text
    assert ("--name SECTION compare only what this section builds in each file, by its name "
            "or its id as inspect shows it (default: what every entry builds)") in text


@pytest.mark.parametrize("name", ["wrapped", "filter-app:wrapped"])
def test_name_takes_a_filter_app_as_the_help_says(name):
    """What the help of serve's and which's --name promises (they pick the section alike,
    `stack.graph.pick_entry`): a filter-app, by its name or its id."""
    done = run_cli("which", str(SHAPES), "GET", "/", "--name", name)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "GET / would go: the filter-app `wrapped` → the app `plain`.\n"), done.stdout


@pytest.mark.parametrize("shown", [
    "--host HOST address to listen on (default: 127.0.0.1)",
    "--port PORT port (default: 5000; 0: any free port)",
    "(default: ./data)",
    "--max-traces N traces kept at most, checked every second; the oldest go first "
    "(default: 10000)",
    "--max-age SECONDS seconds a trace is kept at most, checked every second (default: 86400, "
    "a day)",
    "--token TOKEN",
])
def test_dashboard_help_shows_the_defaults(shown):
    assert shown in help_text("-m", "dashboard")


def test_dashboard_help_is_plain_words():
    text = help_text("-m", "dashboard")
    assert "`" not in text
    assert "Serve the Pastescope dashboard" in text


@pytest.mark.parametrize(("command", "shown"), [
    ("inspect", "file the api-paste.ini to read; nothing it names is imported"),
    ("inspect", "--name SECTION draw only this section and what it reaches, by its name or its "
     "id as inspect shows it (default: every entry)"),
    ("serve", "file the api-paste.ini to build, as PasteDeploy's loadapp does"),
    ("which", "file the api-paste.ini to read"),
    ("which", "method the request's method, as sent: GET, not get (servers compare it as "
     "typed)"),
    ("which", "path the request's path, from / (its query is left out, as a server does), or a "
     "whole URL http://HOST/PATH, whose host counts unless --host gives one"),
])
def test_help_says_what_each_argument_takes(command, shown):
    """A learner reading `which --help` must learn there that the path starts with `/` and the
    method is case-sensitive, not by trial and error; and that inspect's --name takes a
    section as serve's does."""
    assert shown in help_text("-m", "stack", command)


@pytest.mark.parametrize(("args", "said"), [
    (["inspect", str(SHAPES), "--nmae", "wrapped"],
     "usage: python -m stack inspect [-h] [--name SECTION] [--json] file "
     "python -m stack inspect: error: unrecognized arguments: --nmae wrapped"),
    (["--nmae", "inspect", str(SHAPES)],
     "usage: python -m stack inspect [-h] [--name SECTION] [--json] file "
     "python -m stack inspect: error: unrecognized arguments: --nmae"),
    (["--json", "inspect", str(SHAPES)],
     "usage: python -m stack inspect [-h] [--name SECTION] [--json] file "
     f"python -m stack inspect: error: --json goes after the command: python -m stack inspect "
     f"{shlex.quote(str(SHAPES))} --json"),
    (["--load", "which", str(SHAPES), "GET", "/"],
     "usage: python -m stack which [-h] [--name SECTION] [--host HOST] [--choose COMPOSITE=KEY] "
     "[-H 'NAME: VALUE'] [--load] file method path python -m stack which: error: --load goes "
     f"after the command: python -m stack which {shlex.quote(str(SHAPES))} GET / --load"),
])
def test_an_option_the_command_does_not_take_is_said_with_the_commands_usage(args, said):
    """Not the top parser's `usage: python -m stack [-h] {inspect,serve,which} ...`, which
    lists none of the options a misspelt (or misplaced) one was meant as; and one of the
    command's own options put before it is said to go after it: "unrecognized arguments:
    --json" under a usage listing `[--json]` read as if the option did not exist."""
    done = run_cli(*args)
    # NOTE: its lines joined, as argparse wraps the usage to the terminal's width.
    assert (done.returncode, done.stdout, " ".join(done.stderr.split())) == (2, "", said)
