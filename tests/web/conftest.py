"""Fixtures of the web tests: two agencies and users of each (`signed_in` is suite-wide)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from safehub.access.services.registration import agency_add, user_create
from safehub.agencies.models import Agency, Role, User
from tests.extracts import person, write_extract, zip_extract

PASSWORD = "correct horse battery staple"


@pytest.fixture
def police(db: None) -> Agency:
    return agency_add(code="police", name="Northshire Police", type="police")


@pytest.fixture
def health(db: None) -> Agency:
    return agency_add(code="health", name="Northshire Health Trust", type="health")


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(username: str, agency: Agency | None, *roles: Role) -> User:
        return user_create(
            username=username, password=PASSWORD, agency=agency, roles=roles or [Role.PRACTITIONER]
        )

    return make


@pytest.fixture
def police_manager(police: Agency, make_user: Callable[..., User]) -> User:
    return make_user("pat.manager", police, Role.HUB_MANAGER)


@pytest.fixture
def police_practitioner(police: Agency, make_user: Callable[..., User]) -> User:
    return make_user("paul.practitioner", police, Role.PRACTITIONER)


@pytest.fixture
def health_manager(health: Agency, make_user: Callable[..., User]) -> User:
    return make_user("hana.manager", health, Role.HUB_MANAGER)


@pytest.fixture
def extract_zip(tmp_path: Path) -> Callable[..., SimpleUploadedFile]:
    """A zipped exchange-format extract (folder/manifest.json, folder/persons.csv)."""

    def build(
        *,
        agency: str = "police",
        extract_id: str = "police-2026-11-01",
        people: list[dict[str, str]] | None = None,
        name: str = "extract.zip",
    ) -> SimpleUploadedFile:
        rows = (
            people
            if people is not None
            else [
                person("P1", "Smyth", "Kayleigh", "2009-04-02"),
                person("P2", "Jones", "Amira", "2008-11-17"),
            ]
        )
        folder = write_extract(
            tmp_path / extract_id, agency=agency, extract_id=extract_id, files={"persons": rows}
        )
        archive = zip_extract(folder, tmp_path / f"{extract_id}.zip")
        return SimpleUploadedFile(name, archive.read_bytes(), content_type="application/zip")

    return build
