"""Errors, validation issues and the registry of stable error codes.

Every problem the library reports carries a registered code ``TRM-<AREA>-<NNN>``
(DESIGN §0), a JSON Pointer (RFC 6901) to the place in the document and an English
message that never contains a value taken from the document.

Exception tree::

    TRMError                      every error raised by trm_standard
    ├── ValidationError           a document failed validation (carries all issues)
    └── SchemaDriftError          committed schemas differ from what the models generate

Codes are append-only: a code, once published, keeps its meaning forever. A code that
is no longer produced stays in the registry marked ``deprecated``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from trm_standard._consent_codes import CONSENT_CODES

__all__ = [
    "CODES",
    "ErrorCode",
    "Issue",
    "Layer",
    "SchemaDriftError",
    "TRMError",
    "ValidationError",
    "escape_pointer_token",
    "pointer",
]


class Layer(StrEnum):
    """The layer of the pipeline that produces a code (DESIGN §5)."""

    INPUT = "input"
    BYTES = "bytes"
    DISPATCH = "dispatch"
    SCHEMA = "schema"
    MODEL = "model"
    RULES = "rules"
    REPORT = "report"
    ENVELOPE = "envelope"
    CONSENT = "consent"
    TOOLING = "tooling"
    ANONYMISATION = "anonymisation"
    FHIR = "fhir"


@dataclass(frozen=True, slots=True)
class ErrorCode:
    """One entry of the error-code registry.

    Attributes:
        code: The stable code, ``TRM-<AREA>-<NNN>``.
        layer: The validation layer (or tool) that reports it.
        title: A short English name.
        meaning: What the code means and how to fix the input.
        reference: The standard or rule the check enforces, when there is one.
        example: A short input that produces the code (synthetic values only).
        deprecated: True when the code is kept for history but no longer produced.
    """

    code: str
    layer: Layer
    title: str
    meaning: str
    reference: str = ""
    example: str = ""
    deprecated: bool = False


#: Envelope, trust-list and key codes: (code, title, meaning, reference, example).
_ENVELOPE_CODES: Final = (
    (
        "TRM-KEY-001",
        "invalid key",
        "A JWK file is not a P-256 key of the profile: wrong curve, kid not its RFC 7638 thumbprint, use/alg not ES256 or ECDH-ES+A256KW, owner not a participant id, or a private member where none belongs.",
        "RFC 7517; RFC 7638",
        "a JWK whose kid was typed by hand",
    ),
    (
        "TRM-TRUST-001",
        "malformed trust list",
        "The trust list is not a compact JWS whose payload is the RFC 8785 form of a JSON object with integer iat, exp and seq, a string iss, and lists participants and keys.",
        "RFC 7515",
        "a trust list cut in half",
    ),
    (
        "TRM-TRUST-002",
        "trust list not signed by an anchor",
        "The signature does not verify with a pinned anchor key, or the algorithm or a header member is not allowed.",
        "RFC 8725 §3.1",
        "a trust list signed by a participant key",
    ),
    (
        "TRM-TRUST-003",
        "wrong trust list typ",
        "The protected header's typ is not trm-trustlist+jwt.",
        "RFC 8725 §3.11",
        'a trust list with typ "JWT"',
    ),
    (
        "TRM-TRUST-004",
        "trust list expired",
        "Now is outside [iat - 300 s, exp) of the trust list.",
        "",
        "a trust list past its exp",
    ),
    (
        "TRM-TRUST-005",
        "trust list rollback",
        "The seq is lower than that of the list already accepted, or equal to it with other content.",
        "",
        "seq 41 after seq 42 was accepted",
    ),
    (
        "TRM-TRUST-006",
        "duplicate kid",
        "Two keys on the trust list share a kid.",
        "RFC 7517 §4.5",
        "the same key listed twice",
    ),
    (
        "TRM-TRUST-007",
        "kid not a thumbprint",
        "A key's kid is not its RFC 7638 thumbprint.",
        "RFC 7638",
        'a key with kid "sweden-2026"',
    ),
    (
        "TRM-TRUST-008",
        "inconsistent key on the list",
        "A listed key is not a valid P-256 public key, has use and alg that do not match, an owner who is not a listed participant, a bad validity window, status or trm_preferred, or a private member; or a participant id is not valid, disagrees with its country or is listed twice.",
        "",
        'an "enc" key with alg "ES256"',
    ),
    (
        "TRM-ENV-001",
        "envelope too large",
        "The envelope is larger than the configured limit (default 2 MiB).",
        "",
        "a 3 MiB envelope",
    ),
    (
        "TRM-ENV-002",
        "not a compact JWE",
        "The envelope is not five canonical, unpadded base64url segments (JSON serialization, a bare JWS, other characters, padding or stray trailing bits).",
        "RFC 7516 §7.1",
        "a bare JWS of three segments",
    ),
    (
        "TRM-ENV-003",
        "bad outer header",
        "The JWE protected header is not a strict JSON object, lacks cty JWT (a media type), epk or kid, has a typ other than JWT, or carries a forbidden member (zip, crit, apu, apv, jwk, jku, x5u, x5c, p2s, p2c, b64).",
        "RFC 7516; RFC 8725",
        'an outer header with "zip": "DEF"',
    ),
    (
        "TRM-ENV-004",
        "encryption algorithm not allowed",
        "alg is not ECDH-ES+A256KW or enc is not A256GCM.",
        "RFC 8725 §3.1",
        'an outer header with "alg": "RSA-OAEP"',
    ),
    (
        "TRM-ENV-005",
        "not for our keys",
        "The envelope is encrypted to a kid that is none of the receiver's own decryption keys.",
        "",
        "an envelope encrypted to another participant",
    ),
    (
        "TRM-ENV-006",
        "decryption failed",
        "The envelope could not be decrypted: key agreement, key unwrap or the GCM tag failed. One code and one message for every cause, so no oracle is given.",
        "RFC 7516 §11.5",
        "one bit flipped in the ciphertext",
    ),
    (
        "TRM-ENV-007",
        "not signed",
        "The decrypted content is not a compact JWS.",
        "RFC 7519 §5.2",
        "a JWE around bare claims JSON",
    ),
    (
        "TRM-ENV-008",
        "bad inner header",
        "The JWS protected header is not a strict JSON object or carries a forbidden member (crit, b64, jwk, jku, x5u, x5c, zip).",
        "RFC 7515; RFC 8725",
        'an inner header with "jwk": {...}',
    ),
    (
        "TRM-ENV-009",
        "wrong typ",
        "The JWS typ is not trm+jwt (compared as a media type: case-insensitive, application/ optional; RFC 7515 §4.1.9).",
        "RFC 8725 §3.11",
        'an inner header with "typ": "JWT"',
    ),
    (
        "TRM-ENV-010",
        "signature algorithm not allowed",
        "The JWS alg is not ES256.",
        "RFC 8725 §3.1",
        'an inner header with "alg": "none"',
    ),
    (
        "TRM-ENV-011",
        "unknown signing key",
        "The signing kid is not on the trust list (keys never come from a message).",
        "",
        "a message signed by a key not yet listed",
    ),
    (
        "TRM-ENV-012",
        "key use mismatch",
        "The kid names an encryption key, not a signing key.",
        "RFC 7517 §4.2",
        "a JWS whose kid is the sender's enc key",
    ),
    (
        "TRM-ENV-013",
        "bad signature",
        "The ES256 signature (64 bytes r‖s over the received bytes) does not verify.",
        "RFC 7518 §3.4",
        "one bit flipped in the payload",
    ),
    (
        "TRM-ENV-014",
        "bad payload",
        "The payload is not a strict JSON object: invalid UTF-8, a duplicate member name, a lone surrogate, a byte order mark, nesting deeper than 33, a non-ASCII member name, or not an object.",
        "RFC 8785",
        'claims with "aud" twice',
    ),
    (
        "TRM-ENV-015",
        "payload not canonical",
        "The payload bytes are not exactly the RFC 8785 form of what they contain (whitespace, member order, escapes), or hold a number with a fraction or exponent or an integer outside ±(2^53-1).",
        "RFC 8785",
        "claims with a space after a colon",
    ),
    (
        "TRM-ENV-016",
        "claim missing or malformed",
        "A required claim (iss, aud, iat, nbf, exp, jti, trm_schema, trm) is missing or has the wrong type (integers for times, an object for trm, a lower-case urn:uuid: UUIDv4 for jti).",
        "RFC 7519 §4.1",
        "claims without jti",
    ),
    (
        "TRM-ENV-017",
        "issuer does not own the key",
        "iss is not the owner of the signing key.",
        "",
        "a Swedish key with iss RO",
    ),
    (
        "TRM-ENV-018",
        "wrong audience",
        "aud is not the receiver (also: aud as an array); catches an envelope re-encrypted to a third party.",
        "RFC 7519 §4.1.3",
        "an envelope for RO forwarded to BG",
    ),
    (
        "TRM-ENV-019",
        "envelope expired",
        "Now is at or after exp plus the clock skew.",
        "RFC 7519 §4.1.4",
        "opened four days after sealing",
    ),
    (
        "TRM-ENV-020",
        "envelope not valid yet",
        "Now is before nbf minus the clock skew.",
        "RFC 7519 §4.1.5",
        "nbf one hour ahead",
    ),
    (
        "TRM-ENV-021",
        "issued in the future",
        "iat is after now plus the clock skew.",
        "RFC 7519 §4.1.6",
        "iat one hour ahead",
    ),
    (
        "TRM-ENV-022",
        "lifetime out of bounds",
        "exp - iat is not positive or exceeds the maximum (default 14 days), or nbf is more than the clock skew before iat.",
        "",
        "exp 30 days after iat",
    ),
    (
        "TRM-ENV-023",
        "key outside its validity",
        "The signing key's validity window does not cover iat (or now, when sealing).",
        "",
        "a key listed from next month",
    ),
    (
        "TRM-ENV-024",
        "key revoked",
        "The signing key is revoked: rejected whatever the iat.",
        "",
        "a key marked revoked after compromise",
    ),
    (
        "TRM-ENV-025",
        "key retired",
        "The signing key was retired before iat (it verifies only older messages, and signs none).",
        "",
        "a retired key signing today",
    ),
    (
        "TRM-ENV-026",
        "replay",
        "(iss, jti) was already received and has not expired.",
        "RFC 7519 §4.1.7",
        "the same envelope opened twice",
    ),
    (
        "TRM-ENV-027",
        "unsupported schema",
        "trm_schema is not the $id of a schema this library reads.",
        "",
        "trm_schema of version 9.0.0",
    ),
    (
        "TRM-ENV-028",
        "schema mismatch",
        "trm_schema is not the $id of the message's own schema.",
        "",
        "trm_schema of case_update around a referral",
    ),
    (
        "TRM-ENV-029",
        "message invalid",
        "The message inside is not a valid TRM message; the validation issues are attached.",
        "DESIGN §5",
        "a referral without person.sex",
    ),
    (
        "TRM-ENV-030",
        "parties disagree",
        "The message's sender or recipient differs from the envelope's iss or aud.",
        "",
        "an envelope from SE around a message from RO",
    ),
    (
        "TRM-ENV-031",
        "no encryption key for the recipient",
        "The trust list has no active, valid encryption key of the recipient.",
        "",
        "sealing to a participant without keys",
    ),
)


#: FHIR mapping codes (trm_standard.fhir): (code, title, meaning, reference, example).
_FHIR_CODES: Final = (
    (
        "TRM-FHIR-001",
        "FHIR extra not installed",
        "The FHIR mapping needs fhir.resources; install it with pip install 'trm_standard[fhir]'.",
        "",
        "trm fhir export without the [fhir] extra",
    ),
    (
        "TRM-FHIR-002",
        "not valid FHIR",
        "The input is not JSON, not a FHIR Bundle, or fhir.resources rejects its structure or data types for the Bundle's FHIR version.",
        "FHIR R4 and R5 json.html",
        "an R5 Consent (with decision) in an R4 Bundle",
    ),
    (
        "TRM-FHIR-003",
        "not a TRM Bundle",
        "The Bundle's meta.profile names neither TRM Bundle profile (trm-bundle-r4, trm-bundle-r5), or its type is not collection or transaction.",
        "",
        "a searchset Bundle from a FHIR server",
    ),
    (
        "TRM-FHIR-004",
        "unresolved reference",
        "A literal reference does not resolve to an entry's fullUrl inside the Bundle, or points to a resource of the wrong type, or a reference the mapping writes as a literal reference has only an identifier or display.",
        "FHIR R5 bundle.html (resolving references in Bundles)",
        'Task.owner pointing to "urn:uuid:" of a resource not in the Bundle',
    ),
    (
        "TRM-FHIR-005",
        "unknown TRM code",
        "A Coding with a TRM code system uses a code that the code list does not have.",
        "FHIR R5 terminologies.html (required binding)",
        'a Condition coded "CHEESE_MAKING" in exploitation-form',
    ),
    (
        "TRM-FHIR-006",
        "unknown TRM code system",
        "A Coding uses a system under https://w3id.org/trm/codes/ that TRM does not publish.",
        "",
        "system https://w3id.org/trm/codes/no-such-list",
    ),
    (
        "TRM-FHIR-007",
        "required TRM element missing",
        "A resource lacks the trm-path extension, the message Task, its code, identifier or another element the mapping needs to rebuild the message, or a transaction entry lacks its request (FHIR bdl-3).",
        "",
        "a Condition without the trm-path extension",
    ),
    (
        "TRM-FHIR-008",
        "element not part of the mapping",
        "The Bundle uses an element the TRM mapping does not read (a reference's display, a coding of another system beside the TRM one, a request in a collection, an ifNoneExist other than the one the export writes, ...); it is rejected rather than silently dropped.",
        "",
        "a Patient with a photo",
    ),
    (
        "TRM-FHIR-009",
        "unknown extension",
        "An extension URL is not one the TRM mapping defines for this resource, or a sub-extension names no member of the model.",
        "FHIR R5 extensibility.html",
        "an extension .../StructureDefinition/Person.favourite_colour",
    ),
    (
        "TRM-FHIR-010",
        "resource type not part of the mapping",
        "The Bundle holds a resource type that no TRM member maps to.",
        "",
        "a Medication in a TRM Bundle",
    ),
    (
        "TRM-FHIR-011",
        "conflicting resources",
        "Two resources (the same trm-path), extensions, codings or identifiers carry the same member, a single-valued item is repeated, a fullUrl is repeated, list items are missing, or a trm-path does not fit the resource type.",
        "",
        "two Conditions with trm-path /needs/0",
    ),
    (
        "TRM-FHIR-012",
        "carried message invalid",
        "The message rebuilt from the Bundle fails TRM validation; its issues follow, with pointers into the message.",
        "DESIGN §5",
        "a referral Bundle without the person's sex",
    ),
    (
        "TRM-FHIR-013",
        "extension value of the wrong type",
        "A TRM extension carries a value[x] of another type or code system than its member, or an object extension has no sub-extensions.",
        "FHIR R5 extensibility.html",
        "Person.stateless with valueString",
    ),
    (
        "TRM-FHIR-014",
        "derived element disagrees",
        "The Bundle differs from the one the carried message exports to (beyond renumbered ids and the order of entries): an element FHIR readers see but TRM derives from the record (Task and ServiceRequest status, Patient gender and pseudonym, security labels, the Consent's base rule, grantor, controller and permit provision, Bundle identifier and timestamp) differs from what the message gives.",
        "FHIR R5 consent.html (decision and provisions)",
        'a Consent changed to "decision": "permit"',
    ),
)


#: Anonymisation, pseudonymisation and release-check codes: (code, title, meaning, reference, example).
_ANON_CODES: Final = (
    (
        "TRM-ANON-001",
        "invalid anonymisation policy",
        "The policy file is not JSON or does not match the policy JSON Schema (anonymisation-policy.schema.json).",
        "docs/anonymisation.md",
        'a policy whose rule is "hide" instead of "drop"',
    ),
    (
        "TRM-ANON-002",
        "unknown field in policy",
        "A rule names a field path that the policy's message type does not have.",
        "docs/anonymisation.md",
        '{"person.shoe_size": "keep"}',
    ),
    (
        "TRM-ANON-003",
        "unknown hierarchy or level",
        "A generalise rule names a hierarchy or level that hierarchies.json does not define, or one that does not fit the field's kind of value.",
        "docs/anonymisation.md",
        '{"person.sex": "generalise:age:ctdc"}',
    ),
    (
        "TRM-ANON-004",
        "free text in a release",
        "A rule keeps a free-text field; free text never enters a release, since names leak into it and cannot be scrubbed reliably.",
        "WP29 Opinion 05/2014; CONSENT-ANONYMISATION §0.5",
        '{"legal_basis.legal_reference": "keep"}',
    ),
    (
        "TRM-ANON-005",
        "identifying field released",
        "A policy releases a field of privacy class DI or SAFETY in a way its tier forbids: SAFETY fields may only be dropped in every tier, DI fields only dropped in the anonymised tier and only dropped or pseudonymised in the pseudonymised tier.",
        "GDPR Recital 26; WP29 Opinion 05/2014",
        '{"tier": "anonymised", "fields": {"person.family_names": "keep"}}',
    ),
    (
        "TRM-ANON-006",
        "pseudonym in the anonymised tier",
        "An anonymised-tier policy pseudonymises a field; pseudonyms link records to a person, so the output would be personal data.",
        "GDPR Art. 4(5), Recital 26",
        '{"tier": "anonymised", "fields": {"case_ref": "pseudonymise"}}',
    ),
    (
        "TRM-ANON-007",
        "policy of another tier",
        "The policy given with --policy declares a tier other than the one asked for with --tier.",
        "",
        "trm anonymise in.jsonl --tier anonymised --policy pseudonymised.json --out out",
    ),
    (
        "TRM-ANON-008",
        "rule too fine for the tier",
        "A rule releases a date finer than the tier allows (month in the pseudonymised tier, year in the anonymised tier) or, in the anonymised tier, a participant id not generalised to its country.",
        "WP29 Opinion 05/2014; docs/anonymisation.md",
        '{"tier": "anonymised", "fields": {"case.opened_on": "generalise:date:month"}}',
    ),
    (
        "TRM-ANON-009",
        "release parameters below the floor",
        "The policy or the command line sets k below 5, min_cell below 5 or a suppression budget above 0.10, or, in the anonymised tier releasing the exploitation form, makes another column sensitive or sets l below 2.",
        "CTDC k = 11; WP29 Opinion 05/2014 §3.2.3",
        "trm anonymise in.jsonl --tier anonymised --k 3 --out out",
    ),
    (
        "TRM-ANON-010",
        "unusable pseudonymisation key",
        'The key file is not a JWK {"kty": "oct", "kid", "k"} with a base64url key of at least 256 bits, or the key id has characters outside [A-Za-z0-9._:/-].',
        "ENISA Pseudonymisation techniques (2019); EDPB Guidelines 01/2025",
        'a key file with a 16-byte "k"',
    ),
    (
        "TRM-ANON-011",
        "key required",
        "The policy pseudonymises fields, so a key of the exchange agreement is needed (--key-file).",
        "EDPB Guidelines 01/2025",
        "trm anonymise in.jsonl --tier pseudonymised --out out (no --key-file)",
    ),
    (
        "TRM-ANON-020",
        "release refused: suppression budget exceeded",
        "Reaching k-anonymity over every released column and l-diversity of the sensitive column needs more record suppression than the budget allows; generalise further or publish aggregates.",
        "CTDC k = 11; WP29 Opinion 05/2014",
        "300 records of a small country released as microdata",
    ),
    (
        "TRM-ANON-021",
        "release refused: nothing to release",
        "No valid record of the policy's message type was read, or every cell of an aggregate table is suppressed.",
        "",
        "an input of invalid documents only",
    ),
    (
        "TRM-ANON-022",
        "not the policy's message type",
        "The document is valid but of another message type than the policy's; it is counted and left out.",
        "",
        "a case_update given to a referral policy",
    ),
    (
        "TRM-ANON-023",
        "output location not usable",
        "The output directory holds files other than a previous release of this command, or the output file's folder does not exist.",
        "",
        "trm anonymise in.jsonl --tier anonymised --out ~/Documents",
    ),
    (
        "TRM-ANON-024",
        "field not released",
        "A --by field of trm stats is not released by the policy (dropped, pseudonymised or absent).",
        "",
        "trm stats in.jsonl --by person.family_names --out t.csv",
    ),
)


#: One triggering input per code, shown in the error-code reference (docs/reference/).
_EXAMPLES: Final[Mapping[str, str]] = {
    "TRM-IO-001": "trm validate missing.json (no such file)",
    "TRM-JSON-001": "an empty file, or a .jsonl file of blank lines only",
    "TRM-JSON-002": "a 2 MiB document with the default 1 MiB limit",
    "TRM-JSON-003": 'the bytes {"a": "\\xff"} (0xFF is never UTF-8)',
    "TRM-JSON-004": '{"spec_version": "1.0.0"  (truncated)',
    "TRM-JSON-005": '{"sex": "FEMALE", "sex": "MALE"}',
    "TRM-JSON-006": '{"dependent_children": NaN}',
    "TRM-JSON-007": '{"dependent_children": 1.0}',
    "TRM-JSON-008": '{"dependent_children": 9007199254740992}',
    "TRM-JSON-009": '{"a": [[[[ ... 40 levels ... ]]]]}',
    "TRM-JSON-010": '[{"spec_version": "1.0.0"}]',
    "TRM-JSON-011": '{"place_of_birth": null}',
    "TRM-JSON-012": "a document starting with the bytes EF BB BF",
    "TRM-JSON-013": '{"family_names": "Exemplu\\u0301"} (escape decodes to a combining accent)',
    "TRM-JSON-014": '{"family_names": "\\ud800"}',
    "TRM-JSON-015": '{"Given Names": "Ana"}',
    "TRM-VERSION-001": 'a message without "spec_version"',
    "TRM-VERSION-002": '{"spec_version": "9.9.9", ...}',
    "TRM-VERSION-003": 'a message without "message_type"',
    "TRM-VERSION-004": '{"spec_version": "1.0.0", "message_type": "gossip", ...}',
    "TRM-VERSION-005": "an older document lacking a member its migration step needs",
    "TRM-SCHEMA-001": "a referral without person.sex",
    "TRM-SCHEMA-002": 'a pre_referral_consultation whose profile has "given_names"',
    "TRM-SCHEMA-003": '{"interpreter_needed": "yes"}',
    "TRM-SCHEMA-004": '{"urgency": "WHENEVER"}',
    "TRM-SCHEMA-005": '{"created_at": "2026-03-02 09:30:00Z"} (space, not T)',
    "TRM-SCHEMA-006": "a family_names of 300 characters",
    "TRM-SCHEMA-007": '{"dependent_children": 99}',
    "TRM-SCHEMA-008": '{"citizenships": []}',
    "TRM-SCHEMA-009": '{"citizenships": ["RO", "RO"]}',
    "TRM-SCHEMA-010": '{"formally_identified_on": "2026-02-30"}',
    "TRM-SCHEMA-099": "a keyword outside the ones above, in a future schema",
    "TRM-MODEL-001": '{"date_of_birth": "1994-02-30"}',
    "TRM-MODEL-099": "never expected: report it as a bug",
    "TRM-RULE-001": "formally_identified_on before reasonable_grounds_on",
    "TRM-RULE-002": "reasonable_grounds_on three days after created_at",
    "TRM-RULE-003": 'minor_status "MINOR" and no "child" block',
    "TRM-RULE-004": 'parental_involvement "SUSPECTED" and guardian_type "PARENT"',
    "TRM-RULE-005": "a granted reflection period from 2026-01-22 to 2026-02-10, no exception",
    "TRM-RULE-006": '{"reflection_period": {"granted": false}}',
    "TRM-RULE-007": 'minor_status "ADULT" with date_of_birth "2012"',
    "TRM-RULE-008": "a service provider_org_id missing from organisations",
    "TRM-RULE-009": "two consents with the same consent_id",
    "TRM-RULE-010": 'an organisation "https://w3id.org/trm/org/RO/X" with country "BG"',
    "TRM-RULE-011": 'sexual_exploitation_types without the form "SEXUAL_EXPLOITATION"',
    "TRM-RULE-012": 'a consent with status "WITHDRAWN" and no withdrawn_at',
    "TRM-RULE-013": 'explicit_categories ["HEALTH"] while data_categories lacks HEALTH',
    "TRM-RULE-014": "recipient equal to sender",
    "TRM-RULE-015": '{"stateless": true, "citizenships": ["RO"]}',
    "TRM-RULE-016": 'channel "ASSISTANCE" with lawful_basis "LED_ART_8"',
    "TRM-RULE-017": 'transfer_mechanism "DOMESTIC" from SE to RO',
    "TRM-RULE-018": "a case_update without in_reply_to",
    "TRM-RULE-019": 'update_type "DECLINE" without decline_reason',
    "TRM-RULE-020": 'outcome "ERASED" with retained data',
    "TRM-RULE-021": '{"min_age": 16, "max_age": 14}',
    "TRM-RULE-022": 'minor_status "ADULT" with a "child" block',
    "TRM-RULE-023": 'return_safety_outcome on an "ONGOING" risk assessment',
    "TRM-RULE-024": 'a sender in SE with lawful_basis "NATIONAL_LAW_NON_EU"',
    "TRM-REPORT-001": "a referral with 1,000 empty needs entries",
    "TRM-TOOL-001": "schemas/1.0.0/referral.schema.json edited by hand",
    "TRM-TOOL-002": "a file of a released schema version changed",
    **{code: example for code, _, _, _, example in _ENVELOPE_CODES},
    **{code: example for code, _, _, _, _, example in CONSENT_CODES},
    **{code: example for code, _, _, _, example in _ANON_CODES},
    **{code: example for code, _, _, _, example in _FHIR_CODES},
}


def _registry(entries: Iterable[ErrorCode]) -> Mapping[str, ErrorCode]:
    table: dict[str, ErrorCode] = {}
    for entry in entries:
        if entry.code in table:  # pragma: no cover - guards the literal table below
            raise AssertionError(f"duplicate error code {entry.code}")
        table[entry.code] = replace(entry, example=_EXAMPLES[entry.code])
    return table


_I, _B, _D, _S, _M, _R, _P, _E, _T, _F, _A = (
    Layer.INPUT,
    Layer.BYTES,
    Layer.DISPATCH,
    Layer.SCHEMA,
    Layer.MODEL,
    Layer.RULES,
    Layer.REPORT,
    Layer.ENVELOPE,
    Layer.TOOLING,
    Layer.FHIR,
    Layer.ANONYMISATION,
)


CODES: Final[Mapping[str, ErrorCode]] = _registry(
    [
        # --- input (files, streams) -------------------------------------------------------
        ErrorCode("TRM-IO-001", _I, "unreadable input", "The file or stream could not be read."),
        # --- layer 1: bytes and strict JSON -----------------------------------------------
        ErrorCode("TRM-JSON-001", _B, "empty document", "The document has no content."),
        ErrorCode(
            "TRM-JSON-002",
            _B,
            "document too large",
            "The document is larger than the configured size limit (default 1 MiB).",
        ),
        ErrorCode(
            "TRM-JSON-003", _B, "not UTF-8", "The bytes are not valid UTF-8.", "RFC 8259 §8.1"
        ),
        ErrorCode(
            "TRM-JSON-004",
            _B,
            "malformed JSON",
            "The text is not valid JSON (syntax error or truncated document).",
            "RFC 8259",
        ),
        ErrorCode(
            "TRM-JSON-005",
            _B,
            "duplicate member name",
            "An object has two members with the same name; the document is ambiguous.",
            "RFC 8259 §4, RFC 7493 §2.3",
        ),
        ErrorCode(
            "TRM-JSON-006",
            _B,
            "non-finite number",
            "NaN, Infinity or -Infinity is not JSON.",
            "RFC 8259 §6",
        ),
        ErrorCode(
            "TRM-JSON-007",
            _B,
            "non-integer number",
            "Numbers must be integers written without fraction or exponent; "
            "TRM documents carry no floats.",
            "DESIGN §0",
        ),
        ErrorCode(
            "TRM-JSON-008",
            _B,
            "unsafe integer",
            "Integers must lie within ±(2^53-1) so every JSON implementation reads them exactly.",
            "RFC 7493 §2.2",
        ),
        ErrorCode(
            "TRM-JSON-009",
            _B,
            "nesting too deep",
            "Objects and arrays are nested deeper than the configured limit (default 32).",
        ),
        ErrorCode(
            "TRM-JSON-010", _B, "root not an object", "A TRM document must be a JSON object."
        ),
        ErrorCode(
            "TRM-JSON-011",
            _B,
            "null value",
            "null is never written: leave out a member that was not collected.",
            "DESIGN §0",
        ),
        ErrorCode(
            "TRM-JSON-012",
            _B,
            "byte order mark",
            "The document starts with a UTF-8 byte order mark, which JSON text must not carry.",
            "RFC 8259 §8.1",
        ),
        ErrorCode(
            "TRM-JSON-013",
            _B,
            "string not NFC",
            "Every string must be in Unicode Normalization Form C.",
            "DESIGN §0; Unicode UAX #15",
        ),
        ErrorCode(
            "TRM-JSON-014",
            _B,
            "invalid Unicode escape",
            "A string contains an unpaired surrogate escape and is not valid Unicode.",
            "RFC 8259 §8.2",
        ),
        ErrorCode(
            "TRM-JSON-015",
            _B,
            "invalid member name",
            "Member names must be ASCII snake_case; the offending name is not shown.",
            "DESIGN §0",
        ),
        # --- dispatch: version and message type -----------------------------------------
        ErrorCode(
            "TRM-VERSION-001",
            _D,
            "spec_version missing",
            "The document has no spec_version, or it is not a string.",
        ),
        ErrorCode(
            "TRM-VERSION-002",
            _D,
            "unsupported spec version",
            "This library cannot read the declared spec_version.",
        ),
        ErrorCode(
            "TRM-VERSION-003",
            _D,
            "message_type missing",
            "The document has no string member message_type.",
        ),
        ErrorCode(
            "TRM-VERSION-004",
            _D,
            "unknown message type",
            "The declared message_type does not exist in the declared spec version.",
        ),
        ErrorCode(
            "TRM-VERSION-005",
            _D,
            "upgrade failed",
            "A migration step could not bring the document to the latest spec version (the "
            "document does not have the shape its declared version requires).",
        ),
        # --- layer 2: JSON Schema ---------------------------------------------------------
        ErrorCode("TRM-SCHEMA-001", _S, "required member missing", "A required member is absent."),
        ErrorCode(
            "TRM-SCHEMA-002",
            _S,
            "unknown member",
            "The object has a member the schema does not define (all objects are closed).",
        ),
        ErrorCode("TRM-SCHEMA-003", _S, "wrong type", "The value has the wrong JSON type."),
        ErrorCode(
            "TRM-SCHEMA-004",
            _S,
            "code not in list",
            "The value is not a code of the referenced code list, or not the fixed value.",
        ),
        ErrorCode(
            "TRM-SCHEMA-005", _S, "pattern mismatch", "The string does not match its pattern."
        ),
        ErrorCode("TRM-SCHEMA-006", _S, "string length", "The string is too short or too long."),
        ErrorCode("TRM-SCHEMA-007", _S, "out of range", "The integer is outside its range."),
        ErrorCode("TRM-SCHEMA-008", _S, "array size", "The array has too few or too many items."),
        ErrorCode("TRM-SCHEMA-009", _S, "duplicate items", "The array must not repeat an item."),
        ErrorCode(
            "TRM-SCHEMA-010",
            _S,
            "invalid date or time",
            "The value is not a valid RFC 3339 full-date or UTC date-time.",
            "RFC 3339 §5.6",
        ),
        ErrorCode(
            "TRM-SCHEMA-099",
            _S,
            "schema violation",
            "The value violates a schema keyword not covered by a more specific code.",
        ),
        # --- layer 3: the model -----------------------------------------------------------
        ErrorCode(
            "TRM-MODEL-001",
            _M,
            "invalid partial date",
            "A partial date (YYYY, YYYY-MM or YYYY-MM-DD) names a day that does not exist.",
        ),
        ErrorCode(
            "TRM-MODEL-099",
            _M,
            "model violation",
            "The value does not fit the model; the schema and model disagree, please report.",
        ),
        # --- layer 4: business rules ------------------------------------------------------
        ErrorCode(
            "TRM-RULE-001",
            _R,
            "dates out of order",
            "A date that must not be earlier than another one is earlier "
            "(start after end, identification before reasonable grounds, ...).",
        ),
        ErrorCode(
            "TRM-RULE-002",
            _R,
            "date in the future",
            "A date or time lies after the message's created_at.",
        ),
        ErrorCode(
            "TRM-RULE-003",
            _R,
            "child block missing",
            "A minor or presumed minor needs the child block.",
            "CETS 197 Art. 10(3)-(4); Directive 2011/36/EU Arts. 13-16",
        ),
        ErrorCode(
            "TRM-RULE-004",
            _R,
            "involved parent as guardian or consent giver",
            "A parent suspected or confirmed to be involved in the trafficking cannot be the "
            "guardian or give consent for the child.",
            "Directive 2011/36/EU Art. 14(2); CETS 197 Art. 10(4)",
        ),
        ErrorCode(
            "TRM-RULE-005",
            _R,
            "reflection period too short",
            "A granted reflection period shorter than 30 days needs a recorded exception.",
            "CETS 197 Art. 13(1), 13(3)",
        ),
        ErrorCode(
            "TRM-RULE-006",
            _R,
            "reflection period refused without reason",
            "A reflection period that was not granted needs a recorded ground.",
            "CETS 197 Art. 13(3)",
        ),
        ErrorCode(
            "TRM-RULE-007",
            _R,
            "minor status contradicts date of birth",
            "minor_status says ADULT while the date of birth makes the person a child "
            "(or MINOR while it makes them an adult).",
            "CETS 197 Art. 10(3)",
        ),
        ErrorCode(
            "TRM-RULE-008",
            _R,
            "unknown organisation",
            "An organisation id is referenced that the organisations block does not list.",
        ),
        ErrorCode(
            "TRM-RULE-009",
            _R,
            "duplicate identifier",
            "Two entries of a list share an identifier that must be unique.",
        ),
        ErrorCode(
            "TRM-RULE-010",
            _R,
            "participant country",
            "The country in a participant id is not a known country code, or differs from "
            "the organisation's country.",
            "DESIGN §0",
        ),
        ErrorCode(
            "TRM-RULE-011",
            _R,
            "detail without its form",
            "Sexual-exploitation types are recorded only with the SEXUAL_EXPLOITATION form.",
        ),
        ErrorCode(
            "TRM-RULE-012",
            _R,
            "consent status inconsistent",
            "withdrawn_at must be present exactly when a consent is WITHDRAWN, and "
            "superseded_by exactly when it is SUPERSEDED.",
            "GDPR Art. 7(3)",
        ),
        ErrorCode(
            "TRM-RULE-013",
            _R,
            "explicit consent categories",
            "Every category named in explicit_categories must also be listed in data_categories.",
            "GDPR Art. 9(2)(a)",
        ),
        ErrorCode(
            "TRM-RULE-014",
            _R,
            "sender is recipient",
            "A message cannot be addressed to its own sender.",
        ),
        ErrorCode(
            "TRM-RULE-015",
            _R,
            "stateless with citizenship",
            "A person recorded as stateless cannot also have citizenships.",
        ),
        ErrorCode(
            "TRM-RULE-016",
            _R,
            "channel and legal basis disagree",
            "Law Enforcement Directive bases and transfer mechanisms belong to the "
            "LAW_ENFORCEMENT channel only, and that channel needs one of them (or national "
            "law of a non-EU participant).",
            "Directive (EU) 2016/680 Arts. 8, 35-39",
        ),
        ErrorCode(
            "TRM-RULE-017",
            _R,
            "transfer mechanism contradicts corridor",
            "DOMESTIC needs sender and recipient in one country; INTRA_EU needs both in the "
            "EU/EEA and different countries.",
            "GDPR Chapter V",
        ),
        ErrorCode(
            "TRM-RULE-018",
            _R,
            "reply reference missing",
            "This kind of message answers another one and needs in_reply_to.",
        ),
        ErrorCode(
            "TRM-RULE-019",
            _R,
            "decline without reason",
            "A DECLINE case update needs a decline_reason; other updates must not carry one.",
        ),
        ErrorCode(
            "TRM-RULE-020",
            _R,
            "erasure outcome inconsistent",
            "ERASED means nothing is retained; PARTIALLY_ERASED and REFUSED must say what is "
            "retained and on which GDPR Art. 17(3) ground; a category cannot be both erased "
            "and retained.",
            "GDPR Art. 17(3)",
        ),
        ErrorCode(
            "TRM-RULE-021",
            _R,
            "age range inverted",
            "The lower bound of an assessed age range is above its upper bound.",
        ),
        ErrorCode(
            "TRM-RULE-022",
            _R,
            "child block for an adult",
            "The child block is only for a minor or presumed minor.",
        ),
        ErrorCode(
            "TRM-RULE-023",
            _R,
            "return outcome outside pre-return assessment",
            "return_safety_outcome is recorded only on a PRE_RETURN risk assessment.",
            "CETS 197 Art. 16(2), 16(7)",
        ),
        ErrorCode(
            "TRM-RULE-024",
            _R,
            "legal basis outside the sender's jurisdiction",
            "A sender in the EU/EEA relies on the GDPR or the Law Enforcement Directive; a "
            "sender outside it relies on its national law (NATIONAL_LAW_NON_EU bases and the "
            "NON_EU_NATIONAL_LAW or DOMESTIC mechanisms).",
            "GDPR Art. 3; Directive (EU) 2016/680 Art. 2",
        ),
        *(
            ErrorCode(code, _E, title, meaning, reference)
            for code, title, meaning, reference, _ in _ENVELOPE_CODES
        ),
        *(
            ErrorCode(code, Layer.CONSENT, title, meaning, reference)
            for code, _, title, meaning, reference, _ in CONSENT_CODES
        ),
        # --- the report itself -------------------------------------------------------------
        ErrorCode(
            "TRM-REPORT-001",
            _P,
            "too many issues",
            "The document has more issues than the configured limit (default 100); the "
            "report lists the first ones only.",
        ),
        # --- tooling ----------------------------------------------------------------------
        ErrorCode(
            "TRM-TOOL-001",
            _T,
            "schema drift",
            "The committed schema files differ from what the models generate.",
        ),
        ErrorCode(
            "TRM-TOOL-002",
            _T,
            "released schema changed",
            "A file of a released schema version no longer matches its recorded SHA-256.",
        ),
        # --- FHIR mapping ------------------------------------------------------------------
        *(
            ErrorCode(code, _F, title, meaning, reference)
            for code, title, meaning, reference, _ in _FHIR_CODES
        ),
        # --- anonymisation and statistical releases ----------------------------------------
        *(
            ErrorCode(code, _A, title, meaning, reference)
            for code, title, meaning, reference, _ in _ANON_CODES
        ),
    ]
)


def escape_pointer_token(token: str | int) -> str:
    """Escape one reference token of a JSON Pointer (RFC 6901 §3)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(parts: Iterable[str | int]) -> str:
    """Build an RFC 6901 JSON Pointer from path segments."""
    return "".join("/" + escape_pointer_token(p) for p in parts)


