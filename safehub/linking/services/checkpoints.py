"""A link run's scored pairs on disk (parquet under var/linking/), so a run that dies
after scoring is resumed by the next run of the same records and model, and an
incremental run scores only new records on top of the last run's pairs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from django.conf import settings

from safehub.linking.models import LinkModelVersion, LinkRun


def linking_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "linking"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _pairs_path(name: str) -> Path:
    return linking_dir() / Path(name).name


def pairs_write(run: LinkRun, pairs: pd.DataFrame) -> str:
    """The run's pairs, written whole or not at all (a temporary file, then a rename)."""
    name = f"pairs-{run.pk}.parquet"
    temp = _pairs_path(f".{name}.tmp")
    pairs.to_parquet(temp, index=False)
    temp.replace(_pairs_path(name))
    return name


def pairs_read(name: str) -> pd.DataFrame:
    return pd.read_parquet(_pairs_path(name))


def pairs_keep_only(run: LinkRun) -> None:
    """Every checkpoint but the finished run's own goes."""
    keep = Path(run.pairs_file).name if run.pairs_file else ""
    for old in linking_dir().glob("pairs-*.parquet"):
        if old.name != keep:
            old.unlink(missing_ok=True)


def resumable(run: LinkRun) -> LinkRun | None:
    """The latest unfinished run of the same records and model whose scored pairs are
    still on disk: its scoring need not be done again."""
    last = (
        LinkRun.objects.exclude(pk=run.pk)
        .filter(
            kind=run.kind,
            status=LinkRun.Status.FAILED,
            fingerprint=run.fingerprint,
            model=run.model,
        )
        .exclude(pairs_file="")
        .order_by("-pk")
        .first()
    )
    if last is None or not _pairs_path(last.pairs_file).exists():
        return None
    later = LinkRun.objects.filter(pk__gt=last.pk, status=LinkRun.Status.DONE).exists()
    return None if later else last


def last_pairs(model: LinkModelVersion | None) -> pd.DataFrame | None:
    """The pairs of the last finished run under this model, if its file is still there."""
    last = (
        LinkRun.objects.filter(status=LinkRun.Status.DONE)
        .exclude(pairs_file="")
        .order_by("-pk")
        .first()
    )
    if last is None or last.model_id != (model.pk if model else None):
        return None
    if not _pairs_path(last.pairs_file).exists():
        return None
    return pairs_read(last.pairs_file)
