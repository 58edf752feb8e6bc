"""Making real spreadsheet files for the tests with LibreOffice Calc.

``write_fods`` writes a Flat ODS (one XML file) with merged cells, hidden columns, numbers
and dates; ``LibreOffice.convert`` turns files into .xlsx, .xls or .csv the way Calc saves
them. Each soffice start costs about a second, so convert many files in one call. Every
instance gets its own profile folder, so parallel test workers do not clash.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

#: Calc's CSV export: comma, double quote, the character set, start at line 1, save cell
#: content as shown. Character sets are LibreOffice's numbers: 76 UTF-8, 32 Windows-874 (Thai).
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,{charset},1,,0,false,true,true"
UTF8, THAI_WINDOWS = 76, 32


class LibreOffice:
    def __init__(self, profile: Path) -> None:
        self.program = shutil.which("soffice") or shutil.which("libreoffice")
        assert self.program, "LibreOffice Calc (soffice) is a test dependency: install libreoffice-calc"
        self.profile = profile

    def convert(self, files: Sequence[Path], target: str, outdir: Path) -> list[Path]:
        """Convert ``files`` in one soffice run; ``target`` is an extension or a full
        --convert-to filter ("xlsx", "xls", CSV_AS_SHOWN.format(charset=UTF8))."""
        outdir.mkdir(parents=True, exist_ok=True)
        args = [self.program, f"-env:UserInstallation={self.profile.resolve().as_uri()}", "--headless",
                "--norestore", "--convert-to", target, "--outdir", str(outdir), *map(str, files)]
        result = subprocess.run(args, capture_output=True, text=True, timeout=180)
        extension = target.split(":")[0]
        made = [outdir / (Path(f).stem + "." + extension) for f in files]
        missing = [p for p in made if not p.exists()]
        assert not missing, f"soffice did not make {missing}: {result.stdout}{result.stderr}"
        return made


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]                                          # str, int, float, date or None
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # row, column, rows, columns (0-based)
    hidden: set[int] = field(default_factory=set)                  # 0-based hidden columns


_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text>
  <number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
 <style:style style:name="ceDate" style:family="table-cell" style:parent-style-name="Default"
  style:data-style-name="N1"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""
_TAIL = "</office:spreadsheet></office:body></office:document>\n"


def _cell(value: Any, span: tuple[int, int] | None) -> str:
    attrs = ""
    if span:
        attrs = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, date):
        return (f'<table:table-cell{attrs} table:style-name="ceDate" office:value-type="date" '
                f'office:date-value="{value.isoformat()}"><text:p>{value:%d/%m/%Y}</text:p></table:table-cell>')
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (f'<table:table-cell{attrs} office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value!r}</text:p></table:table-cell>")
    return (f'<table:table-cell{attrs} office:value-type="string"><text:p>{escape(str(value))}</text:p>'
            "</table:table-cell>")


def write_fods(path: Path, sheets: Sequence[Sheet]) -> Path:
    parts = [_HEAD]
    for sheet in sheets:
        width = max((len(r) for r in sheet.rows), default=1)
        spans = {(r, c): (nr, nc) for r, c, nr, nc in sheet.merges}
        covered = {(r + i, c + j) for r, c, nr, nc in sheet.merges for i in range(nr) for j in range(nc)} - set(spans)
        parts.append(f"<table:table table:name={quoteattr(sheet.name)}>")
        for c in range(width):
            hidden = ' table:visibility="collapse"' if c in sheet.hidden else ""
            parts.append(f"<table:table-column{hidden}/>")
        for r, row in enumerate(sheet.rows):
            cells = [("<table:covered-table-cell/>" if (r, c) in covered else _cell(v, spans.get((r, c))))
                     for c, v in enumerate(row + [None] * (width - len(row)))]
            parts.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        parts.append("</table:table>")
    parts.append(_TAIL)
    path.write_text("".join(parts), encoding="utf-8")
    return path
