"""Helpers of the Windows installer build (run by installer/windows/build and update-pins).

Runs on the build machine (Linux), in the build's own virtual environment (signify,
babel and packaging from requirements-build.txt); nothing here ships in the installer.

    buildtools.py version PYPROJECT             the app version from pyproject.toml
    buildtools.py verify-signatures DIR         Authenticode check of DIR/*.exe|dll|pyd
    buildtools.py deps PYPROJECT                the dependencies that apply on Windows, CPython 3.13
    buildtools.py lock WHEELS OUT               requirements file with hashes of WHEELS/*.whl
    buildtools.py trim SITE_PACKAGES            drop what the app does not use (Qt, locales)
    buildtools.py catalogs I18N_DIR APP_DIR     compile the .po into APP_DIR/resources/locale
    buildtools.py icon OUT.ico                  draw the app icon
    buildtools.py size DIR                      size of DIR in KiB (for EstimatedSize)
"""

from __future__ import annotations

import hashlib
import math
import re
import shutil
import struct
import sys
import zipfile
import zlib
from pathlib import Path

# ------------------------------------------------------------------------------ version


def cmd_version(pyproject: str) -> int:
    import tomllib

    with open(pyproject, "rb") as fp:
        print(tomllib.load(fp)["project"]["version"])
    return 0


# ------------------------------------------------------------------------- signatures

#: Publishers accepted on the files of the embeddable Python (vcruntime is Microsoft's).
TRUSTED_PUBLISHERS = ("Python Software Foundation", "Microsoft Corporation")


def _fix_oscrypto() -> None:
    """oscrypto 1.3.0 (used by signify) cannot parse OpenSSL versions like 3.0.19 and
    refuses to import; its unreleased fix widens one regular expression. Load the
    module with that fix instead of editing the installed file."""
    import importlib.util

    name = "oscrypto._openssl._libcrypto_ctypes"
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return
    source = Path(spec.origin).read_text(encoding="utf-8")
    old, new = r"'\\b(\\d\\.\\d\\.\\d[a-z]*)\\b'", r"'\\b(\\d+\\.\\d+\\.\\d+[a-z]*)\\b'"
    if old not in source:
        return  # a fixed oscrypto
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    exec(compile(source.replace(old, new), spec.origin, "exec"), module.__dict__)


def cmd_verify_signatures(folder: str) -> int:
    _fix_oscrypto()
    from signify.authenticode import AuthenticodeFile, AuthenticodeVerificationResult

    files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in (".exe", ".dll", ".pyd"))
    if not files:
        print(f"no .exe/.dll/.pyd in {folder}", file=sys.stderr)
        return 1
    bad = 0
    publishers: dict[str, int] = {}
    for path in files:
        with path.open("rb") as fp:
            try:
                signed = AuthenticodeFile.from_stream(fp)
                result, error = signed.explain_verify()
                signature = next(iter(signed.signatures))
                signer = next(c for c in signature.certificates
                              if c.serial_number == signature.signer_info.serial_number)
                found = re.search(r"(?:^|, )O=([^,]+)", signer.subject.dn)
                org = found.group(1) if found else signer.subject.dn
            except Exception as exc:  # unsigned or unreadable
                result, error, org = None, exc, "?"
        ok = result == AuthenticodeVerificationResult.OK and org in TRUSTED_PUBLISHERS
        if not ok:
            bad += 1
            print(f"  NOT OK {path.name}: {result} {error or ''} ({org})", file=sys.stderr)
        publishers[org] = publishers.get(org, 0) + 1
    summary = ", ".join(f"{n} by {org}" for org, n in sorted(publishers.items()))
    print(f"Authenticode: {len(files) - bad} of {len(files)} files OK ({summary})")
    return 1 if bad else 0


# ------------------------------------------------------------------------------- pins

TARGET_ENV = {  # environment markers of the target: 64-bit Windows, CPython 3.13
    "implementation_name": "cpython", "implementation_version": "3.13.2", "os_name": "nt",
    "platform_machine": "AMD64", "platform_python_implementation": "CPython",
    "platform_release": "10", "platform_system": "Windows", "platform_version": "10.0.19045",
    "python_full_version": "3.13.2", "python_version": "3.13", "sys_platform": "win32",
}


def cmd_deps(pyproject: str) -> int:
    """The app's dependencies that apply on the target, one a line, without markers."""
    import tomllib

    from packaging.requirements import Requirement

    with open(pyproject, "rb") as fp:
        for line in tomllib.load(fp)["project"]["dependencies"]:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate(TARGET_ENV):
                req.marker = None
                print(req)
    return 0


def _wheel_metadata(path: Path) -> tuple[str, str, list[str]]:
    with zipfile.ZipFile(path) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        text = zf.read(name).decode("utf-8")
    headers = text.split("\n\n", 1)[0].splitlines()
    get = lambda key: [h.split(":", 1)[1].strip() for h in headers if h.startswith(key + ":")]  # noqa: E731
    return get("Name")[0], get("Version")[0], get("Requires-Dist")


