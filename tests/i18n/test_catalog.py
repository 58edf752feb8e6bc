"""Message catalogs: complete Thai, placeholders intact, language chosen at call time."""

from __future__ import annotations

import gettext
import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from desktop.core import enums
from desktop.core.errors import NotFound, UserError, ValidationFailed
from desktop.core.ids import parse_id
from desktop.core.validation import clean_national_id, require_text
from desktop.i18n import (
    Translator,
    _,
    _n,
    available_languages,
    current_language,
    language_from_env,
    language_name,
    set_language,
    translate_error,
    translate_label,
    translate_problem,
    translator,
)
from desktop.i18n import build
from desktop.i18n.catalog import load_translations

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _restore_language():
    before = current_language()
    yield
    set_language(before)


@pytest.fixture(scope="module")
def source_messages() -> Catalog:
    """The messages marked in desktop/ right now, extracted afresh with Babel."""
    return build.extract_catalog(ROOT)


def _msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _translator_for(language: str, entries: dict) -> Translator:
    catalog = Catalog(locale=language)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translator(language, gettext.GNUTranslations(buffer))


# ------------------------------------------------------------- the catalogs themselves

def test_every_source_message_has_a_thai_translation_with_the_same_placeholders(source_messages):
    thai = {(_msgid(m), m.context): m for m in build.read_catalog(build.po_file("th"), "th") if m.id}
    wrong = []
    for source in source_messages:
        if not source.id:
            continue
        entry = thai.get((_msgid(source), source.context))
        if entry is None:
            wrong.append(f"not in th/messages.po: {_msgid(source)!r}")
            continue
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        if entry.fuzzy or not all(s.strip() for s in strings):
            wrong.append(f"untranslated or fuzzy: {_msgid(source)!r}")
            continue
        wanted = build.placeholders(source.id if isinstance(source.id, str) else source.id[-1])
        for translated in strings:
            if build.placeholders(translated) != wanted:
                wrong.append(f"placeholders differ: {_msgid(source)!r} -> {translated!r}")
    assert not wrong, (
        "Thai catalog incomplete; run `python -m desktop.i18n.build update check` and translate "
        "i18n/th/LC_MESSAGES/messages.po:\n  " + "\n  ".join(wrong)
    )


def test_the_catalog_checks_pass_for_both_languages(source_messages):
    for language in available_languages():
        catalog = build.read_catalog(build.po_file(language), language)
        assert build.translation_problems(source_messages, catalog, language,
                                          require_all=language == "th") == []


def test_messages_pot_is_up_to_date_with_the_source(source_messages):
    assert build.template_problems(source_messages) == [], "run `python -m desktop.i18n.build update`"


def test_source_messages_use_named_placeholders(source_messages):
    assert build.source_problems(source_messages) == []


def test_the_extraction_sees_core_enum_labels_and_validation_messages(source_messages):
    ids = {_msgid(m) for m in source_messages}
    assert "Headquarters" in ids
    assert "A national ID has 13 digits; this one has {count}." in ids
    assert "'{text}': a two-digit year is ambiguous. Write the whole Buddhist-Era year, such as 2566." in ids


def test_every_enum_label_reads_thai():
    thai = translator("th")
    for enum_class in vars(enums).values():
        if isinstance(enum_class, type) and issubclass(enum_class, enums.LabelledEnum) \
                and enum_class is not enums.LabelledEnum:
            for member in enum_class:
                translated = thai.gettext(member.label)
                assert translated != member.label and any("\u0e00" <= c <= "\u0e7f" for c in translated), member


def test_check_command_passes_on_the_repository(capsys):
    assert build.main(["check"]) == 0
    assert "catalogs OK" in capsys.readouterr().out


# ------------------------------------------------------------------- build workflow

def _tree(tmp_path: Path, source: str) -> Path:
    (tmp_path / "desktop").mkdir(exist_ok=True)
    (tmp_path / "desktop" / "module.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return tmp_path


def test_extraction_uses_the_project_keywords(tmp_path):
    root = _tree(tmp_path, """
        from desktop.core.text import N_
        # TRANSLATORS: a greeting on the start page
        A = _("Hello {name}")
        B = N_("Marked")
        C = _n("{n} file", "{n} files", 3)
        D = _(some_variable)
        E = gettext("not a project keyword")
        F = _(f"formatted {A}")
    """)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.py").write_text('_("outside desktop")', encoding="utf-8")
    catalog = build.extract_catalog(root)
    ids = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}
    assert ids == {"Hello {name}", "Marked", ("{n} file", "{n} files")}
    assert catalog.get("Hello {name}").auto_comments == ["a greeting on the start page"]


