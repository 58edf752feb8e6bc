"""Start GovLab Desk from the Start menu: pythonw.exe runs this without a console window.

Installed as <install dir>\\app\\govlab-desk.pyw next to the desktop package. Without a
console, sys.stdout and sys.stderr are None and a crash at start would show nothing, so
output goes to a log file and an error before the window opens is shown in a message box.
"""

import os
import sys
import traceback


def _log_file():
    folder = os.path.join(os.environ.get("TEMP") or os.path.expanduser("~"), "GovLab Desk")
    try:
        os.makedirs(folder, exist_ok=True)
        return open(os.path.join(folder, "govlab-desk-last-run.log"), "w", encoding="utf-8", buffering=1)
    except OSError:
        return open(os.devnull, "w", encoding="utf-8")


def _message_box(text):
    try:
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, text, "GovLab Desk", 0x10)  # MB_ICONERROR
    except Exception:
        pass


def run():
    if sys.stdout is None or sys.stderr is None:
        log = _log_file()
        sys.stdout = sys.stdout or log
        sys.stderr = sys.stderr or log
    app_dir = os.path.dirname(os.path.abspath(__file__))
    if app_dir not in sys.path:
        sys.path.insert(0, app_dir)
    try:
        # Own taskbar group instead of being grouped with other Python programs.
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID("GovLab.Desk")
    except Exception:
        pass
    try:
        from desktop.__main__ import main

        return main(sys.argv[1:])
    except SystemExit:
        raise
    except BaseException:
        details = traceback.format_exc()
        print(details, file=sys.stderr)
        _message_box("GovLab Desk could not start / GovLab Desk เปิดไม่ได้\n\n" + details[-1500:])
        return 1


if __name__ == "__main__":
    sys.exit(run())
