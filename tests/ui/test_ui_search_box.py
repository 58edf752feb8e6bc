"""The search box searches for every change of its text at once; a list fed by it reads
one search at a time (see test_ui_record_table)."""

from __future__ import annotations

from desktop.ui.search_box import SearchBox


def test_every_change_searches_at_once(qtbot):
    box = SearchBox("Search")
    qtbot.addWidget(box)
    searched: list[str] = []
    box.search_changed.connect(searched.append)
    box.setText("ส")
    box.setText("สม")
    assert searched == ["ส", "สม"], "no pause waited for"
    box.flush()   # Enter: the same text again
    assert searched == ["ส", "สม", "สม"]
