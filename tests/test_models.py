"""The models: immutable, closed, strict, privacy-annotated, never showing personal data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import get_args

import pydantic
import pytest
from conftest import Doc, dump

import trm_standard as trm
from trm_standard._io import Document
from trm_standard._jsonparse import parse_strict
from trm_standard.v1 import Person, Referral, field_category, field_privacy
from trm_standard.v1._base import TRMModel
from trm_standard.v1._types import PartialDate
from trm_standard.v1.vocab import DataCategory, MinorStatus, PrivacyClass, Sex

PERSONAL = ("Ana-Maria", "Exemplu", "XS000000", "1994-06", "SE-JAMY-2026-0147", "Arrivals hall")


def parsed(doc: Doc) -> Referral:
    message = trm.parse(dump(doc))
    assert isinstance(message, Referral)
    return message


def test_models_are_frozen(referral: Doc) -> None:
    message = parsed(referral)
    with pytest.raises(pydantic.ValidationError):
        message.case_ref = "other"  # type: ignore[misc]
    assert isinstance(message.person.citizenships, tuple)


def test_repr_and_str_never_show_personal_values(referral: Doc) -> None:
    message = parsed(referral)
    for text in (repr(message), str(message), repr(message.person), str(message.return_plan)):
        for value in PERSONAL:
            assert value not in text
    assert "given_names=<DI>" in repr(message.person)
    assert "meeting_point=<SAFETY>" in repr(message.return_plan)
    assert referral["message_id"] in repr(message)  # operational values stay visible


def test_validation_errors_hide_input() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        Person.model_validate({"given_names": "Ana-Maria\n", "family_names": 4_242_424})
    assert "Ana-Maria" not in str(caught.value)
    assert "4242424" not in str(caught.value)


def test_extra_members_are_forbidden() -> None:
    with pytest.raises(pydantic.ValidationError):
        Person(minor_status=MinorStatus.ADULT, sex=Sex.MALE, nickname="x")  # type: ignore[call-arg]


def test_privacy_and_category_are_declared_on_fields() -> None:
    assert field_privacy(Person, "given_names") == PrivacyClass.DI
    assert field_privacy(Person, "sex") == PrivacyClass.QI
    assert field_privacy(Person, "health_conditions") == PrivacyClass.SC
    assert field_category(Person, "health_conditions") == DataCategory.HEALTH
    assert field_privacy(Referral, "accommodation") == PrivacyClass.SAFETY
    for model in (Referral, Person):
        for name in model.model_fields:
            field_privacy(model, name)
            field_category(model, name)


def test_every_model_field_is_annotated() -> None:
    seen: set[type[TRMModel]] = set()

    def visit(model: type[TRMModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name}"
            field_privacy(model, name)
            for arg in _model_args(info.annotation):
                visit(arg)

    for cls in trm.MESSAGE_CLASSES.values():
        visit(cls)
    assert len(seen) > 30


def _model_args(annotation: object) -> list[type[TRMModel]]:
    found: list[type[TRMModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, TRMModel):
        return [annotation]
    for arg in getattr(annotation, "__args__", ()):
        found += _model_args(arg)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        found += _model_args(origin)
    return found


def test_python_construction_requires_aware_utc_whole_seconds(referral: Doc) -> None:
    base = parsed(referral).model_dump()
    good = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert Referral.model_validate(base | {"created_at": good}).created_at == good
    for bad in (
        datetime(2026, 3, 2, 9, 30),
        datetime(2026, 3, 2, 9, 30, 0, 5, tzinfo=UTC),
        datetime(2026, 3, 2, 11, 30, tzinfo=timezone(timedelta(hours=2))),
        "2026-03-02T09:30:00+00:00",
        1_772_443_800,
    ):
        with pytest.raises(pydantic.ValidationError):
            Referral.model_validate(base | {"created_at": bad})


def test_dates_accept_date_objects_not_datetimes(referral: Doc) -> None:
    base = parsed(referral).model_dump()
    ident = base["identification"]
    ok = Referral.model_validate(
        base | {"identification": ident | {"reasonable_grounds_on": date(2026, 1, 20)}}
    )
    assert ok.identification.reasonable_grounds_on == date(2026, 1, 20)
    with pytest.raises(pydantic.ValidationError):
        Referral.model_validate(
            base
            | {
                "identification": ident
                | {"reasonable_grounds_on": datetime(2026, 1, 20, tzinfo=UTC)}
            }
        )


def test_round_trip_to_json(referral: Doc) -> None:
    message = parsed(referral)
    assert message.to_json_dict() == referral
    again = parsed(message.to_json_dict())
    assert again == message


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2019", "year", date(2019, 1, 1), date(2019, 12, 31)),
        ("2019-02", "month", date(2019, 2, 1), date(2019, 2, 28)),
        ("2020-02", "month", date(2020, 2, 1), date(2020, 2, 29)),
        ("2019-12", "month", date(2019, 12, 1), date(2019, 12, 31)),
        ("2019-05-14", "day", date(2019, 5, 14), date(2019, 5, 14)),
    ],
)
def test_partial_dates(text: str, precision: str, earliest: date, latest: date) -> None:
    value = PartialDate(text)
    assert value.precision == precision
    assert value.earliest() == earliest
    assert value.latest() == latest
    assert str(value) == text
    assert value == PartialDate(text)
    assert hash(value) == hash(PartialDate(text))
    assert repr(value) == f"PartialDate({text!r})"


@pytest.mark.parametrize("text", ["2019-02-29", "0000", "19", "2019-13", "2019-5", "2019/05", ""])
def test_invalid_partial_dates(text: str) -> None:
    with pytest.raises(ValueError, match=r"partial date|does not exist|day is out of range"):
        PartialDate(text)


def test_spec_version_literal_matches_the_constant() -> None:
    for cls in trm.MESSAGE_CLASSES.values():
        assert get_args(cls.model_fields["spec_version"].annotation) == (trm.SPEC_VERSION,)


def test_internal_containers_do_not_show_documents(referral: Doc) -> None:
    parsed_doc = parse_strict(dump(referral))
    document = Document("x.json", None, dump(referral))
    for text in (repr(parsed_doc), repr(document)):
        assert "Exemplu" not in text
