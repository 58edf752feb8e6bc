"""The package file: an age-encrypted ZIP holding a signed manifest and the changes.

    manifest.json    what the package is: sender, recipient, schema, seq range, and the
                     SHA-256 and size of every other member
    manifest.sig     Ed25519 signature over the exact manifest.json bytes
    changes.jsonl    one change per line (format 1.1: a create whose record is sent
                     leaves out its "changes", which were the same values)
    acks.json        which of the recipient's changes the sender has applied
    attachments/<sha256>   files of attachment records
    reference/<dataset>.json   a reference dataset (headquarters to offices), in the
                     format of resources/reference/*.json

Writing streams the ZIP through age into the target file (a pipe between two threads),
so no plain byte of the package ever reaches the disk. Reading decrypts into a staging
folder with a size cap, then checks every ZIP entry name and size before reading any,
and every member's hash against the signed manifest before anything is applied."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyrage

from desktop.core.text import N_
from desktop.sync.errors import PackageRefused
from desktop.sync.keys import LocalKeys, verify

FORMAT = "govlab-sync/1.1"
# Formats this build reads. 1.1 only lets a create leave out "changes" (its record
# says the same); a build that knows 1.0 only refuses a 1.1 package as a whole.
READABLE_FORMATS = ("govlab-sync/1", "govlab-sync/1.1")
STAGING_PREFIX = "sync-staging-"
STALE_STAGING_SECONDS = 6 * 3600
SUFFIX = ".govlab"
CHUNK = 1 << 20
COMPRESS_LEVEL = 1


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile package from exhausting disk or memory."""

    max_package: int = 2 << 30            # decrypted bytes
    max_member: int = 1 << 30             # any one member, as declared and as read
    max_json: int = 64 << 20              # manifest.json, acks.json
    max_members: int = 200_000
    max_ratio: int = 200                  # uncompressed / compressed
    max_line: int = 16 << 20              # one change line


_ATTACHMENT = re.compile(r"^attachments/[0-9a-f]{64}$")
_REFERENCE = re.compile(r"^reference/[a-z_]{1,32}\.json$")
_FIXED = {"manifest.json", "manifest.sig", "changes.jsonl", "acks.json"}


def _allowed(name: str) -> bool:
    return name in _FIXED or bool(_ATTACHMENT.match(name)) or bool(_REFERENCE.match(name))


def _is_json(name: str) -> bool:
    return name in ("manifest.json", "manifest.sig", "acks.json") or name.startswith("reference/")


def _bad_name(name: str) -> bool:
    parts = name.split("/")
    return (not name or name.startswith("/") or "\\" in name or ":" in name or "\x00" in name
            or any(p in ("", ".", "..") for p in parts))


# -- writing -----------------------------------------------------------------------------


class Content:
    """What goes into a package besides the manifest. The changes come as dicts, or
    already encoded: ``lines``, one JSON document per change without newlines (text or
    UTF-8), or ``blocks``, (bytes, number of lines) pieces of changes.jsonl itself whose
    lines all end with a newline, which is how the export hands them over (possibly
    still being made while they are written). Reading ``changes`` decodes them (for
    callers that edit them before writing)."""

    def __init__(self, changes: list[dict[str, Any]] | None = None, acks: dict[str, Any] | None = None,
                 attachments: dict[str, Path] | None = None, reference: dict[str, Path] | None = None,
                 lines: Iterable[str] | Iterable[bytes] | None = None,
                 blocks: Iterable[tuple[bytes, int]] | None = None) -> None:
        self._changes = changes
        self._lines = lines if changes is None else None
        self._blocks = blocks if changes is None and lines is None else None
        self.acks = acks
        # sha256 -> file (the same dict the lines' producer may still fill while they are read)
        self.attachments: dict[str, Path] = attachments if attachments is not None else {}
        self.reference: dict[str, Path] = reference or {}          # dataset -> JSON file
        self.written = 0                                           # changes written so far

    @property
    def changes(self) -> list[dict[str, Any]]:
        if self._changes is None:
            if self._blocks is not None:
                data = b"".join(block for block, _n in self._blocks)
                self._changes = [json.loads(line) for line in data.split(b"\n") if line.strip()]
            else:
                self._changes = [json.loads(line) for line in self._lines or ()]
            self._lines = self._blocks = None
        return self._changes

    @changes.setter
    def changes(self, value: list[dict[str, Any]]) -> None:
        self._changes, self._lines, self._blocks = value, None, None

    def encoded_changes(self, batch: int = 2000) -> Iterator[bytes]:
        """changes.jsonl in pieces of ``batch`` lines (or as the blocks came)."""
        if self._blocks is not None:
            for block, count in self._blocks:
                self.written += count
                yield block
            return
        if self._changes is not None:
            dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
            lines: Any = (dumps(c) for c in self._changes)
        else:
            lines = iter(self._lines or ())
        while True:
            piece = [line if type(line) is bytes else line.encode("utf-8") for _, line in zip(range(batch), lines)]
            if not piece:
                return
            self.written += len(piece)
            piece.append(b"")
            yield b"\n".join(piece)


