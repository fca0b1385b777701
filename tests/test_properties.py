"""Property tests over generated messages of every type (trm_standard.testing)."""

from __future__ import annotations

import json

import pytest
import rfc8785
from conftest import Doc, dump
from hypothesis import given
from hypothesis import strategies as st

import trm_standard as trm
from trm_standard.testing import documents, message_types, messages, participant_ids, referrals
from trm_standard.v1 import MESSAGE_CLASSES


@pytest.mark.parametrize("message_type", sorted(MESSAGE_CLASSES))
@given(data=st.data())
def test_generated_documents_pass_every_layer(message_type: str, data: st.DataObject) -> None:
    doc = data.draw(documents(message_type))
    report = trm.validate(dump(doc))
    assert report.valid, report.issues
    assert report.message_type == message_type
    assert isinstance(report.message, MESSAGE_CLASSES[message_type])


@given(messages())
def test_round_trip_model_json_model(message: trm.MessageBase) -> None:
    wire = message.to_json_dict()
    again = trm.parse(json.dumps(wire).encode())
    assert again == message
    assert again.to_json_dict() == wire


@given(documents())
def test_json_form_survives_parsing_unchanged(doc: Doc) -> None:
    message = trm.parse(dump(doc))
    assert message.to_json_dict() == doc


@given(messages())
def test_canonical_bytes_are_stable_and_rfc8785(message: trm.MessageBase) -> None:
    canonical = trm.canonical_json(message)
    assert canonical == trm.canonical_json(trm.parse(canonical))
    assert canonical == rfc8785.dumps(message.to_json_dict())


@given(referrals(), st.sampled_from(["given_names", "family_names", "place_of_birth"]))
def test_broken_personal_fields_are_reported_without_their_value(
    message: trm.Referral, field: str
) -> None:
    doc = message.to_json_dict()
    marker = "Zzsecretzz"
    doc["person"][field] = marker + "\u0007"
    report = trm.validate(dump(doc))
    assert report.codes == {"TRM-SCHEMA-005"}
    assert marker not in json.dumps([i.as_dict() for i in report.issues])


@given(message_types())
def test_message_types(message_type: str) -> None:
    assert message_type in MESSAGE_CLASSES


def test_unknown_message_type_strategy() -> None:
    with pytest.raises(ValueError, match="unknown message type"):
        documents("gossip")


@given(participant_ids(["XK"]))
def test_participant_ids(org_id: str) -> None:
    assert org_id.startswith("https://w3id.org/trm/org/XK/")