@dataclass(frozen=True, slots=True, order=True)
class Issue:
    """One problem found in a document.

    Attributes:
        pointer: RFC 6901 JSON Pointer to the offending place ("" is the whole document).
        code: A code of the registry (``CODES``).
        message: English text naming the problem; never contains a document value.
    """

    pointer: str
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered error code {self.code!r}")

    def as_dict(self) -> dict[str, str]:
        """Return the wire form ``{code, pointer, message}`` used by the CLI."""
        return {"code": self.code, "pointer": self.pointer, "message": self.message}


class TRMError(Exception):
    """Root of every error raised by trm_standard.

    Attributes:
        code: The registered code of the error.
    """

    code: str

    def __init__(self, code: str, message: str) -> None:
        if code not in CODES:
            raise ValueError(f"unregistered error code {code!r}")
        super().__init__(f"{code}: {message}")
        self.code = code

    def diagnostics(self) -> str:
        """Return a longer, human-readable explanation with the remedy."""
        entry = CODES[self.code]
        ref = f" ({entry.reference})" if entry.reference else ""
        return f"{self}\n{entry.title}: {entry.meaning}{ref}"


class ValidationError(TRMError):
    """A document failed validation; ``issues`` lists every problem found.

    Attributes:
        issues: All issues of the layer that failed, sorted by pointer (array indexes in
            numeric order), then code.
    """

    issues: tuple[Issue, ...]

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = tuple(issues)
        if not self.issues:
            raise ValueError("a ValidationError needs at least one issue")
        first = self.issues[0]
        more = len(self.issues) - 1
        suffix = f" (and {more} more)" if more else ""
        super().__init__(first.code, f"{first.message} at '{first.pointer}'{suffix}")

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def diagnostics(self) -> str:
        """Return every issue on its own line with the registry's explanation."""
        lines = []
        for issue in self.issues:
            entry = CODES[issue.code]
            lines.append(f"{issue.code} {issue.pointer or '/'}: {issue.message} ({entry.title})")
        return "\n".join(lines)


class SchemaDriftError(TRMError):
    """Committed schema files differ from what the models generate."""
