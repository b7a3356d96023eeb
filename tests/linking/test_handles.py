"""Social-media handles an agency links to a record (its objects) are evidence that two
records are one person: the link run reads them, and the review page shows them."""

from __future__ import annotations

import pytest

from safehub.linking.models import LinkModelVersion
from safehub.linking.records_frame import hub_records, record_mapping
from safehub.linking.services import runs
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_hub_frame_carries_each_records_handles_and_no_other_objects(db: None) -> None:
    police = f.agency("police", "police")
    tariq = f.record(police, given_names="Tariq", family_name="HUSSAIN")
    other = f.record(police, given_names="Amir", family_name="KHAN")
    f.uses(tariq, "social_media", "@Taz_93")
    f.uses(tariq, "social_media", "tazzy.official")
    f.uses(tariq, "phone", "07700 900123")  # a phone object is not a handle
    f.uses(other, "vehicle", "YB23 LAR", relation="owns")

    frame = hub_records().frame.set_index("unique_id")

    assert frame.loc[tariq.pk, "handles"] == "@taz_93;tazzy.official"
    assert frame.loc[other.pk, "handles"] == ""
    assert record_mapping(tariq, "police")["handles"] == "@taz_93;tazzy.official"
    # Some records only, named by any iterable (a generator is read once).
    some = hub_records(pks=(pk for pk in [tariq.pk])).frame
    assert some["handles"].tolist() == ["@taz_93;tazzy.official"]


def test_a_shared_handle_joins_a_nickname_in_a_childs_file_to_the_nominal(
    trained: LinkModelVersion,
) -> None:
    police = f.agency("police", "police")
    csc = f.agency("csc", "social_care")
    tariq = f.record(
        police,
        given_names="Tariq",
        family_name="HUSSAIN",
        other_names="Taz",
        date_of_birth="1994-03-02",
        sex="male",
    )
    taz = f.record(csc, given_names="Taz", family_name="", sex="male")
    stranger = f.record(csc, given_names="Taz", family_name="", sex="male")
    f.uses(tariq, "social_media", "@Taz_93")
    f.uses(taz, "social_media", "taz_93")

    runs.link_run(full=True)

    for record in (tariq, taz, stranger):
        record.refresh_from_db()
    assert taz.person_id == tariq.person_id
    assert stranger.person_id != tariq.person_id
