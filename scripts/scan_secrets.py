"""The secret scan of `make test`: every tracked file against .secrets.baseline.

detect-secrets' pre-commit hook fails on a new secret (exit 1) but also "fails" (exit 3)
when it only moved a known one's line number and rewrote the baseline. Here the hook
reads a copy of the baseline, so a moved line neither fails the suite nor dirties the
checkout; a new secret does fail. After reviewing a finding (a synthetic test password),
record it: `.venv/bin/detect-secrets scan --baseline .secrets.baseline` with EXCLUDE.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from detect_secrets.pre_commit_hook import main as hook

ROOT = Path(__file__).resolve().parent.parent
# The baseline itself is left out: the hook reads a copy of it, so it would not know it.
EXCLUDE = (
    r"(^|/)(node_modules|var|benchmarks/out)/|\.lock$|package-lock\.json$|^\.secrets\.baseline$"
)
NEW_SECRETS = 1


def tracked_files() -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return [name for name in listing.stdout.split("\0") if name and (ROOT / name).is_file()]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        baseline = Path(folder) / "baseline.json"
        shutil.copyfile(ROOT / ".secrets.baseline", baseline)
        outcome = hook(["--baseline", str(baseline), "--exclude-files", EXCLUDE, *tracked_files()])
    if outcome == NEW_SECRETS:
        return 1
    print("secret scan: no new secrets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
