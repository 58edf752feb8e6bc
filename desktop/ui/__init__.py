"""The Qt desktop interface (PySide6). Nothing outside this package and desktop/app.py
imports Qt; screens talk to ``desktop.services`` and receive plain dicts."""