class _HashingWriter:
    def __init__(self, out: BinaryIO) -> None:
        self.out, self.hash, self.size = out, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        self.size += len(data)
        self.out.write(data)
        return len(data)


def _write_zip(sink: BinaryIO, content: Content, manifest_base: dict[str, Any], keys: LocalKeys) -> bytes:
    members: dict[str, dict[str, Any]] = {}
    # level 1: a third of the time of the default level for a few per cent more bytes
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as zf:
        def member(name: str, produce: Callable[[_HashingWriter], None], compress: bool = True) -> None:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            with zf.open(info, "w", force_zip64=True) as raw:
                writer = _HashingWriter(raw)
                produce(writer)
            members[name] = {"sha256": writer.hash.hexdigest(), "size": writer.size}

        def changes(w: _HashingWriter) -> None:
            for piece in content.encoded_changes():
                w.write(piece)
        member("changes.jsonl", changes)
        if content.acks is not None:
            member("acks.json", lambda w: w.write(json.dumps(content.acks, sort_keys=True).encode()))
        for name, path in sorted(content.reference.items()):
            member(f"reference/{name}.json", lambda w, path=path: w.write(Path(path).read_bytes()))
        for sha, path in sorted(content.attachments.items()):
            def copy(w: _HashingWriter, path: Path = path) -> None:
                with path.open("rb") as src:
                    for chunk in iter(lambda: src.read(CHUNK), b""):
                        w.write(chunk)
            member(f"attachments/{sha}", copy, compress=False)
        manifest = dict(manifest_base, members=members)
        if "counts" in manifest:          # what was written (the lines may have been produced as they went)
            manifest["counts"] = dict(manifest["counts"], changes=content.written,
                                      attachments=len(content.attachments))
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        zf.writestr(zipfile.ZipInfo("manifest.json", date_time=(2000, 1, 1, 0, 0, 0)), manifest_bytes)
        zf.writestr(zipfile.ZipInfo("manifest.sig", date_time=(2000, 1, 1, 0, 0, 0)), keys.sign(manifest_bytes))
    return manifest_bytes


def write_package(target: Path, content: Content, manifest_base: dict[str, Any], keys: LocalKeys,
                  recipient_age: str) -> dict[str, Any]:
    """Write the encrypted package to ``target``: to a temporary name in the same folder,
    fsynced, read back and checked against what was written, then renamed."""
    recipient = pyrage.x25519.Recipient.from_str(recipient_age)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    read_fd, write_fd = os.pipe()
    reader, writer = os.fdopen(read_fd, "rb"), os.fdopen(write_fd, "wb")
    result: dict[str, Any] = {}

    def produce() -> None:
        try:
            result["manifest"] = _write_zip(writer, content, manifest_base, keys)
        except BaseException as error:  # handed to the main thread below
            result["error"] = error
        finally:
            writer.close()

    thread = threading.Thread(target=produce, name="govlab-package-writer", daemon=True)
    try:
        with tmp.open("xb") as out:
            hashed = _HashingWriter(out)
            thread.start()
            try:
                pyrage.encrypt_io(reader, hashed, [recipient])
            finally:
                reader.close()
                thread.join()
            if "error" in result:
                raise result["error"]
            out.flush()
            os.fsync(out.fileno())
        check = hashlib.sha256()
        with tmp.open("rb") as back:
            for chunk in iter(lambda: back.read(CHUNK), b""):
                check.update(chunk)
        if check.hexdigest() != hashed.hash.hexdigest() or tmp.stat().st_size != hashed.size:
            raise OSError(5, "the package read back differs from what was written", str(tmp))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return {"manifest": json.loads(result["manifest"]), "size": hashed.size, "sha256": hashed.hash.hexdigest()}


