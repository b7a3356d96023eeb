"""What the native layouts' `mapping.yaml` files share: the dates agencies key, the file.

Every layout writes its mapping the same way, so the files differ only in content.
"""

from __future__ import annotations

from pathlib import Path

import yaml

# Dates of birth as UK systems key them; partial ones (`2004-03`, `2004`) stay as written.
UK_DATES = ["%d/%m/%Y", "%Y-%m", "%Y"]


def write_mapping(folder: Path, mapping: dict[str, object]) -> None:
    """Write `mapping` as the layout's `mapping.yaml`, in the order it was built."""
    text = yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True, width=100)
    (folder / "mapping.yaml").write_text(text, encoding="utf-8")
