"""The management commands' progress bars: on a terminal only, off with --no-progress."""

import sys

from tqdm import tqdm

from archive import indexing


def progress_bar(total, desc, unit, *, disabled=False, **options):
    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        disable=disabled or not sys.stderr.isatty(),
        **options,
    )


def drain_with_progress(no_progress=False):
    """Apply every pending index update, with a bar; returns the DrainResult."""
    pending = indexing.PendingIndexUpdate.objects.values("article_id").distinct().count()
    with progress_bar(pending, "Indexing", "doc", disabled=no_progress) as bar:
        return indexing.drain_index_queue(
            blocking=True, progress=lambda r: bar.update(r.updated + r.removed - bar.n)
        )
