// Proves that a standard non-Python JOSE implementation, npm `jose` (panva, v6), interoperates
// with the envelope profile TRM-JOSE-1 (docs/envelope.md) in both directions:
//
//   receiver  every valid trust-list and envelope vector opens with `jose` (compactVerify,
//             compactDecrypt, jwtVerify), to the exact payload bytes, message and record
//             digest the vector expects; the invalid vectors whose defect is cryptographic
//             or a JOSE rule a library enforces (algorithm allow-lists, typ, exp/nbf) are
//             rejected by `jose` too.
//   producer  `jose` seals the messages of a request file written by tools/jose_interop.py
//             (CompactSign, then CompactEncrypt); the tokens are written for Python to open.
//
// Invalid vectors that `jose` accepts are listed for information: they are the profile's
// own checks (strict JSON, canonical payload, forbidden header members, trust-list status,
// replay, ...) that docs/envelope.md §11 tells implementers to add around their library.
//
// Usage: node tools/jose-check.mjs VECTOR_DIR [REQUEST.json TOKENS.json]
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import * as jose from "jose";

const INNER_TYP = "trm+jwt";
const TRUSTLIST_TYP = "trm-trustlist+jwt";
const SIG = { algorithms: ["ES256"] };
const ENC = { keyManagementAlgorithms: ["ECDH-ES+A256KW"], contentEncryptionAlgorithms: ["A256GCM"] };

// Invalid vectors (id prefixes) that `jose` itself must reject. Each prefix must match a file.
const MUST_REJECT_TRUST = ["T02-", "T05-", "T07-", "T10-"];
const MUST_REJECT_ENVELOPE = [
  "N01-", // ciphertext bit
  "N02-", // tag bit
  "N03-", // encrypted key bit
  "N04-", // protected header changed (AAD)
  "N05", // a/b/c: key management alg not allowed
  "N06-", // enc A128CBC-HS256 not allowed
  "N08a-", // epk off curve
  "N08b-", // epk on P-384
  "N12-", // JSON serialization
  "N13-", // bare JWS
  "N20-", // alg none
  "N21-", // HS256
  "N22", // a/b: ES384, EdDSA
  "N23-", // payload changed after signing
  "N24-", // empty signature
  "N25-", // DER signature
  "N26-", // r = s = 0
  "N31", // a/b/c: typ missing, JWT, trm-trustlist+jwt
  "N47-", // expired
  "N48-", // not yet valid
];

const [vectorDir, requestPath, tokensPath] = process.argv.slice(2);
if (!vectorDir) {
  console.error("usage: node tools/jose-check.mjs VECTOR_DIR [REQUEST.json TOKENS.json]");
  process.exit(2);
}

let passed = 0;
let failed = 0;
const accepted = []; // invalid vectors `jose` accepts: the profile's own checks
const alsoRejected = []; // invalid vectors outside the list that `jose` rejects anyway

function pass() {
  passed += 1;
}
function fail(id, message) {
  failed += 1;
  console.error(`FAIL ${id}: ${message}`);
}
function reason(err) {
  return err?.code ?? err?.name ?? "Error";
}
// An outer-header vector whose header was edited without re-encrypting (or whose ciphertext,
// epk or KDF inputs do not match the header) fails any library's decryption: that rejection
// says nothing about the header rule the vector is about.
function incidental(err) {
  return reason(err) === "ERR_JWE_DECRYPTION_FAILED" ? " - by AEAD/key unwrap, not by the header rule" : "";
}

