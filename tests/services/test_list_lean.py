"""Lists read ids first and, asked for ``lean`` rows, just the columns a list shows: the same
rows, order and totals as whole records."""

from __future__ import annotations

import pytest
from sqlalchemy import text



def _opdc(services):
    return services.agencies.list(search="ก.พ.ร.").rows[0]


def _valid_id(first12: str = "110170023070") -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


@pytest.fixture
def people(services):
    agency = _opdc(services)["id"]
    made = []
    for i, (first, last) in enumerate([("สมชาย", "ใจดี"), ("สมชาย", "ใจดี"), ("สมหญิง", "รักไทย"), ("กมล", "ศรี"),
                                       ("ประเสริฐ", "มั่นคง"), ("วิไลวรรณ", "สุขใจ"), ("ขวัญ", None)] * 3):
        made.append(services.persons.create({
            "first_name_th": first, "last_name_th": last, "prefix_id": None, "position": f"นักวิเคราะห์ {i}",
            "agency_id": agency if i % 2 else None, "phone": "0812345678" if i % 3 else None,
            "first_name_en": "Somchai" if first == "สมชาย" else None,
            **({"national_id": _valid_id()} if i == 4 else {})}))
    services.persons.delete(made[0]["id"])
    return made


@pytest.mark.parametrize("query", [
    {}, {"search": "สม"}, {"search": "สมชาย"}, {"search": "ใจดี"}, {"search": "ไม่มีใคร"},
    {"offset": 5}, {"offset": 40}, {"deleted": True}, {"descending": True},
])
def test_lean_rows_are_the_full_rows_cut_to_the_list(services, people, query):
    for limit in (4, 200):
        full = services.persons.list(limit=limit, **query)
        lean = services.persons.list(limit=limit, lean=True, **query)
        assert lean.total == full.total
        assert [r["id"] for r in lean.rows] == [r["id"] for r in full.rows]
        for whole, cut in zip(full.rows, lean.rows):
            assert {k: whole[k] for k in cut} == cut
            assert {"id", "full_name_th", "full_name_en", "agency_name", "position", "phone",
                    "national_id_masked", "record_kind", "deleted"} <= set(cut)
            assert "national_id_tail" not in cut and "national_id_sealed" not in cut


def test_pages_put_together_are_the_whole_list(services, people):
    whole = [r["id"] for r in services.persons.list(limit=None).rows]
    paged = []
    for offset in range(0, len(whole) + 4, 4):
        page = services.persons.list(limit=4, offset=offset, lean=True, count=False)
        assert page.total is None
        paged += [r["id"] for r in page.rows]
    assert paged == whole


def test_totals_leave_the_trash_out_and_count_a_search_exactly(services, people):
    live = len(people) - 1
    assert services.persons.count() == live
    assert services.persons.list(limit=1).total == live
    assert services.persons.list(limit=1, lean=True).total == live
    assert services.persons.list(limit=1, deleted=True).total == 1
    assert services.persons.list(search="สมชาย", limit=1, lean=True).total == 5   # one of six in the trash
    assert services.persons.list(search="สมชาย", limit=0).total == 5
    assert services.persons.list(search="สมชาย", limit=2, offset=10).total == 5   # past the end


def test_the_list_order_is_read_from_the_index_alone(services):
    with services.db.read() as s:
        plan = " ".join(str(r[-1]) for r in s.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM person WHERE deleted_at IS NULL "
            "ORDER BY sort_name, id LIMIT 100 OFFSET 500")))
    assert "COVERING INDEX ix_person_live_sort" in plan and "TEMP B-TREE" not in plan


def test_a_kind_without_a_list_view_hands_out_whole_rows(services):
    lean = services.agencies.list(limit=3, lean=True).rows
    assert lean == services.agencies.list(limit=3).rows
