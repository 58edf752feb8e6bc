"""Settings: the font of official papers is chosen from a .ttf file, refused with the
reason when it cannot print papers, and set back to the bundled Sarabun."""

from __future__ import annotations



from desktop.services.access import Actor
from desktop.ui.context import UiContext
from desktop.ui.screens.settings import SettingsScreen

def _box(services, qtbot):
    screen = SettingsScreen(UiContext(services))
    qtbot.addWidget(screen)
    screen.show()
    return screen, screen.paper_font_box


def _wait(box, qtbot) -> None:
    qtbot.waitUntil(lambda: box.choose_button.isEnabled(), timeout=20000)


def test_a_family_is_chosen_refused_and_set_back(services, qtbot, laksaman, latin_only):
    screen, box = _box(services, qtbot)
    assert box.title() == "แบบอักษรของหนังสือราชการ"
    assert "Sarabun" in box.family.text() and not box.bundled_button.isEnabled()

    box.use_file(laksaman["regular"])
    _wait(box, qtbot)
    assert box.message.property("role") == "ok" and "Laksaman" in box.message.text()
    assert "Laksaman" in box.family.text() and box.bundled_button.isEnabled()
    assert (services.paths.paper_fonts / "paper-font.json").exists()

    latin = latin_only
    box.use_file(latin)
    _wait(box, qtbot)
    assert box.message.property("role") == "error" and latin.name in box.message.text()
    assert "Laksaman" in box.family.text()          # the refused file changed nothing

    box.bundled_button.click()
    _wait(box, qtbot)
    assert box.message.property("role") == "ok" and "Sarabun" in box.family.text()
    assert not services.paths.paper_fonts.exists() and not box.bundled_button.isEnabled()


def test_a_viewer_sees_the_font_but_cannot_change_it(services, qtbot):
    screen = SettingsScreen(UiContext(services.as_user(Actor("viewer1", "viewer"))))
    qtbot.addWidget(screen)
    box = screen.paper_font_box
    assert "Sarabun" in box.family.text()
    assert not box.choose_button.isEnabled() and not box.bundled_button.isEnabled()
