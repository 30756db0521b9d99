"""Getting a repository onto disk (a shallow clone for a URL) and committing a patch to a branch.

The branch is made in a temporary ``git worktree``, so a local repository's own checkout, index
and current branch are never touched; only the new branch appears in it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from cfgmigrate.batch.sources import Source

CLONE_TIMEOUT_S = 600
FALLBACK_IDENTITY = ("-c", "user.name=cfgmigrate", "-c", "user.email=cfgmigrate@localhost")


class CheckoutError(Exception):
    """The repository could not be brought onto disk (worth another attempt: networks fail)."""


class BranchError(Exception):
    """The branch could not be made; the report and patch are still written."""


def checkout(source: Source, work_dir: Path) -> Path:
    """The folder to migrate: the local folder itself, or a fresh shallow clone in ``work_dir``."""
    if not source.is_url:
        return Path(source.location).resolve()
    dest = work_dir / source.name
    if dest.exists():
        shutil.rmtree(dest)  # a clone left by an interrupted attempt: start clean
    dest.parent.mkdir(parents=True, exist_ok=True)
    args = ["git", "clone", "--quiet", "--depth", "1", "--no-tags", source.location, str(dest)]
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=CLONE_TIMEOUT_S)
    except subprocess.TimeoutExpired as e:
        raise CheckoutError(f"git clone took more than {CLONE_TIMEOUT_S} s") from e
    if out.returncode != 0:
        raise CheckoutError(f"git clone failed: {_last_line(out.stderr)}")
    return dest


def commit_to_branch(repo: Path, patch: str, branch: str, message: str) -> str:
    """Commit ``patch`` on top of HEAD as the new branch ``branch``; return the commit id."""
    if _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False).returncode == 0:
        raise BranchError(f"branch {branch} already exists; not overwritten")
    with tempfile.TemporaryDirectory(prefix="cfgmigrate-branch-") as tmp:
        tree = Path(tmp) / "tree"
        _git(repo, "worktree", "add", "--quiet", "-b", branch, str(tree), "HEAD")
        committed = ""
        try:
            applied = subprocess.run(["git", "apply", "--index", "-"], cwd=tree, input=patch, capture_output=True, text=True)
            if applied.returncode != 0:
                raise BranchError(f"the patch does not apply to HEAD (uncommitted changes?): {_last_line(applied.stderr)}")
            _git(tree, *_identity(repo), "commit", "--quiet", "--no-verify", "-m", message)
            committed = _git(tree, "rev-parse", "HEAD").stdout.strip()
            return committed
        finally:
            _git(repo, "worktree", "remove", "--force", str(tree), check=False)
            if not committed:  # no half-made branch is left behind
                _git(repo, "branch", "-D", branch, check=False)


def _identity(repo: Path) -> tuple[str, ...]:
    """The repository's own committer where one is configured, else a neutral one."""
    configured = _git(repo, "config", "user.email", check=False).stdout.strip()
    return () if configured else FALLBACK_IDENTITY


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check and out.returncode != 0:
        raise BranchError(f"git {args[0]} failed: {_last_line(out.stderr)}")
    return out


def _last_line(stderr: str) -> str:
    """git's own reason: its first ``fatal:``/``error:`` line, else its last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    reasons = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (reasons or lines or ["no message"])[0 if reasons else -1]


def remove_clone(source: Source, root: Path) -> None:
    """A clone made for the run goes once its patch is taken (a campaign may cover hundreds)."""
    if source.is_url:
        shutil.rmtree(root, ignore_errors=True)
