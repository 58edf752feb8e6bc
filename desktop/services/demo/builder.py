"""``Builder``: creates records through the record services in one session, counting them
by kind, with ids in creation order; and the people and attendance marks the fixed records
of the source texts share."""

from __future__ import annotations

import random
import uuid
from typing import Any

from desktop.services.demo.anchors import Anchors
from desktop.services.demo.marks import ATTENDANCE_NOTES
from desktop.services.demo.people import agency_domain, random_name, random_phone
from desktop.services.demo.refs import Ids, Refs


class Builder:
    """Creates records through the record services, in the session it is given."""

    def __init__(self, services: Any, session: Any, refs: Refs, ids: Ids, counts: dict[str, int]) -> None:
        self.services, self.s, self.refs, self.ids, self.counts = services, session, refs, ids, counts
        self.rng = random.Random(25660519)  # the fixed participants never change
        self.anchors = Anchors()
        self.objects: dict[uuid.UUID, Any] = {}

    def add(self, service: Any, values: dict[str, Any]) -> uuid.UUID:
        obj = service.create_in(self.s, {k: v for k, v in values.items() if v is not None},
                                record_id=self.ids())
        self.s.flush()
        self.counts[service.kind] = self.counts.get(service.kind, 0) + 1
        self.objects[obj.id] = obj
        return obj.id

    def person(self, prefix: str, first: str, last: str, position: str | None, agency: str | None,
               **extra: Any) -> uuid.UUID:
        chosen = self.refs.prefix(prefix)
        values = {"prefix_id": chosen.id, "prefix_th": chosen.th, "prefix_en": chosen.en, "first_name_th": first,
                  "last_name_th": last, "position": position,
                  "agency_id": self.refs.agency_id(agency) if agency else None}
        values.update(extra)
        return self.add(self.services.persons, values)

    def generated_person(self, agency: str, rank: str | None, gender: str | None, position: str,
                         level: str | None) -> uuid.UUID:
        rng = self.rng
        gender = gender or ("m" if rng.random() < 0.5 else "f")
        first, last, first_en, last_en = random_name(rng, gender)
        prefix = self.refs.prefix(rank, required=False) if rank else None
        if prefix is None:
            prefix = self.refs.prefix("นาย" if gender == "m" else rng.choice(("นาง", "นางสาว")))
        agency_row = self.refs.agency(agency)
        return self.add(self.services.persons, {
            "prefix_id": prefix.id, "prefix_th": prefix.th, "prefix_en": prefix.en,
            "first_name_th": first, "last_name_th": last,
            "first_name_en": first_en.capitalize(), "last_name_en": last_en.capitalize(),
            "position": position, "level": level, "agency_id": agency_row["id"],
            "phone": random_phone(rng), "email": f"{first_en}.{last_en[0]}@{agency_domain(agency_row)}",
        })

    def attend(self, session: uuid.UUID, person: uuid.UUID, status: str) -> None:
        self.add(self.services.attendance, {
            "session_id": session, "person_id": person, "status": status,
            "recorded_by": "online_log" if status == "online" else "sign_in_sheet",
            "note": ATTENDANCE_NOTES.get(status),
        })