def test_update_keeps_translations_adds_new_messages_and_is_idempotent(tmp_path):
    root = _tree(tmp_path, 'A = _("Hello {name}")\n')
    i18n = tmp_path / "i18n"
    build.update(root, i18n)
    th = build.read_catalog(build.po_file("th", i18n), "th")
    th.get("Hello {name}").string = "สวัสดี {name}"
    build._write_if_changed(build.po_file("th", i18n), th)

    _tree(tmp_path, 'A = _("Hello {name}")\nB = _("New message")\n')
    written = build.update(root, i18n)
    assert {p.name for p in written} == {"messages.pot", "messages.po"}
    th = build.read_catalog(build.po_file("th", i18n), "th")
    assert th.get("Hello {name}").string == "สวัสดี {name}"
    assert th.get("New message").string == ""
    assert build.update(root, i18n) == []          # nothing changed: nothing rewritten

    problems = build.find_problems(root, i18n)
    assert problems == ["th: untranslated: 'New message' (desktop/module.py)"]


def test_check_reports_fuzzy_missing_stale_and_placeholder_errors(tmp_path):
    root = _tree(tmp_path, 'A = _("Saved {count} records.")\nB = _("Kept")\nC = _("Gone soon")\n')
    i18n = tmp_path / "i18n"
    build.update(root, i18n)
    th = build.read_catalog(build.po_file("th", i18n), "th")
    th.get("Saved {count} records.").string = "บันทึก {จำนวน} รายการแล้ว"
    th.get("Kept").string = "เก็บไว้"
    th.get("Kept").flags.add("fuzzy")
    th.get("Gone soon").string = "ไม่นาน"
    build._write_if_changed(build.po_file("th", i18n), th)
    _tree(tmp_path, 'A = _("Saved {count} records.")\nB = _("Kept")\nD = _("Brand new")\n')

    problems = "\n".join(build.find_problems(root, i18n))
    assert "messages.pot: new in the source (run update): 'Brand new'" in problems
    assert "messages.pot: gone from the source (run update): 'Gone soon'" in problems
    assert "th: placeholders differ in 'Saved {count} records.'" in problems
    assert "th: fuzzy, needs review: 'Kept'" in problems
    assert "th: missing (run update): 'Brand new'" in problems
    assert "th: no longer in the source (run update): 'Gone soon'" in problems


def test_check_flags_positional_placeholders(tmp_path):
    root = _tree(tmp_path, 'A = _("Saved {} records.")\nB = _("Bad {brace")\n')
    problems = build.source_problems(build.extract_catalog(root))
    assert len(problems) == 2


def test_placeholders_parse_names_only():
    assert build.placeholders("{a} {b:,} {c!r} {d.e} {{literal}}") == {"a", "b", "c", "d"}
    with pytest.raises(ValueError):
        build.placeholders("{unclosed")


# ------------------------------------------------------------------- loading catalogs

def test_compiled_catalog_is_used_and_po_is_the_fallback(tmp_path):
    compiled = tmp_path / "locale"
    written = build.compile_catalogs(compiled_dir=compiled)
    assert {p.relative_to(compiled).as_posix() for p in written} == {
        "th/LC_MESSAGES/messages.mo", "en/LC_MESSAGES/messages.mo"}
    from_mo = load_translations("th", compiled_dir=compiled, source_dir=tmp_path / "no-sources")
    assert isinstance(from_mo, gettext.GNUTranslations)
    assert from_mo.gettext("Office") == "สำนักงาน"

    from_po = load_translations("th", compiled_dir=tmp_path / "not-compiled")
    assert from_po.gettext("Office") == "สำนักงาน"

    nothing = load_translations("th", compiled_dir=tmp_path / "x", source_dir=tmp_path / "y")
    assert nothing.gettext("Office") == "Office"


def test_a_po_newer_than_its_mo_wins(tmp_path):
    sources = tmp_path / "i18n"
    shutil.copytree(build.SOURCE_DIR / "th", sources / "th")
    compiled = tmp_path / "locale"
    build.compile_catalogs(sources, compiled, languages=["th"])
    po = build.po_file("th", sources)
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "สำนักงาน"', 'msgstr "สำนักงานใหม่"'),
                  encoding="utf-8")
    mo = build.mo_file("th", compiled)
    os.utime(mo, (mo.stat().st_mtime - 100, mo.stat().st_mtime - 100))
    assert load_translations("th", compiled, sources).gettext("Office") == "สำนักงานใหม่"


def test_fuzzy_and_empty_translations_are_not_shown(tmp_path):
    po = tmp_path / "th" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(textwrap.dedent('''\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=utf-8\\n"
        "Plural-Forms: nplurals=1; plural=0;\\n"

        #, fuzzy
        msgid "Guess"
        msgstr "เดา"

        msgid "Empty"
        msgstr ""

        msgid "Sure"
        msgstr "แน่นอน"
    '''), encoding="utf-8")
    t = load_translations("th", compiled_dir=tmp_path / "none", source_dir=tmp_path)
    assert [t.gettext(m) for m in ("Guess", "Empty", "Sure")] == ["Guess", "Empty", "แน่นอน"]


# --------------------------------------------------------------------- the public API

