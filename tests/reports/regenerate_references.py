"""Regenerate the reference images in tests/reports/reference/ (page 1 of each paper, 50 dpi,
grayscale) after a deliberate change to a paper's layout:

    PYTHAINLP_READ_ONLY=1 PYTHONPATH=. python tests/reports/regenerate_references.py

Look at every PNG it writes before committing them: they are what the tests compare with.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]

from paper_cases import KINDS, page_png, prepare, render

from desktop.i18n import set_language
from desktop.services.app_services import open_services


def small(png: Path, dest: Path) -> None:
    """Save as 16 grey levels, which keeps each reference around 20 KB."""
    from PIL import Image

    Image.open(png).convert("L").quantize(16).save(dest, optimize=True)


def main() -> int:
    set_language("th")
    target = HERE / "reference"
    target.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(Path(tmp) / "data")
        try:
            services.office.init(office_name="สำนักงานจังหวัดนครปฐม", office_code="NPT01", area_code="73", role="office")
            records = prepare(services)
            for kind in KINDS:
                pdf = render(services, records, kind, Path(tmp) / f"{kind}.pdf")
                png = page_png(pdf, Path(tmp) / kind)
                small(png, target / f"{kind}.png")
                print(target / f"{kind}.png")
        finally:
            services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
