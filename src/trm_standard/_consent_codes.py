"""Reason and error codes of the consent engine (DESIGN §6), kept beside the registry.

Each entry is ``(code, effect, title, meaning, reference, example)``. ``effect`` says
what a reason does to a decision: ``permit`` grounds it, ``limit`` narrows what may
travel, ``note`` only informs, ``review`` and ``deny`` decide the outcome (deny overrides
review, review overrides permit). ``error`` marks codes raised as :class:`TRMError`.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CONSENT_CODES"]

CONSENT_CODES: Final = (
    # --- grounds ---------------------------------------------------------------------
    (
        "TRM-CONSENT-001",
        "permit",
        "consent covers the disclosure",
        "An active, informed consent covers the purpose, the recipient (named, or by type "
        "and country) and the data categories allowed by the decision.",
        "GDPR Arts. 6(1)(a), 7; CETS 197 Art. 12(7)",
        "a REFERRAL_ASSISTANCE consent naming the receiving coordinator",
    ),
    (
        "TRM-CONSENT-002",
        "permit",
        "legal basis covers the disclosure",
        "The purpose rests on the recorded lawful basis, not on consent: a pre-referral "
        "consultation, feedback on a referral to the party that sent it, or a purpose the "
        "policy serves by legal basis.",
        "GDPR Art. 6(1)(c), (e); Recital 26",
        "a pre-referral consultation under GDPR_6_1_E",
    ),
    (
        "TRM-CONSENT-003",
        "permit",
        "law-enforcement channel",
        "A law-enforcement purpose on the LAW_ENFORCEMENT channel rests on the Law "
        "Enforcement Directive (or the sender's national law), never on consent.",
        "Directive (EU) 2016/680 Arts. 8, 35",
        "CRIMINAL_PROCEEDINGS to a prosecution service on the LAW_ENFORCEMENT channel",
    ),
    (
        "TRM-CONSENT-004",
        "permit",
        "notice required by law",
        "A consent_withdrawal, erasure_request or erasure_confirmation goes to the party it "
        "is addressed to: telling each recipient is a legal duty.",
        "GDPR Arts. 17, 19",
        "a consent_withdrawal to the organisation that received the referral",
    ),
    # --- what travels ----------------------------------------------------------------
    (
        "TRM-CONSENT-005",
        "limit",
        "data category left out",
        "The message holds data of a category that neither the consent nor the purpose "
        "profile covers; minimisation leaves it out.",
        "GDPR Art. 5(1)(c)",
        "CRIMINAL_PROCEEDINGS data under a REFERRAL_ASSISTANCE consent",
    ),
    (
        "TRM-CONSENT-006",
        "limit",
        "special category left out",
        "Special-category or offence data travel only when the consent names the category "
        "explicitly or the legal basis records an Art. 9(2)/Art. 10 condition other than "
        "consent; otherwise minimisation leaves them out.",
        "GDPR Arts. 9(2)(a), 10; Directive (EU) 2016/680 Art. 10",
        "HEALTH listed in data_categories but not in explicit_categories",
    ),
    (
        "TRM-CONSENT-007",
        "limit",
        "SAFETY data need a named recipient",
        "Shelter addresses, meeting points and other SAFETY data go only to an organisation "
        "named individually (in the consent, or as the message's addressee when no consent "
        "is used); a type or a country is not enough.",
        "CETS 197 Arts. 11, 28",
        "a consent that covers org_types NGO but names no organisation",
    ),
    (
        "TRM-CONSENT-008",
        "limit",
        "pseudonymised data only",
        "The purpose allows no direct identifiers: minimisation leaves every DI field out.",
        "GDPR Arts. 4(5), 89(1)",
        "CROSS_BORDER_CASE_LINKING of a referral with names",
    ),
    (
        "TRM-CONSENT-009",
        "note",
        "assistance is not conditional",
        "Refusing a disclosure never limits the person's assistance, which does not depend "
        "on consent or on cooperation with the authorities.",
        "CETS 197 Art. 12(6); Directive 2011/36/EU Art. 11(3)",
        "a referral without a consent, refused",
    ),
    # --- consent problems --------------------------------------------------------------
    (
        "TRM-CONSENT-010",
        "deny",
        "no consent for the purpose",
        "No consent record covers the purpose; deny by default.",
        "GDPR Arts. 6(1)(a), 7(1); CETS 197 Art. 12(7)",
        "a FAMILY_TRACING_CONTACT request with only a REFERRAL_ASSISTANCE consent",
    ),
    (
        "TRM-CONSENT-011",
        "deny",
        "consent withdrawn",
        "The consent was withdrawn at or before the time of the decision; withdrawal is "
        "effective from its time onward, never before.",
        "GDPR Art. 7(3)",
        "a consent withdrawn yesterday",
    ),
    (
        "TRM-CONSENT-012",
        "deny",
        "consent expired",
        "The consent's valid_until has passed, its status is EXPIRED, or it is older than "
        "the policy's maximum age for the purpose.",
        "GDPR Art. 7; ISO/IEC TS 27560",
        "a REFERRAL_ASSISTANCE consent given 13 months ago",
    ),
    (
        "TRM-CONSENT-013",
        "deny",
        "consent superseded",
        "The consent was replaced by another one; only the newer consent can permit.",
        "GDPR Art. 7",
        "a consent with superseded_by set",
    ),
    (
        "TRM-CONSENT-014",
        "deny",
        "consent not yet given",
        "The consent was given after the time of the decision.",
        "GDPR Art. 7(1)",
        "a decision at 09:00 on a consent given at 10:00",
    ),
    (
        "TRM-CONSENT-015",
        "deny",
        "recipient not covered",
        "The recipient is neither named in the consent nor of an organisation type it covers.",
        "GDPR Arts. 7(2), 13(1)(e)",
        "a consent naming an NGO, asked about a police unit",
    ),
    (
        "TRM-CONSENT-016",
        "deny",
        "recipient country not covered",
        "The consent limits the recipient countries and the recipient's country is not among them.",
        "GDPR Arts. 13(1)(f), 49(1)(a)",
        "a consent for RO, asked about an organisation in BG",
    ),
    (
        "TRM-CONSENT-017",
        "deny",
        "recipient unknown",
        "The recipient is described neither by the message's organisations block nor by "
        "the participant directory, so nothing about it can be checked.",
        "GDPR Art. 5(2)",
        "a recipient id missing from organisations, without --directory",
    ),
    (
        "TRM-CONSENT-018",
        "deny",
        "consent not informed",
        "The record does not show that the person was told the purpose, the recipients and "
        "their countries, the right to withdraw and that assistance does not depend on "
        "consent.",
        "GDPR Arts. 4(11), 7(3), 13; CETS 197 Art. 12(6)-(7)",
        "information_provided.right_to_withdraw false",
    ),
    (
        "TRM-CONSENT-019",
        "deny",
        "notice for another party",
        "A withdrawal or erasure notice goes only to the party it is addressed to.",
        "GDPR Art. 19",
        "a consent_withdrawal addressed to RO, asked about BG",
    ),
    # --- legal basis and transfers -------------------------------------------------
    (
        "TRM-CONSENT-020",
        "deny",
        "public authority uses the consent derogation",
        "A public authority cannot rely on the person's consent as the derogation for a "
        "transfer to a third country.",
        "GDPR Art. 49(1)(a), 49(3)",
        'a national coordinator with transfer_mechanism "ART49_1A_CONSENT"',
    ),
    (
        "TRM-CONSENT-021",
        "review",
        "public authority relies on consent",
        "A public authority, or a sender whose status is unknown, names consent as the "
        "lawful basis; consent is rarely freely given towards an authority.",
        "GDPR Recital 43, Art. 7(4); EDPB Guidelines 05/2020 §3.1.1",
        'a police unit with lawful_basis "GDPR_6_1_A"',
    ),
    (
        "TRM-CONSENT-022",
        "deny",
        "no transfer mechanism for the corridor",
        "A transfer outside the EU/EEA needs a recorded mechanism accepted for this pair of "
        "countries, with the instrument named where the mechanism rests on one; a mechanism "
        "recorded for another recipient country does not count.",
        "GDPR Arts. 44-46; Directive (EU) 2016/680 Arts. 35-37",
        'SE to RS with "ART46_2A_INSTRUMENT" and no transfer_instrument',
    ),
    (
        "TRM-CONSENT-023",
        "deny",
        "consent derogation without risk information",
        "The transfer relies on explicit consent, but the consent does not show that the "
        "person was told the risks of a transfer without adequate safeguards.",
        "GDPR Art. 49(1)(a)",
        "ART49_1A_CONSENT with information_provided.transfer_risks false",
    ),
    (
        "TRM-CONSENT-024",
        "review",
        "transfer derogation needs case-by-case review",
        "Derogations for important public interest, vital interests or transfers to "
        "non-competent recipients are for specific situations and need a recorded review.",
        "GDPR Art. 49(1)(d), (f); Directive (EU) 2016/680 Arts. 38-39; EDPB Guidelines 2/2018",
        'transfer_mechanism "ART49_1F_VITAL_INTERESTS"',
    ),
    (
        "TRM-CONSENT-025",
        "deny",
        "purpose belongs to the other channel",
        "Law-enforcement purposes travel on the LAW_ENFORCEMENT channel only, and that "
        "channel carries nothing else; the two channels are never mixed.",
        "Directive (EU) 2016/680 Art. 9; CETS 197 Art. 12(6)",
        "CRIMINAL_PROCEEDINGS asked on the ASSISTANCE channel",
    ),
    (
        "TRM-CONSENT-026",
        "deny",
        "recipient not a competent authority",
        "Law-enforcement data go to a competent authority (police, border police, "
        "prosecution, court); any other recipient needs an Art. 39 transfer, which is "
        "reviewed case by case.",
        "Directive (EU) 2016/680 Arts. 35(1)(b), 39",
        "CRIMINAL_PROCEEDINGS to an NGO",
    ),
    (
        "TRM-CONSENT-027",
        "deny",
        "assistance data forwarded to law enforcement",
        "Assistance-channel data go to a police, border-police, prosecution or court "
        "recipient only under a SHARE_WITH_LAW_ENFORCEMENT consent of its own; another "
        "purpose's consent never lifts this block.",
        "CETS 197 Art. 12(6); Directive 2011/36/EU Art. 11(3)",
        "a REFERRAL_ASSISTANCE referral asked about a police unit",
    ),
    # --- minors ----------------------------------------------------------------------
    (
        "TRM-CONSENT-030",
        "deny",
        "child needs a guardian's consent",
        "For a child or presumed child below the country's self-consent age the appointed "
        "guardian or legal representative consents; an unaccompanied child needs an "
        "appointed guardian. Ages come from the policy, never from GDPR Art. 8.",
        "CETS 197 Art. 10(4); Directive 2011/36/EU Arts. 13(2), 14(2), 16(3)",
        'a 15-year-old with given_by "SELF"',
    ),
    (
        "TRM-CONSENT-031",
        "deny",
        "parent suspected of involvement",
        "A parent consents for a child only when not suspected of involvement in the "
        "trafficking (no conflict of interest).",
        "Directive 2011/36/EU Art. 14(2); CETS 197 Art. 10(4)",
        'given_by "PARENT" with parental_involvement "SUSPECTED"',
    ),
    (
        "TRM-CONSENT-032",
        "deny",
        "guardian not appointed",
        "The consent was given by a guardian or representative, but the child block does "
        "not show an appointed guardian.",
        "CETS 197 Art. 10(4)(a); Directive 2011/36/EU Art. 16(3)",
        'given_by "LEGAL_GUARDIAN" with guardian.appointed false',
    ),
    (
        "TRM-CONSENT-033",
        "deny",
        "child's views not recorded",
        "From the country's assent age (or when the age is unknown) the child's views must "
        "be heard and recorded before data about the child are shared.",
        "Directive 2011/36/EU Art. 14(1); UNCRC Art. 12",
        "a child block without views",
    ),
    (
        "TRM-CONSENT-034",
        "review",
        "child objects",
        "The child objected; the objection is weighed in a review, never overridden automatically.",
        "UNCRC Art. 12; Directive 2011/36/EU Art. 14(1)",
        'child_assent "OBJECTED"',
    ),
    (
        "TRM-CONSENT-035",
        "deny",
        "guardian consent lapsed",
        "The person is an adult at the time of the decision: consent given by a parent or "
        "guardian no longer counts and must be obtained from the person.",
        "CETS 197 Art. 4(d); GDPR Art. 7",
        "a guardian's consent for a person who turned 18 last week",
    ),
    (
        "TRM-CONSENT-036",
        "note",
        "presumed child",
        "The age is uncertain and there are reasons to believe the person is a child: the "
        "child rules apply.",
        "CETS 197 Art. 10(3); Directive 2011/36/EU Art. 13(2)",
        'minor_status "PRESUMED_MINOR"',
    ),
    # --- hard blocks -----------------------------------------------------------------
    (
        "TRM-CONSENT-040",
        "deny",
        "origin authorities and international protection",
        "No contact with authorities of the person's country of origin or citizenship while "
        "the person applies for or holds international protection; consent cannot lift it.",
        "Directive 2013/32/EU Art. 30",
        "IDENTITY_VERIFICATION_WITH_ORIGIN_AUTHORITIES for an asylum applicant",
    ),
    (
        "TRM-CONSENT-041",
        "review",
        "origin authorities after a protection decision",
        "The application for international protection was rejected or withdrawn: contact "
        "with origin authorities needs a review (non-refoulement).",
        "Directive 2013/32/EU Art. 30; Convention relating to the Status of Refugees Art. 33",
        'international_protection status "REJECTED"',
    ),
    (
        "TRM-CONSENT-042",
        "deny",
        "family tracing blocked",
        "Family tracing or contact is blocked when family involvement is suspected or "
        "confirmed, or tracing was found not in the child's best interests; consent cannot "
        "lift it.",
        "CETS 197 Art. 10(4)(d); Directive 2011/36/EU Art. 16(2)",
        'FAMILY_TRACING_CONTACT with parental_involvement "CONFIRMED"',
    ),
    (
        "TRM-CONSENT-043",
        "deny",
        "child return without safeguards",
        "A child is not returned without a best-interests determination for return and a "
        "pre-return risk assessment finding return safe; consent cannot lift it.",
        "CETS 197 Art. 16(7); Directive 2011/36/EU Art. 16(2)",
        "RETURN_REINTEGRATION for a child without a best-interests determination",
    ),
    (
        "TRM-CONSENT-045",
        "deny",
        "consultation needs a legal basis",
        "A pre-referral consultation carries no consent, yet may still be personal data: "
        "it rests on a lawful basis other than consent.",
        "GDPR Recital 26, Art. 6(1)(e)",
        'a pre_referral_consultation with lawful_basis "GDPR_6_1_A"',
    ),
    (
        "TRM-CONSENT-046",
        "deny",
        "anonymised release only",
        "The purpose is served by an anonymised statistical release (trm anonymise, trm "
        "stats), never by disclosing a message.",
        "GDPR Recital 26; WP29 Opinion 05/2014",
        "ANONYMISED_STATISTICS asked for a referral",
    ),
    (
        "TRM-CONSENT-047",
        "review",
        "emergency disclosure without consent",
        "No valid consent, but an EMERGENCY referral under the vital-interests basis: the "
        "disclosure may be justified and must be reviewed and documented.",
        "GDPR Arts. 6(1)(d), 9(2)(c); CETS 197 Art. 33",
        'urgency "EMERGENCY" with lawful_basis "GDPR_6_1_D" and no consent',
    ),
    (
        "TRM-CONSENT-048",
        "deny",
        "no valid message within the decision",
        "Without the data the decision leaves out, the message would not be valid (for "
        "example a required member or the child block of a minor).",
        "GDPR Art. 5(1)(c)",
        "a referral of a child under a consent without CHILD_PROTECTION",
    ),
    # --- errors ----------------------------------------------------------------------
    (
        "TRM-CONSENT-050",
        "error",
        "invalid consent policy",
        "The consent policy file is not valid JSON or does not match its schema "
        "(consent-policy.schema.json).",
        "",
        'a policy with "self_consent_age": "eighteen"',
    ),
    (
        "TRM-CONSENT-051",
        "error",
        "invalid participant directory",
        "The participant directory is not valid JSON, does not match its schema, lists an "
        "organisation twice or one whose country disagrees with its id.",
        "",
        "a directory listing the same org_id twice",
    ),
    (
        "TRM-CONSENT-052",
        "error",
        "disclosure log unusable",
        "The disclosure log cannot be opened or written; nothing was recorded.",
        "GDPR Arts. 5(2), 30",
        "a log path inside a read-only directory",
    ),
    (
        "TRM-CONSENT-053",
        "error",
        "invalid decision request",
        "The purpose is not a code of consent-purpose, the recipient is not a participant "
        "id, or the time is not timezone-aware.",
        "",
        'purpose "HELPING"',
    ),
    (
        "TRM-CONSENT-054",
        "error",
        "decision does not fit the message",
        "minimise() needs a PERMIT decision made for this very message.",
        "",
        "a DENY decision passed to minimise()",
    ),
)