def test_languages():
    assert available_languages() == ("th", "en")
    assert current_language() == "th"              # the default (tests/conftest.py sets it too)
    assert language_name("th") == "ไทย" and language_name("en") == "English"


def test_set_language_normalises_and_rejects_unknown_codes():
    assert set_language("en_US.UTF-8") == "en" and current_language() == "en"
    assert set_language("th-TH") == "th" and current_language() == "th"
    with pytest.raises(ValueError):
        set_language("fr")
    assert current_language() == "th"


def test_switching_language_changes_messages_at_call_time():
    def office_label() -> str:       # what a widget's retranslate method would do
        return _(enums.Role.OFFICE.label)

    set_language("th")
    assert office_label() == "สำนักงาน"
    set_language("en")
    assert office_label() == "Office"
    set_language("th")
    assert office_label() == "สำนักงาน"
    assert translate_label(enums.AgencyKind.LOCAL_GOVERNMENT) == "องค์กรปกครองส่วนท้องถิ่น"


def test_params_are_formatted_into_the_translation():
    set_language("th")
    assert _("Error: {message}", message="ดิสก์เต็ม") == "ข้อผิดพลาด: ดิสก์เต็ม"
    assert _("{shown} of {total} records", shown=20, total=1500) == "20 จาก 1500 รายการ"
    assert _("{shown} of {total} records") == "{shown} จาก {total} รายการ"   # no params: no formatting
    set_language("en")
    assert _("Error: {message}", message="disk full") == "Error: disk full"
    assert _("A message nobody translated, {who}", who="yet") == "A message nobody translated, yet"
    assert _("") == ""


def test_a_translator_of_its_own_language_ignores_the_interface_language():
    set_language("en")
    assert translator("th").gettext("Cohort") == "รุ่น"
    assert translator("en").gettext("Cohort") == "Cohort"
    with pytest.raises(ValueError):
        translator("de")


def test_plural_forms():
    thai = _translator_for("th", {("{n} participant", "{n} participants"): ("ผู้เข้าร่วม {n} คน",)})
    assert thai.ngettext("{n} participant", "{n} participants", 1) == "ผู้เข้าร่วม 1 คน"
    assert thai.ngettext("{n} participant", "{n} participants", 12) == "ผู้เข้าร่วม 12 คน"
    set_language("en")
    assert _n("{n} participant", "{n} participants", 1) == "1 participant"
    assert _n("{n} participant", "{n} participants", 3) == "3 participants"
    assert _n("One file in {folder}", "{n} files in {folder}", 2, folder="x") == "2 files in x"


def test_a_broken_translation_falls_back_to_the_source_text():
    t = _translator_for("th", {"Hello {name}": "สวัสดี {nme}"})
    assert t.gettext("Hello {name}", name="สมชาย") == "Hello สมชาย"


def test_translate_error():
    with pytest.raises(ValidationFailed) as caught:
        clean_national_id("12345")
    set_language("th")
    assert translate_error(caught.value) == "เลขประจำตัวประชาชนต้องมี 13 หลัก แต่ที่กรอกมี 5 หลัก"
    assert translate_problem(caught.value.problems[0]) == translate_error(caught.value)
    set_language("en")
    assert translate_error(caught.value) == "A national ID has 13 digits; this one has 5."

    with pytest.raises(NotFound) as not_found:
        parse_id("abc")
    set_language("th")
    assert translate_error(not_found.value) == "'abc' ไม่ใช่รหัสระเบียน (ต้องเป็น UUID เช่น 0190c5e2-...)"

    with pytest.raises(ValidationFailed) as too_long:
        require_text("x" * 20, "title", max_length=10)
    assert translate_error(too_long.value) == "ยาวเกินไป: ได้ไม่เกิน 10 ตัวอักษร"
    assert translate_error(UserError("Not translated anywhere {x}", x=1)) == "Not translated anywhere 1"


@pytest.mark.parametrize("environ, expected", [
    ({}, "th"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "th_TH.UTF-8"}, "th"),
    ({"LANG": "fr_FR.UTF-8"}, "th"),
    ({"LANG": "C.UTF-8"}, "th"),
    ({"LANGUAGE": "fr:en_GB", "LANG": "th_TH.UTF-8"}, "en"),
    ({"LANGUAGE": "th", "LC_ALL": "en_US.UTF-8"}, "th"),
    ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, "en"),
    ({"LC_MESSAGES": "en_GB", "LANG": "th_TH"}, "en"),
    ({"LANGUAGE": "", "LC_ALL": "", "LANG": "en"}, "en"),
])
def test_language_from_env(environ, expected):
    assert language_from_env(environ) == expected


def test_language_from_env_reads_os_environ(monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_AU.UTF-8")
    assert language_from_env() == "en"


def test_the_package_imports_no_gui_database_or_nlp_library():
    code = ("import sys, desktop.i18n, desktop.i18n.thai_dates, desktop.i18n.build; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'sqlalchemy', 'alembic', 'pythainlp')))")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"