# -- reading -----------------------------------------------------------------------------


class _CappedWriter:
    def __init__(self, out: BinaryIO, cap: int) -> None:
        self.out, self.cap, self.size = out, cap, 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise PackageRefused(N_("The package is larger than the allowed {limit} bytes."), limit=self.cap)
        return self.out.write(data)


def refuse(message: str, **params: Any) -> PackageRefused:
    return PackageRefused(message, **params)


class StagedPackage:
    """A decrypted, checked package in a staging folder; removed by ``close``."""

    def __init__(self, staging: Path, archive: zipfile.ZipFile, manifest: dict[str, Any],
                 manifest_bytes: bytes, signature: bytes, limits: Limits) -> None:
        self.staging, self.zip, self.manifest = staging, archive, manifest
        self.manifest_bytes, self.signature, self.limits = manifest_bytes, signature, limits

    def close(self) -> None:
        self.zip.close()
        shutil.rmtree(self.staging, ignore_errors=True)
        _ACTIVE.discard(self.staging)

    def __enter__(self) -> StagedPackage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def check_signature(self, signing_key: str) -> bool:
        return verify(signing_key, self.signature, self.manifest_bytes)

    def _stream(self, name: str) -> Iterator[bytes]:
        """The member's bytes, never more than the manifest says (the header may lie)."""
        expected = self.manifest["members"][name]["size"]
        read = 0
        with self.zip.open(name) as src:
            while True:
                chunk = src.read(min(CHUNK, expected - read + 1))
                if not chunk:
                    break
                read += len(chunk)
                if read > expected:
                    raise refuse(N_("Member {name} is larger than its manifest says."), name=name)
                yield chunk

    def verify_members(self, skip: tuple[str, ...] = ()) -> None:
        """Every member present in the manifest and the ZIP alike, with its hash and size
        (but those in ``skip``, which the caller checks as it reads them: see
        ``read_changes``)."""
        listed = set(self.manifest["members"])
        present = {i.filename for i in self.zip.infolist()} - {"manifest.json", "manifest.sig"}
        if listed != present:
            missing, extra = sorted(listed - present), sorted(present - listed)
            raise refuse(N_("The package members do not match its manifest (missing: {missing}; "
                            "not listed: {extra})."), missing=", ".join(missing) or "-",
                         extra=", ".join(extra) or "-")
        for name in sorted(listed - set(skip)):
            digest, size = hashlib.sha256(), 0
            try:
                for chunk in self._stream(name):
                    digest.update(chunk)
                    size += len(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
                raise refuse(N_("Member {name} is damaged ({reason})."), name=name, reason=str(error)) from None
            self._check_member(name, size, digest.hexdigest())

    def _check_member(self, name: str, size: int, sha256: str) -> None:
        entry = self.manifest["members"][name]
        if size != entry.get("size") or sha256 != entry.get("sha256"):
            raise refuse(N_("Member {name} does not match its manifest: the package was changed "
                            "or damaged."), name=name)
        if name.startswith("attachments/") and sha256 != name.split("/", 1)[1]:
            raise refuse(N_("Attachment {name} does not match its content hash."), name=name)

    def read_changes(self, received: Callable[[int], bool] | None = None) -> list[Any]:
        """Every change of changes.jsonl, decoded, in one pass that also checks the member
        against the manifest (hash and size), as ``verify_members`` would: a member that
        does not match is refused as such even when it does not decode either. Raises
        ValueError (or UnicodeDecodeError) for a genuine member that is not JSON lines.

        A line that starts with the seq of a change ``received`` says was applied already
        (the same changes sent again, as every export repeats what the other side has not
        acknowledged) is not decoded: it comes as ``{"seq": n}``, which the merge skips as
        it would skip the whole change."""
        name = "changes.jsonl"
        cap, rest = self.limits.max_line, b""
        decode = _line_decoder(received)
        digest, size = hashlib.sha256(), 0
        changes: list[Any] = []
        problem: Exception | None = None
        try:
            for chunk in self._stream(name):
                digest.update(chunk)
                size += len(chunk)
                if problem is not None:
                    continue
                data = rest + chunk if rest else chunk
                end = data.rfind(b"\n")
                rest = data[end + 1:]
                if len(rest) > cap:
                    raise refuse(N_("A change in the package is longer than {limit} bytes."), limit=cap)
                if end >= 0:
                    try:
                        changes.extend(decode(line) for line in data[:end].decode("utf-8").split("\n")
                                       if line.strip())
                    except ValueError as error:               # UnicodeDecodeError is one too
                        problem = error
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise refuse(N_("Member {name} is damaged ({reason})."), name=name, reason=str(error)) from None
        self._check_member(name, size, digest.hexdigest())
        if problem is not None:
            raise problem
        if rest.strip():
            changes.append(decode(rest.decode("utf-8")))
        return changes

    def read_json(self, name: str) -> Any:
        if name not in self.manifest["members"]:
            return None
        data = b"".join(self._stream(name))
        return json.loads(data.decode("utf-8"))

    def copy_attachment(self, sha: str, target: Path) -> None:
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in self._stream(f"attachments/{sha}"):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise


_SEQ_PREFIX = '{"seq":'


def _line_decoder(received: Callable[[int], bool] | None) -> Callable[[str], Any]:
    loads = json.loads
    if received is None:
        return loads

    def decode(line: str) -> Any:
        if line.startswith(_SEQ_PREFIX):
            comma = line.find(",", 7, 40)
            digits = line[7:comma] if comma > 7 else ""
            if (digits.isascii() and digits.isdigit() and (digits[0] != "0" or digits == "0")   # a JSON number
                    and received(int(digits))):
                return {"seq": int(digits)}
        return loads(line)

    return decode


def open_package(path: Path, identity: pyrage.x25519.Identity, staging_parent: Path,
                 limits: Limits = Limits()) -> StagedPackage:
    """Decrypt ``path`` into a fresh staging folder under ``staging_parent`` and check the
    ZIP's structure and manifest; the signature and hashes are checked by the caller."""
    path = Path(path)
    try:
        if path.stat().st_size > limits.max_package + (1 << 20):
            raise refuse(N_("The package is larger than the allowed {limit} bytes."), limit=limits.max_package)
    except FileNotFoundError:
        raise refuse(N_("There is no file {file}."), file=str(path)) from None
    staging_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=staging_parent))
    archive = None
    _ACTIVE.add(staging)
    try:
        plain = staging / "package.zip"
        with path.open("rb") as src, plain.open("xb") as out:
            try:
                pyrage.decrypt_io(src, _CappedWriter(out, limits.max_package), [identity])
            except PackageRefused:
                raise
            except Exception as error:  # pyrage raises OSError/DecryptError on bad input
                raise refuse(N_("The package cannot be opened: it is damaged, truncated, or not "
                                "addressed to this installation ({reason})."), reason=str(error)) from None
        try:
            archive = zipfile.ZipFile(plain)
        except (zipfile.BadZipFile, OSError) as error:
            raise refuse(N_("The package is not a valid archive ({reason})."), reason=str(error)) from None
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise refuse(N_("The package has too many members ({count})."), count=len(infos))
        seen: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            if _bad_name(name):
                raise refuse(N_("The package contains a forbidden file name: {name}"), name=name)
            if name in seen:
                raise refuse(N_("The package contains the name {name} twice."), name=name)
            seen.add(name)
            if not _allowed(name):
                raise refuse(N_("The package contains an unknown member: {name}"), name=name)
            if info.flag_bits & 0x1:
                raise refuse(N_("The package contains an encrypted member: {name}"), name=name)
            cap = limits.max_json if _is_json(name) else limits.max_member
            if info.file_size > cap:
                raise refuse(N_("Member {name} is too large ({size} bytes)."), name=name, size=info.file_size)
            if info.file_size > (1 << 20) and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise refuse(N_("Member {name} expands suspiciously (a zip bomb?)."), name=name)
            total += info.file_size
        if total > limits.max_package:
            raise refuse(N_("The package is larger than the allowed {limit} bytes."), limit=limits.max_package)
        for required in ("manifest.json", "manifest.sig", "changes.jsonl"):
            if required not in seen:
                raise refuse(N_("The package has no {name}."), name=required)
        try:
            manifest_bytes = _read_capped(archive, "manifest.json", limits.max_json)
            signature = _read_capped(archive, "manifest.sig", 1024)
            manifest = json.loads(manifest_bytes.decode("utf-8"))
            _check_manifest_shape(manifest)
        except PackageRefused:
            raise
        except (ValueError, KeyError, TypeError, zipfile.BadZipFile, OSError) as error:
            raise refuse(N_("The package manifest is unreadable ({reason})."), reason=str(error)) from None
        return StagedPackage(staging, archive, manifest, manifest_bytes, signature, limits)
    except BaseException:
        if archive is not None:
            archive.close()
        shutil.rmtree(staging, ignore_errors=True)
        _ACTIVE.discard(staging)
        raise