def cmd_lock(wheels: str, out: str) -> int:
    """Pin every wheel in WHEELS (name==version --hash) and check that each requirement
    the target would ask for (markers evaluated for Windows, CPython 3.13) is there:
    pip evaluates markers for the build machine, not for --platform."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    found: dict[str, tuple[str, str, Path, list[str]]] = {}
    for path in sorted(Path(wheels).glob("*.whl")):
        name, version, requires = _wheel_metadata(path)
        key = canonicalize_name(name)
        if key in found:
            print(f"two wheels of {name}: {found[key][2].name} and {path.name}", file=sys.stderr)
            return 1
        found[key] = (name, version, path, requires)
    missing = []
    for key, (name, version, path, requires) in found.items():
        for line in requires:
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate({**TARGET_ENV, "extra": ""}):
                continue
            have = found.get(canonicalize_name(req.name))
            if have is None or not req.specifier.contains(Version(have[1]), prereleases=True):
                missing.append(f"{name} needs {line}")
    if missing:
        print("Missing for Windows (add them to the top-level list in update-pins):", file=sys.stderr)
        print("\n".join("  " + m for m in missing), file=sys.stderr)
        return 1
    lines = [
        "# The Windows (win_amd64, CPython 3.13) wheels of GovLab Desk, pinned with hashes.",
        "# Generated by installer/windows/update-pins; do not edit by hand.",
    ]
    for key in sorted(found):
        name, version, path, _ = found[key]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{name}=={version} \\\n    --hash=sha256:{digest}")
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(found)} wheels")
    return 0


# ------------------------------------------------------------------------------- trim

#: Qt's Python modules the app imports (QtSvg kept for SVG rendering in code to come).
QT_MODULES_KEPT = {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtSvg"}
#: Plugins kept, by folder; a folder not named here goes entirely.
QT_PLUGINS_KEPT = {
    "platforms": {"qwindows", "qoffscreen"},
    "imageformats": {"qsvg", "qjpeg", "qgif", "qico", "qwebp", "qtiff"},
    "iconengines": {"qsvgicon"},
    "styles": {"qmodernwindowsstyle"},
}
QT_DIRS_DROPPED = ("qml", "translations", "resources", "include", "metatypes", "typesystems",
                   "glue", "scripts", "doc", "examples", "support", "lib")
BABEL_LOCALES_KEPT = re.compile(r"^(root|en|en_[A-Za-z0-9_]+|th|th_[A-Za-z0-9_]+)\.dat$")


def pe_imports(path: Path) -> set[str]:
    """The DLL names a PE file imports (normal and delay-loaded), lower case."""
    data = path.read_bytes()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        return set()
    sections_count, optional_size = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (112 if magic == 0x20B else 96)
    sections = []
    for i in range(sections_count):
        base = optional + optional_size + 40 * i
        vsize, vaddr, rawsize, rawptr = struct.unpack_from("<IIII", data, base + 8)
        sections.append((vaddr, max(vsize, rawsize), rawptr))

    def offset(rva: int) -> int | None:
        for vaddr, size, rawptr in sections:
            if vaddr <= rva < vaddr + size:
                return rva - vaddr + rawptr
        return None

    def cstring(rva: int) -> str:
        start = offset(rva)
        return "" if start is None else data[start:data.index(b"\0", start)].decode("ascii", "replace")

    names = set()
    for index, entry_size, name_field in ((1, 20, 12), (13, 32, 4)):  # imports, delay imports
        rva = struct.unpack_from("<I", data, directories + 8 * index)[0]
        at = offset(rva) if rva else None
        while at is not None and at + entry_size <= len(data):
            entry = data[at:at + entry_size]
            if not any(entry):
                break
            name_rva = struct.unpack_from("<I", entry, name_field)[0]
            if name_rva:
                names.add(cstring(name_rva).lower())
            at += entry_size
    return names


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _remove(path: Path) -> int:
    if not path.exists():
        return 0
    size = _size(path)
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()
    return size


def cmd_trim(site_packages: str) -> int:
    site = Path(site_packages)
    before = _size(site)
    for junk in ("bin",):  # console scripts pip writes for the build machine
        _remove(site / junk)
    for cache in list(site.rglob("__pycache__")):
        _remove(cache)
    qt = site / "PySide6"
    for name in QT_DIRS_DROPPED:
        _remove(qt / name)
    for path in list(qt.glob("*.exe")) + list(qt.rglob("*.pyi")) + [qt / "opengl32sw.dll"]:
        _remove(path)
    for path in qt.glob("Qt*.pyd"):
        if path.stem not in QT_MODULES_KEPT:
            _remove(path)
    plugins = qt / "plugins"
    for folder in list(plugins.iterdir()) if plugins.is_dir() else []:
        kept = QT_PLUGINS_KEPT.get(folder.name)
        if kept is None:
            _remove(folder)
            continue
        for plugin in folder.glob("*.dll"):
            if plugin.stem not in kept:
                _remove(plugin)
    # DLLs in PySide6/ that nothing kept imports go (Quick, QML, Designer, OpenGL ...).
    roots = list(qt.glob("*.pyd")) + list(plugins.rglob("*.dll"))
    local = {p.name.lower(): p for p in qt.glob("*.dll")}
    local.update({p.name.lower(): p for p in (site / "shiboken6").glob("*.dll")})
    needed: set[str] = set()
    todo = roots[:]
    while todo:
        for name in pe_imports(todo.pop()):
            if name in local and name not in needed:
                needed.add(name)
                todo.append(local[name])
    for path in qt.glob("*.dll"):
        if path.name.lower() not in needed:
            _remove(path)
    for name in ("include", "lib"):
        _remove(site / "shiboken6" / name)
    for path in site.glob("shiboken6/*.pyi"):
        _remove(path)
    # Babel: only the locales the app speaks (Thai, English) and the root.
    for path in (site / "babel" / "locale-data").glob("*.dat"):
        if not BABEL_LOCALES_KEPT.match(path.name):
            _remove(path)
    after = _size(site)
    kept = sorted(p.name for p in qt.glob("*.dll") if p.name.startswith("Qt6"))
    print(f"trimmed site-packages: {before / 2**20:.0f} MB -> {after / 2**20:.0f} MB; Qt DLLs kept: {' '.join(kept)}")
    return 0


# ---------------------------------------------------------------------------- catalogs


def cmd_catalogs(i18n_dir: str, app_dir: str) -> int:
    """Compile the translators' .po files into the staged app's resources/locale."""
    sys.path.insert(0, app_dir)
    from desktop.i18n.build import compile_catalogs

    written = compile_catalogs(source_dir=Path(i18n_dir), compiled_dir=Path(app_dir) / "resources" / "locale")
    print("compiled " + ", ".join(str(p.relative_to(app_dir)) for p in written))
    return 0


# -------------------------------------------------------------------------------- icon

BLUE = (0x1F, 0x5F, 0xA8)
INK = (0x2F, 0x4A, 0x66)


def _coverage(inside, x: float, y: float, n: int, samples: int = 4) -> float:
    hits = 0
    for i in range(samples):
        for j in range(samples):
            if inside((x + (i + 0.5) / samples) / n, (y + (j + 0.5) / samples) / n):
                hits += 1
    return hits / (samples * samples)


def _round_rect(x0: float, y0: float, x1: float, y1: float, r: float):
    def inside(x: float, y: float) -> bool:
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    return inside


def _paper(x: float, y: float) -> bool:
    """A sheet with a folded top-right corner (as resources/icons/papers.svg)."""
    x0, y0, x1, y1, fold = 0.27, 0.17, 0.73, 0.83, 0.14
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    return not (x > x1 - fold and y < y0 + fold and (x - (x1 - fold)) > (y - y0))


def _fold(x: float, y: float) -> bool:
    x1, y0, fold = 0.73, 0.17, 0.14
    return x1 - fold <= x <= x1 and y0 <= y <= y0 + fold and (x - (x1 - fold)) <= (y - y0)


def _lines(x: float, y: float) -> bool:
    if not 0.35 <= x <= 0.65:
        return False
    return any(abs(y - c) <= 0.022 for c in (0.40, 0.50, 0.60)) or (x <= 0.52 and abs(y - 0.70) <= 0.022)


def _draw(n: int) -> bytes:
    """RGBA pixels of the icon at n x n: a blue rounded square with a white paper."""
    background = _round_rect(0.04, 0.04, 0.96, 0.96, 0.2)
    rows = []
    for py in range(n):
        row = bytearray()
        for px in range(n):
            a = _coverage(background, px, py, n)
            paper = _coverage(_paper, px, py, n)
            fold = _coverage(_fold, px, py, n)
            lines = _coverage(_lines, px, py, n) * paper
            colour = [BLUE[k] * (1 - paper - fold) + 255 * paper + 0xC8 * fold for k in range(3)]
            colour = [colour[k] * (1 - lines) + INK[k] * lines for k in range(3)]
            row += bytes(max(0, min(255, round(c))) for c in colour) + bytes([round(255 * a)])
        rows.append(bytes(row))
    return b"".join(rows)


def _png(n: int, rgba: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"".join(b"\0" + rgba[y * n * 4:(y + 1) * n * 4] for y in range(n))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def cmd_icon(out: str) -> int:
    """A Windows .ico (16-256 px, PNG-compressed entries, as Vista and later read)."""
    sizes = (16, 24, 32, 48, 64, 256)
    images = [_png(n, _draw(n)) for n in sizes]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    entries, at = b"", 6 + 16 * len(sizes)
    for n, image in zip(sizes, images):
        entries += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(image), at)
        at += len(image)
    Path(out).write_bytes(header + entries + b"".join(images))
    print(f"wrote {out} ({Path(out).stat().st_size // 1024} KB, {len(sizes)} sizes)")
    return 0


def cmd_size(folder: str) -> int:
    print(math.ceil(_size(Path(folder)) / 1024))
    return 0


COMMANDS = {"version": cmd_version, "verify-signatures": cmd_verify_signatures, "lock": cmd_lock, "deps": cmd_deps,
            "trim": cmd_trim, "catalogs": cmd_catalogs, "icon": cmd_icon, "size": cmd_size}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]](*sys.argv[2:]))