function load(folder) {
  const dir = join(vectorDir, folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")));
}

function selected(vectors, prefixes, label) {
  const ids = new Set();
  for (const prefix of prefixes) {
    const hits = vectors.filter((v) => v.id.startsWith(prefix));
    if (hits.length === 0) fail(label, `no vector with id prefix ${prefix}`);
    for (const v of hits) {
      if (v.expected.valid) fail(v.id, "listed as must-reject, but the vector is valid");
      ids.add(v.id);
    }
  }
  return ids;
}

// RFC 7515 §4.1.9: media types compare case-insensitively; "application/" may be left out.
const sameTyp = (typ, expected) =>
  typeof typ === "string" && typ.toLowerCase().replace(/^application\//, "") === expected;
const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");

// A trust list: the compact JWS must verify (ES256 only) with one pinned anchor, typ checked.
async function verifyTrustList(token, anchors) {
  let last = new Error("no trust anchor");
  for (const anchor of anchors) {
    const key = await jose.importJWK(anchor, "ES256");
    let verified;
    try {
      verified = await jose.compactVerify(token, key, SIG);
    } catch (err) {
      last = err;
      continue;
    }
    if (!sameTyp(verified.protectedHeader.typ, TRUSTLIST_TYP)) {
      const err = new Error(`unexpected trust-list typ ${JSON.stringify(verified.protectedHeader.typ)}`);
      err.code = "TYP";
      throw err;
    }
    return { anchor: anchor.kid, payload: JSON.parse(new TextDecoder().decode(verified.payload)) };
  }
  throw last;
}

// An envelope, as a receiver using `jose` would open it: decrypt with the own key named by the
// outer kid, then verify the inner JWT with the trust list's signing key named by the inner kid.
async function openEnvelope(vector, trust) {
  const { context } = vector;
  const decrypted = await jose.compactDecrypt(
    vector.input.envelope,
    async (header) => {
      const jwk = context.receiver_keys.find((k) => k.kid === header.kid);
      if (!jwk) throw Object.assign(new Error("no receiver key with this kid"), { code: "NO-KEY" });
      return jose.importJWK(jwk, "ECDH-ES+A256KW");
    },
    ENC,
  );
  const jws = new TextDecoder("utf-8", { fatal: true }).decode(decrypted.plaintext);
  // The expected issuer is the owner of the signing key the inner kid names on the trust list
  // (for a valid vector, its claims' iss); the key itself is chosen by jose's own JWKS lookup
  // (kid, alg ES256, use sig) among the trust list's keys.
  let owner;
  try {
    const { kid } = jose.decodeProtectedHeader(jws);
    owner = trust.payload.keys.find((k) => k.kid === kid && k.use === "sig")?.trm_owner;
  } catch {
    // not a JWS at all: jwtVerify below says so
  }
  const keys = jose.createLocalJWKSet({ keys: trust.payload.keys });
  const verified = await jose.jwtVerify(jws, keys, {
    ...SIG,
    typ: INNER_TYP,
    ...(owner === undefined ? {} : { issuer: owner }),
    audience: context.receiver,
    currentDate: new Date(context.now * 1000),
    clockTolerance: context.policy.skew,
  });
  const raw = new TextDecoder("utf-8", { fatal: true }).decode(jose.base64url.decode(jws.split(".")[1]));
  return { outer: decrypted.protectedHeader, inner: verified.protectedHeader, claims: verified.payload, raw };
}

async function checkTrustLists() {
  const vectors = load("trustlist").filter((v) => v.operation === "trustlist.load");
  const mustReject = selected(vectors, MUST_REJECT_TRUST, "trustlist");
  for (const v of vectors) {
    let result;
    try {
      result = await verifyTrustList(v.input.trust_list, v.context.trust_anchors);
    } catch (err) {
      if (v.expected.valid) fail(v.id, `jose rejects a valid trust list: ${reason(err)} ${err.message}`);
      else if (mustReject.has(v.id)) pass();
      else alsoRejected.push(`${v.id} (${reason(err)})`);
      continue;
    }
    if (v.expected.valid) {
      if (!Array.isArray(result.payload.keys)) fail(v.id, "payload has no keys list");
      else pass();
    } else if (mustReject.has(v.id)) {
      fail(v.id, `jose accepts it (anchor ${result.anchor}), expected ${v.expected.errors.join(", ")}`);
    } else {
      accepted.push(`${v.id} [${v.expected.errors.join(", ")}] ${v.description}`);
    }
  }
}

function checkOpened(v, opened) {
  const out = v.expected.output;
  const problems = [];
  const expectedPayload = v.intermediate?.payload;
  if (opened.raw !== expectedPayload) problems.push("payload bytes differ from intermediate.payload");
  if (!isDeepStrictEqual(opened.claims.trm, out.message)) problems.push("trm differs from expected.output.message");
  const { trm, ...rest } = opened.claims;
  if (!isDeepStrictEqual(rest, out.claims)) problems.push("claims differ from expected.output.claims");
  if (opened.claims.iss !== out.claims.iss) problems.push("iss differs");
  if (opened.inner.kid !== out.sender_kid) problems.push(`sender kid ${opened.inner.kid} != ${out.sender_kid}`);
  if (opened.outer.kid !== out.recipient_kid) problems.push(`recipient kid ${opened.outer.kid} != ${out.recipient_kid}`);
  // The payload is JCS with members aud, exp, iat, iss, jti, nbf, trm, trm_schema: the JCS of
  // trm is the text between them, and its SHA-256 is the record digest.
  const start = opened.raw.indexOf(',"trm":');
  const end = opened.raw.lastIndexOf(',"trm_schema":');
  if (start < 0 || end < start) problems.push("trm not found between its neighbours in the payload");
  else {
    const trmText = opened.raw.slice(start + ',"trm":'.length, end);
    if (!isDeepStrictEqual(JSON.parse(trmText), out.message)) problems.push("trm substring is not the message");
    const digest = sha256(trmText);
    if (digest !== out.record_digest) problems.push(`record digest ${digest} != ${out.record_digest}`);
  }
  return problems;
}

async function checkEnvelopes() {
  const vectors = load("envelope").filter((v) => v.operation === "envelope.open");
  const mustReject = selected(vectors, MUST_REJECT_ENVELOPE, "envelope");
  for (const v of vectors) {
    let trust;
    try {
      trust = await verifyTrustList(v.context.trust_list, v.context.trust_anchors);
    } catch (err) {
      fail(v.id, `the context's trust list does not verify: ${reason(err)} ${err.message}`);
      continue;
    }
    let opened;
    try {
      opened = await openEnvelope(v, trust);
    } catch (err) {
      if (v.expected.valid) fail(v.id, `jose rejects a valid envelope: ${reason(err)} ${err.message}`);
      else if (mustReject.has(v.id)) pass();
      else alsoRejected.push(`${v.id} (${reason(err)})${incidental(err)}`);
      continue;
    }
    if (v.expected.valid) {
      const problems = checkOpened(v, opened);
      if (problems.length) fail(v.id, problems.join("; "));
      else pass();
    } else if (mustReject.has(v.id)) {
      fail(v.id, `jose accepts it, expected ${v.expected.errors.join(", ")}`);
    } else {
      accepted.push(`${v.id} [${v.expected.errors.join(", ")}] ${v.description}`);
    }
  }
}

// Producer direction: seal every message of the request with `jose` alone.
async function produce() {
  const request = JSON.parse(readFileSync(requestPath, "utf8"));
  const signingKey = await jose.importJWK(request.sender, "ES256");
  const recipientKey = await jose.importJWK(request.recipient, "ECDH-ES+A256KW");
  const tokens = [];
  for (const m of request.messages) {
    if (!isDeepStrictEqual(JSON.parse(m.payload), m.claims)) {
      fail(`produce ${m.label}`, "the request's payload is not its claims");
      continue;
    }
    const jws = await new jose.CompactSign(new TextEncoder().encode(m.payload))
      .setProtectedHeader({ alg: "ES256", kid: request.sender.kid, typ: INNER_TYP })
      .sign(signingKey);
    const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(jws))
      .setProtectedHeader({ alg: "ECDH-ES+A256KW", enc: "A256GCM", cty: "JWT", kid: request.recipient.kid })
      .encrypt(recipientKey);
    tokens.push({ label: m.label, envelope: jwe });
    pass();
  }
  writeFileSync(tokensPath, `${JSON.stringify({ tokens }, null, 1)}\n`);
  console.log(`jose produced ${tokens.length} envelopes -> ${tokensPath}`);
}

await checkTrustLists();
await checkEnvelopes();
if (requestPath && tokensPath) await produce();

console.log(`\njose also rejects (beyond the must-reject list; informational): ${alsoRejected.length}`);
for (const line of alsoRejected) console.log(`  ${line}`);
console.log(`\njose accepts, the profile rejects (checks to add around the library, docs/envelope.md): ${accepted.length}`);
for (const line of accepted) console.log(`  ${line}`);
console.log(`\njose interop: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
