"""The dependency direction of architecture.md, checked by import-linter's contracts
in pyproject.toml: Qt only in the UI and the app wiring, SQLAlchemy only in the data
layer, layers pointing one way, a standard-library core."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint(config: Path | None = None) -> subprocess.CompletedProcess:
    args = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                                  "sys.exit(lint_imports_command())", "--no-cache"]
    if config:
        args += ["--config", str(config)]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_layer_contracts_hold():
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout and "kept" in result.stdout


def test_contracts_catch_a_violation(tmp_path):
    """The contracts are not vacuous: a Qt import in the services layer breaks them."""
    import shutil

    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "desktop", copy / "desktop", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    (copy / "desktop" / "services" / "sneaky.py").write_text("from PySide6 import QtWidgets\n")
    args = [sys.executable, "-c", "import sys; sys.path.insert(0, '.'); from importlinter.cli import "
                                  "lint_imports_command; sys.exit(lint_imports_command())", "--no-cache"]
    result = subprocess.run(args, cwd=copy, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "desktop.services.sneaky -> PySide6" in result.stdout
