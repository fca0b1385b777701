"""The envelope commands of `trm`: keygen, trustlist build/verify, seal, open (exact contracts)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, Doc, dump

import trm_standard as trm
from trm_standard._envgen import Key, claims, compact_referral
from trm_standard._envgen import envelope as craft
from trm_standard.cli import main

SE = "https://w3id.org/trm/org/SE/JAMY"
RO = "https://w3id.org/trm/org/RO/ANITP"
BG = "https://w3id.org/trm/org/BG/NCCTHB"
ANCHOR = "https://w3id.org/trm/org/SI/TRM-ANCHOR"
NOW = "2026-03-02T10:00:00Z"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def world(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    """Keys for SE, RO, BG and an anchor, and a trust list of them (seq 2)."""
    keys = tmp_path / "keys"
    for participant in (SE, RO, BG, ANCHOR):
        code, _, _ = run(capsys, "keygen", "--participant", participant, "--out", str(keys))
        assert code == 0
    public = [
        str(keys / f"{cc}.{use}.public.jwk")
        for cc in ("SE-JAMY", "RO-ANITP", "BG-NCCTHB")
        for use in ("sig", "enc")
    ]
    code, _, err = run(
        capsys,
        "trustlist",
        "build",
        "--sign-with",
        str(keys / "SI-TRM-ANCHOR.sig.private.jwk"),
        "--out",
        str(tmp_path / "trust.jws"),
        "--seq",
        "2",
        "--now",
        NOW,
        *public,
    )
    assert code == 0, err
    return tmp_path


def _args(world: Path, *extra: str) -> list[str]:
    return [
        "--trust-list",
        str(world / "trust.jws"),
        "--anchor",
        str(world / "keys" / "SI-TRM-ANCHOR.sig.public.jwk"),
        *extra,
    ]


def _seal(
    capsys: pytest.CaptureFixture[str], world: Path, message: Path, out: str = "env.jwe"
) -> tuple[int, str, str]:
    return run(
        capsys,
        "seal",
        str(message),
        "--key",
        str(world / "keys" / "SE-JAMY.sig.private.jwk"),
        "--to",
        RO,
        *_args(world, "--out", str(world / out), "--now", NOW),
    )


def _open(
    capsys: pytest.CaptureFixture[str], world: Path, *extra: str, key: str = "RO-ANITP"
) -> tuple[int, str, str]:
    return run(
        capsys,
        "open",
        str(world / "env.jwe"),
        "--key",
        str(world / "keys" / f"{key}.enc.private.jwk"),
        *_args(world, "--replay-db", str(world / "replay.sqlite3"), *extra),
    )


def test_keygen_writes_four_files_private_ones_0600_and_prints_kids(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "keygen", "--participant", RO, "--out", str(tmp_path / "k"))
    assert code == 0
    files = sorted((tmp_path / "k").glob("*.jwk"))
    assert [f.name for f in files] == [
        "RO-ANITP.enc.private.jwk",
        "RO-ANITP.enc.public.jwk",
        "RO-ANITP.sig.private.jwk",
        "RO-ANITP.sig.public.jwk",
    ]
    for path in files:
        assert (stat.S_IMODE(path.stat().st_mode) == 0o600) == ("private" in path.name)
    kids = {
        json.loads((tmp_path / "k" / f"RO-ANITP.{u}.public.jwk").read_text())["kid"]
        for u in ("sig", "enc")
    }
    assert {line.split()[1] for line in out.splitlines()} == kids
    assert "0600" in err


def test_keygen_refuses_a_participant_that_is_not_an_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "keygen", "--participant", "Romania", "--out", str(tmp_path))
    assert (code, out) == (1, "")
    assert "TRM-KEY-001" in err
    assert not list(tmp_path.glob("*.jwk"))


def test_trustlist_verify_prints_the_list(capsys: pytest.CaptureFixture[str], world: Path) -> None:
    code, out, _ = run(
        capsys, "trustlist", "verify", str(world / "trust.jws"), *_args(world, "--now", NOW)[2:]
    )
    assert code == 0
    summary = json.loads(out)
    assert summary["seq"] == 2
    assert set(summary["participants"]) == {SE, RO, BG}
    assert len(summary["keys"]) == 6


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        (["--min-seq", "3", "--now", NOW], "TRM-TRUST-005"),
        (["--now", "2026-03-20T10:00:00Z"], "TRM-TRUST-004"),
    ],
)
def test_trustlist_verify_refuses(
    capsys: pytest.CaptureFixture[str], world: Path, extra: list[str], code: str
) -> None:
    status, out, err = run(
        capsys, "trustlist", "verify", str(world / "trust.jws"), *_args(world, *extra)[2:]
    )
    assert (status, out) == (1, "")
    assert code in err


def test_trustlist_verify_with_the_wrong_anchor(
    capsys: pytest.CaptureFixture[str], world: Path
) -> None:
    status, _, err = run(
        capsys,
        "trustlist",
        "verify",
        str(world / "trust.jws"),
        "--anchor",
        str(world / "keys" / "SE-JAMY.sig.public.jwk"),
        "--now",
        NOW,
    )
    assert status == 1
    assert "TRM-TRUST-002" in err


def test_trustlist_build_needs_a_signing_key(
    capsys: pytest.CaptureFixture[str], world: Path
) -> None:
    status, _, err = run(
        capsys,
        "trustlist",
        "build",
        "--sign-with",
        str(world / "keys" / "SE-JAMY.enc.private.jwk"),
        "--out",
        str(world / "x.jws"),
        str(world / "keys" / "SE-JAMY.sig.public.jwk"),
    )
    assert status == 2
    assert "signing key" in err
    assert not (world / "x.jws").exists()


def test_seal_then_open_prints_exactly_the_message(
    capsys: pytest.CaptureFixture[str], world: Path
) -> None:
    message = EXAMPLES / "referral-se-ro-adult-labour.json"
    code, out, err = _seal(capsys, world, message)
    assert (code, out) == (0, ""), err
    token = (world / "env.jwe").read_text()
    assert token.endswith("\n")
    assert token.count(".") == 4
    code, out, err = _open(capsys, world, "--now", NOW)
    assert code == 0, err
    expected = trm.canonical_json(trm.parse(message.read_bytes())).decode("utf-8") + "\n"
    assert out == expected
    assert "record digest" in err


def test_a_second_open_is_a_replay(capsys: pytest.CaptureFixture[str], world: Path) -> None:
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    assert _open(capsys, world, "--now", NOW)[0] == 0
    code, out, err = _open(capsys, world, "--now", NOW)
    assert (code, out) == (1, "")
    assert "TRM-ENV-026" in err


def test_open_checks_aud_against_the_owner_of_the_key(
    capsys: pytest.CaptureFixture[str], world: Path
) -> None:
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    code, out, err = _open(capsys, world, "--now", NOW, key="BG-NCCTHB")
    assert (code, out) == (1, "")
    assert "TRM-ENV-005" in err  # encrypted to RO's key: BG holds none of it


@pytest.mark.parametrize(
    ("now", "code"),
    [("2026-03-06T10:00:00Z", "TRM-ENV-019"), ("2026-03-02T08:00:00Z", "TRM-TRUST-004")],
)
def test_open_honours_now(
    capsys: pytest.CaptureFixture[str], world: Path, now: str, code: str
) -> None:
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    status, out, err = _open(capsys, world, "--now", now)
    assert (status, out) == (1, "")
    assert code in err


def test_a_tampered_envelope_is_refused(capsys: pytest.CaptureFixture[str], world: Path) -> None:
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    token = (world / "env.jwe").read_text().strip()
    parts = token.split(".")
    parts[3] = ("A" if parts[3][10] != "A" else "B").join([parts[3][:10], parts[3][11:]])
    (world / "env.jwe").write_text(".".join(parts))
    status, out, err = _open(capsys, world, "--now", NOW)
    assert (status, out) == (1, "")
    assert "TRM-ENV-006" in err or "TRM-ENV-002" in err


def test_seal_refuses_an_invalid_message(
    capsys: pytest.CaptureFixture[str], world: Path, referral: Doc
) -> None:
    del referral["person"]["sex"]
    (world / "bad.json").write_bytes(dump(referral))
    status, out, err = _seal(capsys, world, world / "bad.json")
    assert (status, out) == (1, "")
    assert "TRM-ENV-029" in err
    assert "/person" in err
    assert "Exemplu" not in err  # no personal data in diagnostics
    assert not (world / "env.jwe").exists()


def test_open_takes_previous_keys_too(capsys: pytest.CaptureFixture[str], world: Path) -> None:
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    run(capsys, "keygen", "--participant", RO, "--out", str(world / "new"))
    code, out, err = run(
        capsys,
        "open",
        str(world / "env.jwe"),
        "--key",
        str(world / "new" / "RO-ANITP.enc.private.jwk"),
        "--key",
        str(world / "keys" / "RO-ANITP.enc.private.jwk"),
        *_args(world, "--replay-db", str(world / "r.sqlite3"), "--now", NOW),
    )
    assert code == 0, err
    assert json.loads(out)["recipient"] == RO


def test_open_refuses_keys_of_two_participants(
    capsys: pytest.CaptureFixture[str], world: Path
) -> None:
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    code, _, err = _open(
        capsys, world, "--key", str(world / "keys" / "BG-NCCTHB.enc.private.jwk"), "--now", NOW
    )
    assert code == 2
    assert "same participant" in err


def test_open_remembers_the_trust_list_and_refuses_a_rollback(
    capsys: pytest.CaptureFixture[str], world: Path
) -> None:
    keys = world / "keys"
    public = [
        str(keys / f"{cc}.{use}.public.jwk")
        for cc in ("SE-JAMY", "RO-ANITP")
        for use in ("sig", "enc")
    ]
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    assert _open(capsys, world, "--now", NOW)[0] == 0  # accepts seq 2
    run(
        capsys,
        "trustlist",
        "build",
        "--sign-with",
        str(keys / "SI-TRM-ANCHOR.sig.private.jwk"),
        "--out",
        str(world / "trust.jws"),
        "--seq",
        "1",
        "--now",
        NOW,
        *public,
    )
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    code, out, err = _open(capsys, world, "--now", NOW)
    assert (code, out) == (1, "")
    assert "TRM-TRUST-005" in err


def test_open_uses_a_per_user_store_by_default(
    capsys: pytest.CaptureFixture[str], world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(world / "state"))
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    argv = [
        "open",
        str(world / "env.jwe"),
        "--key",
        str(world / "keys" / "RO-ANITP.enc.private.jwk"),
        *_args(world, "--now", NOW),
    ]
    assert run(capsys, *argv)[0] == 0
    assert (world / "state" / "trm" / "replay.sqlite3").is_file()
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert "TRM-ENV-026" in err


def test_missing_files_are_named(capsys: pytest.CaptureFixture[str], world: Path) -> None:
    code, _, err = _seal(capsys, world, world / "nowhere.json")
    assert code == 2
    assert "nowhere.json" in err


def test_the_exact_contract_runs_verbatim(tmp_path: Path) -> None:
    """The commands of the issue, as scripts type them, through the installed entry point."""
    exe = shutil.which("trm", path=str(Path(sys.executable).parent)) or "trm"
    env = os.environ | {"XDG_STATE_HOME": str(tmp_path / "state")}

    def sh(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [exe, *argv], capture_output=True, text=True, env=env, check=False, cwd=tmp_path
        )

    for participant in (SE, RO, ANCHOR):
        assert sh("keygen", "--participant", participant, "--out", "keys").returncode == 0
    built = sh(
        "trustlist",
        "build",
        "--sign-with",
        "keys/SI-TRM-ANCHOR.sig.private.jwk",
        "--out",
        "trust.jws",
        "keys/SE-JAMY.sig.public.jwk",
        "keys/SE-JAMY.enc.public.jwk",
        "keys/RO-ANITP.sig.public.jwk",
        "keys/RO-ANITP.enc.public.jwk",
    )
    assert built.returncode == 0, built.stderr
    verified = sh(
        "trustlist", "verify", "trust.jws", "--anchor", "keys/SI-TRM-ANCHOR.sig.public.jwk"
    )
    assert verified.returncode == 0, verified.stderr
    shutil.copy(EXAMPLES / "referral-se-ro-adult-labour.json", tmp_path / "referral.json")
    sealed = sh(
        "seal",
        "referral.json",
        "--key",
        "keys/SE-JAMY.sig.private.jwk",
        "--to",
        RO,
        "--trust-list",
        "trust.jws",
        "--anchor",
        "keys/SI-TRM-ANCHOR.sig.public.jwk",
        "--out",
        "env.jwe",
    )
    assert sealed.returncode == 0, sealed.stderr
    opened = sh(
        "open",
        "env.jwe",
        "--key",
        "keys/RO-ANITP.enc.private.jwk",
        "--trust-list",
        "trust.jws",
        "--anchor",
        "keys/SI-TRM-ANCHOR.sig.public.jwk",
    )
    assert opened.returncode == 0, opened.stderr
    assert json.loads(opened.stdout) == json.loads((tmp_path / "referral.json").read_text())
    replayed = sh(
        "open",
        "env.jwe",
        "--key",
        "keys/RO-ANITP.enc.private.jwk",
        "--trust-list",
        "trust.jws",
        "--anchor",
        "keys/SI-TRM-ANCHOR.sig.public.jwk",
    )
    assert (replayed.returncode, replayed.stdout) == (1, "")
    assert "TRM-ENV-026" in replayed.stderr


def test_make_demo_runs_the_exchange() -> None:
    demo = Path(__file__).parents[1] / "tools" / "demo.py"
    done = subprocess.run([sys.executable, str(demo)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "refused with TRM-ENV-026" in done.stdout
    assert "refused with TRM-ENV-006" in done.stdout
    assert "RO opened it: signed by" in done.stdout
    assert "one per recipient in the disclosure log" in done.stdout
    assert "imported back unchanged" in done.stdout
    assert "✗" not in done.stdout


def test_open_checks_aud_against_the_owner_of_the_key_it_decrypts_with(
    capsys: pytest.CaptureFixture[str], world: Path
) -> None:
    def key(name: str) -> Key:
        return Key(json.loads((world / "keys" / name).read_text()))

    message = compact_referral() | {"recipient": BG}
    body = claims("cli-aud", message, iss=SE, aud=BG, iat=1772445600)
    token = craft(
        "cli-aud",
        body,
        signer=key("SE-JAMY.sig.private.jwk"),
        recipient=key("RO-ANITP.enc.private.jwk"),
    )
    (world / "env.jwe").write_text(token.token)
    status, out, err = _open(capsys, world, "--now", NOW)
    assert (status, out) == (1, "")
    assert "TRM-ENV-018" in err  # decrypted with RO's key, addressed to BG


@pytest.mark.parametrize("now", ["²", "yesterday", "2026-03-02T10:00:00+02:00"])
def test_bad_now_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], world: Path, now: str
) -> None:
    status, _, err = run(
        capsys, "trustlist", "verify", str(world / "trust.jws"), *_args(world, "--now", now)[2:]
    )
    assert status == 2
    assert "--now" in err


def test_a_trust_list_file_with_other_bytes_is_malformed(
    capsys: pytest.CaptureFixture[str], world: Path
) -> None:
    (world / "trust.jws").write_bytes("é".encode() + (world / "trust.jws").read_bytes())
    status, _, err = run(
        capsys, "trustlist", "verify", str(world / "trust.jws"), *_args(world, "--now", NOW)[2:]
    )
    assert status == 1
    assert "TRM-TRUST-001" in err


def test_an_unusable_replay_store_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], world: Path
) -> None:
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    (world / "not-sqlite").write_text("plain text, not a database\n" * 100)
    for where in (world / "not-sqlite", world / "keys"):
        status, out, err = run(
            capsys,
            "open",
            str(world / "env.jwe"),
            "--key",
            str(world / "keys" / "RO-ANITP.enc.private.jwk"),
            *_args(world, "--replay-db", str(where), "--now", NOW),
        )
        assert (status, out) == (2, "")
        assert "replay store" in err


def test_rollback_state_is_kept_per_set_of_anchors(
    capsys: pytest.CaptureFixture[str], world: Path
) -> None:
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    assert _open(capsys, world, "--now", NOW)[0] == 0  # seq 2 accepted under this anchor
    keys = world / "keys"
    run(
        capsys,
        "keygen",
        "--participant",
        "https://w3id.org/trm/org/SI/OTHER-ANCHOR",
        "--out",
        str(keys),
    )
    public = [
        str(keys / f"{cc}.{use}.public.jwk")
        for cc in ("SE-JAMY", "RO-ANITP")
        for use in ("sig", "enc")
    ]
    run(
        capsys,
        "trustlist",
        "build",
        "--sign-with",
        str(keys / "SI-OTHER-ANCHOR.sig.private.jwk"),
        "--out",
        str(world / "other.jws"),
        "--seq",
        "1",
        "--now",
        NOW,
        *public,
    )
    _seal(capsys, world, EXAMPLES / "referral-se-ro-adult-labour.json")
    code, _, err = run(
        capsys,
        "open",
        str(world / "env.jwe"),
        "--key",
        str(keys / "RO-ANITP.enc.private.jwk"),
        "--trust-list",
        str(world / "other.jws"),
        "--anchor",
        str(keys / "SI-OTHER-ANCHOR.sig.public.jwk"),
        "--replay-db",
        str(world / "replay.sqlite3"),
        "--now",
        NOW,
    )
    assert code == 0, err  # seq 1 under another anchor is not a rollback of seq 2
