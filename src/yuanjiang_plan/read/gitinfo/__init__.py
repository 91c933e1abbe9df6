"""What git knows about the plan repository: file dates, revisions in memory, line history.

Everything here reads git's object database only: `git ls-tree`, one `git cat-file --batch`
for all blobs of a revision, `git log`, `git blame`. Nothing checks out, nor touches the working
tree or the index (`GIT_OPTIONAL_LOCKS=0` keeps even index refreshes away). Paths go through
`-z` so Chinese file names are never octal-quoted (git's `core.quotePath` escaping).

run.py runs git and finds the plan in its repository; revision.py reads a revision's or the
index's files; history.py says when files arrived and changed; lines.py blames lines.
"""

from .history import FileHistory, GitDates, file_history, first_commit_dates, plan_commits
from .lines import Commit, blame, entry_commits, entry_dates
from .revision import DATA_FOLDERS, RevisionSource, index_files, revision_files, tree_files
from .run import GitError, Location, git_prefix, locate, resolve_rev

__all__ = [
    "DATA_FOLDERS",
    "Commit",
    "FileHistory",
    "GitDates",
    "GitError",
    "Location",
    "RevisionSource",
    "blame",
    "entry_commits",
    "entry_dates",
    "file_history",
    "first_commit_dates",
    "git_prefix",
    "index_files",
    "locate",
    "plan_commits",
    "resolve_rev",
    "revision_files",
    "tree_files",
]
