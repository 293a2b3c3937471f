"""Writing benchmark figures into docs/BENCHMARKS.md: the helpers live with the evaluation in `bot.eval.report`."""

from bot.eval.report import folder_mb, git_revision, peak_rss_mb, write_section

__all__ = ["write_section", "git_revision", "folder_mb", "peak_rss_mb"]
