"""The removable drives (USB sticks) a data package can be written to.

Windows: mounted volumes whose drive type is DRIVE_REMOVABLE. Linux: volumes mounted
under /media or /run/media whose block device says it is removable in
/sys/block/<disk>/removable. Anything else (macOS, a stick the system does not call
removable) is reached through "Choose a folder…" in the export dialog.

Nothing here ejects a drive: the user removes the stick once the dialog says it is safe.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DRIVE_REMOVABLE = 2          # GetDriveTypeW
LINUX_MEDIA_ROOTS = ("/media/", "/run/media/")


@dataclass(frozen=True)
class Volume:
    """A mounted volume as the system reports it."""

    root: str                  # mount point: "E:/" or "/media/user/STICK"
    device: str = ""           # "/dev/sdb1" on Linux; "\\\\?\\Volume{…}\\" on Windows
    label: str = ""
    free: int | None = None    # bytes available, when known


@dataclass(frozen=True)
class Drive:
    """A place a package can be written to, as shown to the user."""

    root: Path
    label: str
    free: int | None = None


def mounted_volumes() -> list[Volume]:
    """The system's mounted volumes, through QStorageInfo."""
    from PySide6.QtCore import QStorageInfo

    out = []
    for info in QStorageInfo.mountedVolumes():
        if not info.isValid() or not info.isReady():
            continue
        device = bytes(info.device().data()).decode("utf-8", "replace")
        out.append(Volume(info.rootPath(), device, info.displayName() or info.name(),
                          int(info.bytesAvailable())))
    return out


def _label(volume: Volume) -> str:
    return volume.label or Path(volume.root).name or volume.root


def _disk_of(device: str, sys_root: Path) -> Path | None:
    """/dev/sdb1 -> <sys>/block/sdb (the whole disk a partition belongs to)."""
    if not device.startswith("/dev/"):
        return None
    name = device[len("/dev/"):]
    block = sys_root / "block"
    if (block / name).is_dir():
        return block / name                   # a whole disk without partitions
    try:
        disks = sorted(block.iterdir())
    except OSError:
        return None
    for disk in disks:
        if (disk / name).is_dir():            # <sys>/block/sdb/sdb1
            return disk
    return None


def linux_removable(volumes: Iterable[Volume], sys_root: Path = Path("/sys")) -> list[Drive]:
    drives = []
    for volume in volumes:
        root = volume.root.rstrip("/") + "/"
        if not root.startswith(LINUX_MEDIA_ROOTS):
            continue
        disk = _disk_of(volume.device, sys_root)
        if disk is None:
            continue
        try:
            removable = (disk / "removable").read_text().strip() == "1"
        except OSError:
            removable = False
        if removable:
            drives.append(Drive(Path(volume.root), _label(volume), volume.free))
    return drives


def windows_removable(volumes: Iterable[Volume], drive_type=None) -> list[Drive]:
    if drive_type is None:
        import ctypes

        drive_type = ctypes.windll.kernel32.GetDriveTypeW   # type: ignore[attr-defined]
    drives = []
    for volume in volumes:
        root = volume.root.replace("/", "\\")
        if not root.endswith("\\"):
            root += "\\"
        if drive_type(root) == DRIVE_REMOVABLE:
            drives.append(Drive(Path(volume.root), f"{_label(volume)} ({root.rstrip(chr(92))})", volume.free))
    return drives


def removable_drives(volumes: Iterable[Volume] | None = None, platform: str | None = None,
                     sys_root: Path = Path("/sys")) -> list[Drive]:
    """The removable drives mounted now; [] where they cannot be told apart."""
    platform = platform or sys.platform
    try:
        found = list(volumes) if volumes is not None else mounted_volumes()
        if platform.startswith("win"):
            return windows_removable(found)
        if platform.startswith("linux"):
            return linux_removable(found, sys_root)
    except OSError:
        return []
    return []
