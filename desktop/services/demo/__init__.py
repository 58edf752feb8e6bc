"""Realistic demo data: the records of the two source texts, and as many generated Thai
civil servants as asked for.

The fixed records (people, courses and cohorts, activities, projects of the 2017 MOU and
the 2023 ป.ย.ป. workshop) go through the record services and their validation, in one
transaction; a second run finds them and leaves them alone. Generated people go in
through the bulk path in batches, fast enough for 100,000 of them, and are the same for
the same seed: names, positions, agencies, enrollments and attendance all come from one
``random.Random(seed)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.text import N_
from desktop.services.demo.anchors import find_anchors
from desktop.services.demo.fixed import FixedRecords
from desktop.services.demo.generate import BATCH, DEMO_USER, Progress, generate
from desktop.services.demo.people import PeopleGenerator, national_id
from desktop.services.demo.refs import DemoDataError, Ids, load_refs
from desktop.services.demo.texts import MOU_2017_TITLE, WORKSHOP_2023_TITLE
from desktop.services.demo.vocabulary import FEMALE_NAMES, MALE_NAMES

if TYPE_CHECKING:
    from desktop.services.app_services import Services

__all__ = [
    "BATCH", "DEMO_USER", "FEMALE_NAMES", "MALE_NAMES", "MOU_2017_TITLE", "WORKSHOP_2023_TITLE",
    "DemoDataError", "PeopleGenerator", "Progress", "load_demo", "national_id",
]


def load_demo(services: Services, persons: int = 0, seed: int = 2566,
              progress: Progress | None = None) -> dict[str, int]:
    """Load the demo records, then ``persons`` generated people; returns what was
    created, by record kind (empty when everything asked for was already there).

    The records of the source texts are created once, in one transaction; a later run
    finds them (by the 2023 workshop's title) and only adds people. People go in in
    batches of ``BATCH``, one transaction each; ``progress(done, persons)`` is called
    after each batch."""
    if persons < 0:
        raise DemoDataError(N_("Must be at least {minimum}."), minimum=0)
    services.office.require()
    refs = load_refs(services)
    ids = Ids()
    counts: dict[str, int] = {}
    anchors = find_anchors(services, refs)
    if anchors is None:
        with services.db.write(user=DEMO_USER, note="demo") as session:
            anchors = FixedRecords(services, session, refs, ids, counts).run()
    if persons:
        generate(services, refs, ids, anchors, persons, seed, progress, counts)
    return counts
