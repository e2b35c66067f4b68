"""Run several kg commands in one fresh Python process and report what each one imported."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from kg.cli import main
    report = []
    for args in json.loads(sys.argv[1]):
        sys.argv, code = ["kg", *args], None
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        report.append([args[0], code, "spacy" in sys.modules])
    print(json.dumps(report), file=sys.stderr)
    """
)


def run_in_one_process(
    commands: list[list[str]], cwd: Path
) -> tuple[subprocess.CompletedProcess, list]:
    """The finished process and, per command, [name, exit code, whether spaCy was imported]."""
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, json.dumps(commands)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=300,
    )
    lines = result.stderr.strip().splitlines()
    return result, json.loads(lines[-1]) if result.returncode == 0 and lines else []