def _read_capped(archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    with archive.open(name) as src:
        data = src.read(cap + 1)
    if len(data) > cap:
        raise refuse(N_("Member {name} is too large ({size} bytes)."), name=name, size=len(data))
    return data


def _check_manifest_shape(manifest: Any) -> None:
    if isinstance(manifest, dict) and str(manifest.get("format")).startswith("govlab-sync/") \
            and manifest.get("format") not in READABLE_FORMATS:
        raise refuse(N_("The package was written by a newer version of GovLab Desk (format {format}). "
                        "Update this installation, then import it again."), format=str(manifest.get("format")))
    if not isinstance(manifest, dict) or manifest.get("format") not in READABLE_FORMATS:
        raise refuse(N_("This is not a GovLab Desk sync package (format {format})."),
                     format=str(manifest.get("format") if isinstance(manifest, dict) else "?"))
    for key in ("package_id", "sender", "recipient"):
        uuid.UUID(str(manifest[key]))
    for key in ("seq_from", "seq_to"):
        if not isinstance(manifest[key], int):
            raise ValueError(key)
    if not isinstance(manifest["schema"], str) or not isinstance(manifest["created"], str):
        raise ValueError("schema")
    members = manifest["members"]
    if not isinstance(members, dict):
        raise ValueError("members")
    for name, entry in members.items():
        if _bad_name(name) or not _allowed(name) or name in ("manifest.json", "manifest.sig"):
            raise refuse(N_("The package contains a forbidden file name: {name}"), name=name)
        if not isinstance(entry.get("size"), int) or not isinstance(entry.get("sha256"), str):
            raise ValueError(name)


# -- leftovers -----------------------------------------------------------------------------


def _process_alive(pid: int) -> bool | None:
    """Whether process ``pid`` runs; None where this cannot be asked safely (Windows,
    where os.kill(pid, 0) would terminate it)."""
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_staging(parent: Path, stale_after: float = STALE_STAGING_SECONDS) -> list[Path]:
    """Remove staging folders an import left behind when it was killed (power cut, task
    manager). A folder is left alone while the process that made it may still run: its
    pid is in the name; where that cannot be checked, only folders older than
    ``stale_after`` seconds go."""
    import time

    removed: list[Path] = []
    try:
        candidates = list(Path(parent).glob(f"{STAGING_PREFIX}*"))
    except OSError:
        return removed
    for folder in candidates:
        try:
            if folder.is_symlink() or not folder.is_dir():
                continue
            age = time.time() - folder.stat().st_mtime
        except OSError:
            continue
        pid_text = folder.name[len(STAGING_PREFIX):].partition("-")[0]
        alive = None
        if pid_text.isdigit():
            pid = int(pid_text)
            alive = (folder in _ACTIVE) if pid == os.getpid() else _process_alive(pid)
        if alive or (alive is None and age < stale_after):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


_ACTIVE: set[Path] = set()        # staging folders of imports running in this process
