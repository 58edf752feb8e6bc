from desktop.core.ids import new_id, reference_id


def test_new_ids_are_version_7_unique_and_time_ordered():
    ids = [new_id() for _ in range(2000)]
    assert len(set(ids)) == 2000
    assert all(i.version == 7 for i in ids)
    assert [i.bytes[:6] for i in ids] == sorted(i.bytes[:6] for i in ids)


def test_reference_ids_are_the_same_everywhere():
    assert reference_id("agency", "opdc") == reference_id("agency", "opdc")
    assert reference_id("agency", "opdc") != reference_id("prefix", "opdc")
