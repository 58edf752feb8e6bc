"""`govlab-desk font show|set|reset` through real subprocesses: the chosen family prints
the papers, doctor names it, a refused file changes nothing, reset gives Sarabun again."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from test_cli import cli, digest


@pytest.fixture
def laksaman(laksaman) -> Path:       # the family's regular file, as an office picks it
    return laksaman["regular"]


@pytest.fixture
def folder(template_dir, tmp_path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(template_dir, data)
    return data


def test_set_show_print_doctor_and_reset(folder, laksaman, tmp_path):
    r = cli("font", "show", data_dir=folder, lang="en")
    assert r.returncode == 0 and "Papers are printed with Sarabun, bundled" in r.stdout and "OFL.txt" in r.stdout

    r = cli("font", "set", str(laksaman), data_dir=folder, lang="th")
    assert r.returncode == 0, r.stderr
    assert "Laksaman" in r.stdout and "Laksaman-Bold.ttf" in r.stdout
    r = cli("font", "show", data_dir=folder, lang="en")
    assert r.returncode == 0 and r.stdout.startswith("Papers are printed with Laksaman, chosen for this office.")
    assert str(folder / "fonts") in r.stdout and "(copied from Laksaman-BoldItalic.ttf)" in r.stdout

    r = cli("doctor", data_dir=folder, lang="en")
    line = next(x for x in r.stdout.splitlines() if "Paper font:" in x)
    assert line.startswith("[OK  ]") and "Laksaman (chosen" in line and "HarfBuzz" in line, line

    demo = cli("demo", data_dir=folder)
    assert demo.returncode == 0, demo.stderr
    rows = [json.loads(x) for x in cli("list", "activities", "--format", "json", data_dir=folder).stdout.splitlines()]
    pdf = tmp_path / "signin.pdf"
    r = cli("report", "signin", "--id", rows[0]["id"], "--out", str(pdf), data_dir=folder)
    assert r.returncode == 0, r.stderr
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "+Laksaman " in fonts and "+Laksaman-Bold " in fonts and "Sarabun" not in fonts

    r = cli("font", "reset", data_dir=folder, lang="en")
    assert r.returncode == 0 and "Papers are printed with Sarabun" in r.stdout
    assert not (folder / "fonts").exists()
    r = cli("report", "signin", "--id", rows[0]["id"], "--out", str(pdf), data_dir=folder)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Sarabun" in fonts and "Laksaman" not in fonts


def test_a_refused_font_prints_one_line_and_changes_nothing(folder, laksaman, latin_only, tmp_path):
    assert cli("font", "set", str(laksaman), data_dir=folder).returncode == 0
    before = digest(folder)
    otf = tmp_path / "THSarabunIT๙.otf"
    otf.write_bytes(b"OTTO" + laksaman.read_bytes()[4:])
    latin = latin_only
    for bad, thai, english in ((latin, latin.name, "has no Thai letters"),
                               (otf, "THSarabunIT๙.otf", "PostScript (CFF) outlines"),
                               (tmp_path / "nothing.ttf", "nothing.ttf", "Cannot read the font file")):
        r_th = cli("font", "set", str(bad), data_dir=folder, lang="th")
        r_en = cli("font", "set", str(bad), data_dir=folder, lang="en")
        for r in (r_th, r_en):
            assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
        assert english in r_en.stderr and thai in r_th.stderr and r_th.stderr != r_en.stderr
    assert digest(folder) == before
