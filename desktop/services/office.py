"""The office profile: which office this installation is, its role and its site id."""

from __future__ import annotations

from typing import Any

from desktop.core import enums
from desktop.core import validation as v
from desktop.core.errors import SetupRequired, UserError
from desktop.core.ids import new_id
from desktop.core.text import N_
from desktop.db import profile_store, repository
from desktop.db.database import Database
from desktop.db.models import Area
from desktop.services.access import OFFICE, SYSTEM, require
from desktop.services.fields import collect


class OfficeService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.actor = getattr(db, "actor", SYSTEM)

    def get(self) -> dict[str, Any] | None:
        with self.db.read() as s:
            return profile_store.load(s)

    def require(self) -> dict[str, Any]:
        profile = self.get()
        if profile is None:
            raise SetupRequired(N_("This data folder has no office profile yet. "
                                   "Run 'govlab-desk init' or start the app to set one up."))
        return profile

    def init(self, office_name: str, office_code: str, area_code: str, role: str,
             letter_prefix: str | None = None, force: bool = False) -> dict[str, Any]:
        require(self.actor, OFFICE)
        cleaned: dict[str, Any] = {}

        def name() -> None:
            cleaned["office_name"] = v.require_text(office_name, "office_name", 300)

        def code() -> None:
            cleaned["office_code"] = v.require_text(office_code, "office_code", 40)

        def the_role() -> None:
            cleaned["role"] = v.clean_choice(role, enums.Role, "role")

        checks = [name, code, the_role]
        with self.db.write() as s:
            def area() -> None:
                value = (area_code or "").strip()
                if not repository.exists_reference(s, Area, value):
                    raise v.fail("area", N_("There is no province, district or subdistrict with code {code}."),
                                 code=value)
                cleaned["area_code"] = value
            collect(checks + [area])
            existing = profile_store.load(s)
            if existing is not None and not force:
                raise UserError(N_("This data folder already belongs to {office}. "
                                   "Use --force to change its name, code or area."),
                                office=existing["office_name"])
            cleaned["letter_prefix"] = (letter_prefix or "").strip() or None
            site_id = existing["site_id"] if existing else new_id()
            profile_store.save(s, site_id=site_id, **cleaned)
        self.db.forget_profile()
        return self.require()

    def update(self, **changes: Any) -> dict[str, Any]:
        require(self.actor, OFFICE)
        allowed = {"office_name", "office_code", "letter_prefix", "address", "phone", "email",
                   "digit_style", "default_signatory_id", "logo_attachment_id", "agency_id",
                   "backup_dir", "backup_keep", "lock_minutes"}
        unknown = set(changes) - allowed
        if unknown:
            raise v.fail(sorted(unknown)[0], N_("Unknown field {field}."), field=sorted(unknown)[0])
        if "digit_style" in changes:
            changes["digit_style"] = v.clean_choice(changes["digit_style"], enums.DigitStyle, "digit_style")
        if changes.get("phone"):
            changes["phone"] = v.clean_phone(changes["phone"])
        if changes.get("email"):
            changes["email"] = v.clean_email(changes["email"])
        with self.db.write() as s:
            if profile_store.load(s) is None:
                raise SetupRequired(N_("This data folder has no office profile yet. "
                                       "Run 'govlab-desk init' or start the app to set one up."))
            profile_store.update(s, **changes)
        return self.require()
