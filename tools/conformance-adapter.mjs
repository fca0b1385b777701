// A conformance adapter for Node.js (protocol trm-conformance/1, docs/conformance.md).
//
// Reads ONE JSON request from stdin, writes ONE JSON response to stdout, exits 0. It is an
// independent implementation of the TRM standard over standard npm packages: `ajv` and
// `ajv-formats` for the JSON Schema layer, `jose` (with node:crypto where the profile is
// stricter than a library) for TRM-JOSE-1. It shares no code with trm_standard.
//
//   validate        layer 1 (strict JSON, TRM-JSON-*), dispatch (TRM-VERSION-*) and the JSON
//                   Schema layer (TRM-SCHEMA-*) over schemas/<version>/message.schema.json;
//                   the model and business-rule layers (TRM-MODEL, TRM-RULE) are not
//                   implemented here, so a document that passes the schema is answered valid.
//   trustlist.load  docs/envelope.md §8.2, in order.
//   envelope.open   docs/envelope.md §7, in order (the message validated as above).
//   envelope.seal   docs/envelope.md §6.
//   key.load        docs/envelope.md §3.2.
//   anything else   {"unsupported": true, "errors": []}.
//
// Diagnostics never contain document values (they may be personal data).
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import crypto from "node:crypto";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats.js";
import * as jose from "jose";

const ROOT = new URL("..", import.meta.url).pathname;

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

class TRMError extends Error {
  constructor(code, message, issues = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}
const fail = (code, message) => {
  throw new TRMError(code, message);
};

// ---------------------------------------------------------------------------------------
// Strict JSON: a parser with the grammar of Python's json module (the reference), keeping
// what JSON.parse loses: repeated member names, number forms, lone surrogates.
// Values: strings, booleans, null, arrays, JObj (objects), BigInt (integers) and the
// markers FLOAT (fraction or exponent), NONFINITE (NaN, Infinity), HUGE (over 16 digits).
// ---------------------------------------------------------------------------------------

class JObj {
  constructor() {
    this.map = new Map(); // first position, last value (as Python's dict(pairs))
    this.dupes = []; // names seen more than once, in the order their repetition was found
  }
}
const FLOAT = Object.freeze({ marker: "float" });
const NONFINITE = Object.freeze({ marker: "nonfinite" });
const HUGE = Object.freeze({ marker: "huge" });
const MALFORMED = Symbol("malformed");
const RECURSION = Symbol("recursion");
const MAX_SAFE = 2n ** 53n - 1n;
const MAX_INT_DIGITS = 16;
// Python's decoder gives up with RecursionError at about this many nested containers.
const PY_RECURSION_DEPTH = 990;
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

function parseJson(text) {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i += 1;
      else break;
    }
  };
  const string = () => {
    // at the opening quote
    i += 1;
    let out = "";
    let start = i;
    for (;;) {
      if (i >= n) throw MALFORMED;
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i += 1;
        return out;
      }
      if (c < 0x20) throw MALFORMED; // strict: no raw control characters
      if (c !== 0x5c) {
        i += 1;
        continue;
      }
      out += text.slice(start, i);
      const e = text[i + 1];
      if (e === undefined) throw MALFORMED;
      const simple = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }[e];
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (e === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!HEX4.test(hex)) throw MALFORMED;
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        throw MALFORMED;
      }
      start = i;
    }
  };
  const value = (depth) => {
    if (i >= n) throw MALFORMED;
    const c = text[i];
    if (c === '"') return string();
    if (c === "{" || c === "[") {
      if (depth >= PY_RECURSION_DEPTH) throw RECURSION;
      return c === "{" ? object(depth + 1) : array(depth + 1);
    }
    if (text.startsWith("null", i)) {
      i += 4;
      return null;
    }
    if (text.startsWith("true", i)) {
      i += 4;
      return true;
    }
    if (text.startsWith("false", i)) {
      i += 5;
      return false;
    }
    if (text.startsWith("NaN", i)) {
      i += 3;
      return NONFINITE;
    }
    if (text.startsWith("Infinity", i)) {
      i += 8;
      return NONFINITE;
    }
    if (text.startsWith("-Infinity", i)) {
      i += 9;
      return NONFINITE;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) throw MALFORMED;
    i += m[0].length;
    if (m[1] !== undefined || m[2] !== undefined) return FLOAT;
    const digits = m[0].length - (m[0].startsWith("-") ? 1 : 0);
    return digits > MAX_INT_DIGITS ? HUGE : BigInt(m[0]);
  };
  const object = (depth) => {
    i += 1;
    const obj = new JObj();
    const seen = new Set();
    ws();
    if (text[i] === "}") {
      i += 1;
      return obj;
    }
    for (;;) {
      if (text[i] !== '"') throw MALFORMED;
      const name = string();
      ws();
      if (text[i] !== ":") throw MALFORMED;
      i += 1;
      ws();
      const item = value(depth);
      if (seen.has(name) && !obj.dupes.includes(name)) obj.dupes.push(name);
      seen.add(name);
      obj.map.set(name, item);
      ws();
      if (text[i] === ",") {
        i += 1;
        ws();
        continue;
      }
      if (text[i] === "}") {
        i += 1;
        return obj;
      }
      throw MALFORMED;
    }
  };
  const array = (depth) => {
    i += 1;
    const arr = [];
    ws();
    if (text[i] === "]") {
      i += 1;
      return arr;
    }
    for (;;) {
      arr.push(value(depth));
      ws();
      if (text[i] === ",") {
        i += 1;
        ws();
        continue;
      }
      if (text[i] === "]") {
        i += 1;
        return arr;
      }
      throw MALFORMED;
    }
  };
  ws();
  const result = value(0);
  ws();
  if (i !== n) throw MALFORMED;
  return result;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SNAKE = /^[a-z][a-z0-9_]{0,63}$/;
// Python's str.isspace(): what str.strip() removes.
const PY_SPACE = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

function utf8Decode(bytes) {
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
}

// Encode a JS string as Python's str.encode("utf-8", "surrogatepass") does: a lone
// surrogate becomes its 3-byte form, which no UTF-8 decoder accepts.
function encodeSurrogatePass(text) {
  if (!LONE_SURROGATE.test(text)) return Buffer.from(text, "utf8");
  const out = [];
  for (let k = 0; k < text.length; k += 1) {
    const c = text.charCodeAt(k);
    const next = text.charCodeAt(k + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out.push(Buffer.from(text.slice(k, k + 2), "utf8"));
      k += 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out.push(Buffer.from([0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]));
    } else {
      out.push(Buffer.from(text[k], "utf8"));
    }
  }
  return Buffer.concat(out);
}

// ---------------------------------------------------------------------------------------
// Schemas, member names, Ajv
// ---------------------------------------------------------------------------------------

const INDEX = JSON.parse(readFileSync(join(ROOT, "schemas", "index.json"), "utf8"));
const READABLE = new Set(INDEX.versions.map((v) => v.version));
const SPEC_VERSION = [...READABLE].sort().at(-1);
const schemaId = (version, type) => `https://w3id.org/trm/schema/${version}/${type}.schema.json`;
const MESSAGE_SCHEMA = JSON.parse(
  readFileSync(join(ROOT, "schemas", SPEC_VERSION, "message.schema.json"), "utf8"),
);
const MESSAGE_TYPES = new Set(MESSAGE_SCHEMA.properties.message_type.enum);

let ajv = null;
const MEMBER_NAMES = new Set();
function loadSchemas() {
  if (ajv) return ajv;
  ajv = new Ajv2020({ strict: true, allErrors: true });
  // The schemas pair each format with a pattern that fixes the shape; like the reference,
  // a value of the wrong shape is left to the pattern (one issue per problem), and a value
  // of the right shape is checked by ajv-formats' full RFC 3339 validators.
  const DATE = /^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
  const DATETIME =
    /^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$/;
  addFormats(ajv, ["date", "date-time"]);
  ajv.addFormat("date", { type: "string", validate: (s) => !DATE.test(s) || fullFormats.date.validate(s) });
  ajv.addFormat("date-time", {
    type: "string",
    validate: (s) => !DATETIME.test(s) || fullFormats["date-time"].validate(s),
  });
  for (const keyword of ["x-trm-privacy", "x-trm-category", "x-trm-codelist"]) {
    ajv.addKeyword({ keyword, schemaType: "string" });
  }
  const collect = (node) => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (k === "properties" && v && typeof v === "object" && !Array.isArray(v)) {
          for (const name of Object.keys(v)) MEMBER_NAMES.add(name);
        }
        collect(v);
      }
    }
  };
  for (const version of INDEX.versions) {
    for (const file of version.files) {
      if (!file.name.endsWith(".schema.json")) continue;
      const schema = JSON.parse(readFileSync(join(ROOT, "schemas", version.version, file.name), "utf8"));
      ajv.addSchema(schema);
      if (version.version === SPEC_VERSION) collect(schema);
    }
  }
  return ajv;
}

// ---------------------------------------------------------------------------------------
// Issues: pointers, sorting and the issue limit exactly as the reference reports them
// ---------------------------------------------------------------------------------------

const escapeToken = (t) => String(t).replaceAll("~", "~0").replaceAll("/", "~1");
const pointer = (path) => path.map((p) => `/${escapeToken(p)}`).join("");
const issue = (ptr, code, message) => ({ pointer: ptr, code, message });

function comparePoints(a, b) {
  const ca = Array.from(a);
  const cb = Array.from(b);
  for (let k = 0; k < Math.min(ca.length, cb.length); k += 1) {
    const d = ca[k].codePointAt(0) - cb[k].codePointAt(0);
    if (d) return d < 0 ? -1 : 1;
  }
  return ca.length - cb.length;
}
function pointerKey(ptr) {
  return ptr
    .split("/")
    .slice(1)
    .map((t) => (/^[0-9]+$/.test(t) ? [0, BigInt(t), ""] : [1, 0n, t]));
}
function compareIssues(a, b) {
  const ka = pointerKey(a.pointer);
  const kb = pointerKey(b.pointer);
  for (let k = 0; k < Math.min(ka.length, kb.length); k += 1) {
    const [x, y] = [ka[k], kb[k]];
    if (x[0] !== y[0]) return x[0] - y[0];
    if (x[1] !== y[1]) return x[1] < y[1] ? -1 : 1;
    const c = comparePoints(x[2], y[2]);
    if (c) return c;
  }
  if (ka.length !== kb.length) return ka.length - kb.length;
  return comparePoints(a.code, b.code);
}
function finish(issues, limits) {
  const unique = new Map();
  for (const it of issues) unique.set(`${it.pointer}\u0000${it.code}\u0000${it.message}`, it);
  const ordered = [...unique.values()].sort(compareIssues);
  if (ordered.length <= limits.max_issues) return ordered;
  return [...ordered.slice(0, limits.max_issues), issue("", "TRM-REPORT-001", "more issues")];
}

// ---------------------------------------------------------------------------------------
// Layer 1: bytes and strict JSON
// ---------------------------------------------------------------------------------------

const DEFAULT_LIMITS = { max_bytes: 1024 * 1024, max_depth: 32, max_issues: 100 };

function layer1(raw, limits, memberNames) {
  const one = (code) => ({ value: null, issues: [issue("", code, code)] });
  if (raw.length > limits.max_bytes) return one("TRM-JSON-002");
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) return one("TRM-JSON-012");
  let text;
  try {
    text = utf8Decode(raw);
  } catch {
    return one("TRM-JSON-003");
  }
  if (PY_SPACE.test(text)) return one("TRM-JSON-001");
  let value;
  try {
    value = parseJson(text);
  } catch (err) {
    if (err === RECURSION) return one("TRM-JSON-009");
    if (err === MALFORMED) return one("TRM-JSON-004");
    throw err;
  }
  const issues = [];
  let tooDeep = false;
  const add = (path, code, message) => {
    if (issues.length <= limits.max_issues) issues.push(issue(pointer(path), code, message));
  };
  const token = (name) => (memberNames ? (memberNames.has(name) ? name : null) : SNAKE.test(name) ? name : null);
  const walk = (v, path, depth) => {
    if (Array.isArray(v) || v instanceof JObj) {
      if (depth > limits.max_depth) {
        if (!tooDeep) {
          tooDeep = true;
          add(path, "TRM-JSON-009", "nesting too deep");
        }
        return;
      }
      if (Array.isArray(v)) {
        v.forEach((item, index) => walk(item, [...path, index], depth + 1));
        return;
      }
      for (const name of v.dupes) {
        const t = token(name);
        add(t === null ? path : [...path, t], "TRM-JSON-005", "duplicate member name");
      }
      for (const [name, item] of v.map) {
        if (!SNAKE.test(name)) add(path, "TRM-JSON-015", "member name is not ASCII snake_case");
        const t = token(name);
        walk(item, t === null ? path : [...path, t], depth + 1);
      }
    } else if (typeof v === "string") {
      if (LONE_SURROGATE.test(v)) add(path, "TRM-JSON-014", "unpaired surrogate");
      else if (v.normalize("NFC") !== v) add(path, "TRM-JSON-013", "not NFC");
    } else if (v === null) add(path, "TRM-JSON-011", "null");
    else if (v === FLOAT) add(path, "TRM-JSON-007", "fraction or exponent");
    else if (v === NONFINITE) add(path, "TRM-JSON-006", "NaN or Infinity");
    else if (v === HUGE || (typeof v === "bigint" && (v > MAX_SAFE || v < -MAX_SAFE))) {
      add(path, "TRM-JSON-008", "integer outside the safe range");
    }
  };
  walk(value, [], 1);
  if (!(value instanceof JObj)) issues.unshift(issue("", "TRM-JSON-010", "root not an object"));
  return { value, issues };
}

// A parsed value as plain JavaScript (for Ajv and for output); only for values that passed
// layer 1 or the canonical checks (no markers, integers within the safe range).
function plain(v) {
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof JObj) {
    const out = {};
    for (const [k, item] of v.map) {
      Object.defineProperty(out, k, { value: plain(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (typeof v === "bigint") return Number(v);
  if (v === FLOAT || v === NONFINITE || v === HUGE) throw new TypeError("not a data-model value");
  return v;
}

// Plain JavaScript (e.g. from the request) as a parsed value.
function fromPlain(v) {
  if (Array.isArray(v)) return v.map(fromPlain);
  if (v && typeof v === "object") {
    const obj = new JObj();
    for (const [k, item] of Object.entries(v)) obj.map.set(k, fromPlain(item));
    return obj;
  }
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : FLOAT;
  return v;
}

// ---------------------------------------------------------------------------------------
// RFC 8785 under the data-model limits: null when the value has no canonical form here
// (a float, an integer beyond ±(2^53-1), a non-ASCII member name, a lone surrogate).
// ---------------------------------------------------------------------------------------

const ASCII = /^[\x00-\x7f]*$/;
function jcs(v) {
  if (v === null) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "bigint") return v > MAX_SAFE || v < -MAX_SAFE ? null : v.toString();
  if (typeof v === "string") return LONE_SURROGATE.test(v) ? null : JSON.stringify(v);
  if (Array.isArray(v)) {
    const parts = v.map(jcs);
    return parts.includes(null) ? null : `[${parts.join(",")}]`;
  }
  if (v instanceof JObj) {
    const names = [...v.map.keys()];
    if (!names.every((k) => ASCII.test(k))) return null;
    names.sort(); // UTF-16 code units, as RFC 8785 says
    const parts = [];
    for (const k of names) {
      const item = jcs(v.map.get(k));
      if (item === null) return null;
      parts.push(`${JSON.stringify(k)}:${item}`);
    }
    return `{${parts.join(",")}}`;
  }
  return null; // FLOAT, NONFINITE, HUGE
}

// ---------------------------------------------------------------------------------------
// validate: layer 1, dispatch, layer 2 (JSON Schema)
// ---------------------------------------------------------------------------------------

const KEYWORD_CODES = {
  type: "TRM-SCHEMA-003",
  enum: "TRM-SCHEMA-004",
  const: "TRM-SCHEMA-004",
  pattern: "TRM-SCHEMA-005",
  minLength: "TRM-SCHEMA-006",
  maxLength: "TRM-SCHEMA-006",
  minimum: "TRM-SCHEMA-007",
  maximum: "TRM-SCHEMA-007",
  exclusiveMinimum: "TRM-SCHEMA-007",
  exclusiveMaximum: "TRM-SCHEMA-007",
  minItems: "TRM-SCHEMA-008",
  maxItems: "TRM-SCHEMA-008",
  uniqueItems: "TRM-SCHEMA-009",
  format: "TRM-SCHEMA-010",
};

function dispatch(doc) {
  const issues = [];
  const version = doc.map.get("spec_version");
  const type = doc.map.get("message_type");
  if (typeof version !== "string") issues.push(issue("/spec_version", "TRM-VERSION-001", "spec_version missing"));
  else if (!READABLE.has(version)) issues.push(issue("/spec_version", "TRM-VERSION-002", "unknown spec version"));
  if (typeof type !== "string") issues.push(issue("/message_type", "TRM-VERSION-003", "message_type missing"));
  else if (version === SPEC_VERSION && !MESSAGE_TYPES.has(type)) {
    issues.push(issue("/message_type", "TRM-VERSION-004", "unknown message type"));
  }
  return issues;
}

function schemaIssues(document) {
  const validator = loadSchemas().getSchema(schemaId(SPEC_VERSION, "message"));
  if (validator(document)) return [];
  const out = [];
  for (const err of validator.errors) {
    const at = err.instancePath;
    if (err.keyword === "if") continue; // its "then" branch reports the errors themselves
    if (err.keyword === "required") {
      const name = err.params.missingProperty;
      out.push(issue(`${at}/${escapeToken(name)}`, "TRM-SCHEMA-001", `required ${name}`));
    } else if (err.keyword === "additionalProperties") {
      const name = err.params.additionalProperty;
      if (MEMBER_NAMES.has(name)) out.push(issue(`${at}/${escapeToken(name)}`, "TRM-SCHEMA-002", "unknown member"));
      else out.push(issue(at, "TRM-SCHEMA-002", "unknown member (name not shown)"));
    } else {
      const code = KEYWORD_CODES[err.keyword] ?? "TRM-SCHEMA-099";
      out.push(issue(at, code, `${err.keyword} ${JSON.stringify(err.schema)}`));
    }
  }
  return out;
}

function limitsOf(given) {
  const limits = { ...DEFAULT_LIMITS };
  for (const [name, ceiling] of [
    ["max_bytes", 1 << 30],
    ["max_depth", 200],
    ["max_issues", 100000],
  ]) {
    if (given && given[name] !== undefined) {
      const value = given[name];
      if (!Number.isInteger(value) || value < 1 || value > ceiling) throw new Error(`bad limit ${name}`);
      limits[name] = value;
    }
  }
  return limits;
}

// Validate one serialised message; returns {issues, document?} (issues of the first layer
// that found any; document as plain JS when valid).
function validateBytes(raw, limits) {
  loadSchemas();
  const parsed = layer1(raw, limits, MEMBER_NAMES);
  if (parsed.issues.length) return { issues: finish(parsed.issues, limits) };
  const found = dispatch(parsed.value);
  if (found.length) return { issues: finish(found, limits) };
  const document = plain(parsed.value);
  const schema = finish(schemaIssues(document), limits);
  if (schema.length) return { issues: schema };
  return { issues: [], document };
}

const codesOf = (issues) => [...new Set(issues.map((i) => i.code))].sort();

function opValidate(context, input) {
  const limits = limitsOf(context.limits);
  let raw;
  if (typeof input.document === "string") raw = encodeSurrogatePass(input.document);
  else if (typeof input.document_base64 === "string") raw = Buffer.from(input.document_base64, "base64");
  else throw new Error("input needs document or document_base64");
  const { issues } = validateBytes(raw, limits);
  if (issues.length) return { valid: false, errors: codesOf(issues) };
  return { valid: true, errors: [], note: "layers 1-2 only: the model and rule layers are not checked" };
}

// ---------------------------------------------------------------------------------------
// JOSE building blocks (docs/envelope.md §2, §3)
// ---------------------------------------------------------------------------------------

const ALG_SIG = "ES256";
const ALG_ENC = "ECDH-ES+A256KW";
const ENC = "A256GCM";
const INNER_TYP = "trm+jwt";
const TRUSTLIST_TYP = "trm-trustlist+jwt";
const B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const PARTICIPANT = /^https:\/\/w3id\.org\/trm\/org\/[A-Z]{2}\/[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const JTI = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

class JoseError extends Error {}

// Strict unpadded base64url (RFC 7515 §2): alphabet only, canonical trailing bits.
function b64d(text) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new JoseError("not base64url");
  }
  const rem = text.length % 4;
  if (rem && B64_ALPHABET.indexOf(text.at(-1)) & (rem === 2 ? 0x0f : 0x03)) throw new JoseError("not canonical");
  return Buffer.from(text, "base64url");
}
const b64e = (bytes) => Buffer.from(bytes).toString("base64url");

const mediaTypeIs = (value, expected) =>
  typeof value === "string" && value.toLowerCase().replace(/^application\//, "") === expected.toLowerCase();

// Split a compact serialization into exactly `count` strict base64url segments.
function decodeCompact(token, count) {
  const parts = token.split(".");
  if (parts.length !== count) throw new JoseError("segments");
  return { parts, decoded: parts.map(b64d) };
}

// A protected header: UTF-8, JSON without repeated names or NaN/Infinity, an object.
function headerObject(bytes) {
  let value;
  try {
    value = parseJson(utf8Decode(bytes));
  } catch {
    throw new JoseError("not strict JSON");
  }
  if (!(value instanceof JObj)) throw new JoseError("not an object");
  if (!strictValue(value)) throw new JoseError("not strict JSON");
  return value;
}

// No repeated member name and no NaN/Infinity anywhere in a parsed value.
function strictValue(v) {
  if (v === NONFINITE) return false;
  if (Array.isArray(v)) return v.every(strictValue);
  if (v instanceof JObj) return v.dupes.length === 0 && [...v.map.values()].every(strictValue);
  return true;
}

const mod = (a, m = P) => ((a % m) + m) % m;
// A P-256 public key from a JWK: kty EC, crv P-256, 32-byte strict base64url coordinates,
// a point on the curve.
function ecPublic(jwk) {
  const get = (k) => (jwk instanceof JObj ? jwk.map.get(k) : jwk?.[k]);
  if (get("kty") !== "EC" || get("crv") !== "P-256") throw new JoseError("not P-256");
  const x = b64d(get("x"));
  const y = b64d(get("y"));
  if (x.length !== 32 || y.length !== 32) throw new JoseError("coordinates");
  const X = BigInt(`0x${x.toString("hex")}`);
  const Y = BigInt(`0x${y.toString("hex")}`);
  if (X >= P || Y >= P || mod(Y * Y) !== mod(X * X * X - 3n * X + B)) throw new JoseError("not on the curve");
  return crypto.createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64e(x), y: b64e(y) }, format: "jwk" });
}

// RFC 7638 thumbprint (computed by jose).
const thumbprint = (jwk) =>
  jose.calculateJwkThumbprint({ kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y }, "sha256");

// ES256: exactly 64 bytes r‖s with 1 ≤ r, s < n, verified over the bytes as received.
function es256Verify(key, signature, data) {
  if (signature.length !== 64) return false;
  const r = BigInt(`0x${signature.subarray(0, 32).toString("hex")}`);
  const s = BigInt(`0x${signature.subarray(32).toString("hex")}`);
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  return crypto.verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature);
}

const isInt = (v) => typeof v === "bigint";
const num = (v) => Number(v);

// ---------------------------------------------------------------------------------------
// trustlist.load (docs/envelope.md §8.2)
// ---------------------------------------------------------------------------------------

const TRUST_SKEW = 300;
const TRUST_FORBIDDEN = ["crit", "b64", "jwk", "jku", "x5u", "x5c", "zip"];

function strictPayload(raw) {
  let value;
  try {
    value = parseJson(utf8Decode(raw));
  } catch {
    return null;
  }
  return strictValue(value) ? value : null;
}

function participantsOf(payload) {
  const listed = payload.map.get("participants");
  if (!Array.isArray(listed)) fail("TRM-TRUST-001", "participants must be a list");
  const ids = [];
  for (const entry of listed) {
    if (!(entry instanceof JObj) || typeof entry.map.get("id") !== "string") {
      fail("TRM-TRUST-001", "a participant is not an object with an id");
    }
    const pid = entry.map.get("id");
    if (!PARTICIPANT.test(pid) || entry.map.get("country") !== pid.split("/")[5]) {
      fail("TRM-TRUST-008", "a participant id or its country is not valid");
    }
    const profiles = entry.map.has("profiles") ? entry.map.get("profiles") : ["TRM-JOSE-1"];
    if (!Array.isArray(profiles) || !profiles.every((p) => typeof p === "string")) {
      fail("TRM-TRUST-001", "profiles must be a list of strings");
    }
    ids.push(pid);
  }
  if (new Set(ids).size !== ids.length) fail("TRM-TRUST-008", "a participant is listed twice");
  return ids.sort();
}

async function checkKeys(payload) {
  const participants = new Set(participantsOf(payload));
  const listed = payload.map.get("keys");
  if (!Array.isArray(listed)) fail("TRM-TRUST-001", "keys must be a list");
  const keys = new Map();
  for (const entry of listed) {
    if (!(entry instanceof JObj)) fail("TRM-TRUST-001", "a key is not a JWK object");
    const get = (k) => entry.map.get(k);
    if (!["kid", "use", "alg", "trm_owner", "trm_status"].every((m) => typeof get(m) === "string")) {
      fail("TRM-TRUST-008", "kid, use, alg, trm_owner and trm_status are text");
    }
    const kid = get("kid");
    if (keys.has(kid)) fail("TRM-TRUST-006", "two keys share a kid");
    let key;
    try {
      key = ecPublic(entry);
    } catch {
      fail("TRM-TRUST-008", "a key is not a valid P-256 public key");
    }
    if (kid !== (await thumbprint({ x: get("x"), y: get("y") }))) {
      fail("TRM-TRUST-007", "a kid is not its key's RFC 7638 thumbprint");
    }
    const use = get("use");
    const alg = get("alg");
    const status = get("trm_status");
    if (!((use === "sig" && alg === ALG_SIG) || (use === "enc" && alg === ALG_ENC))) {
      fail("TRM-TRUST-008", "use and alg do not match the profile");
    }
    if (entry.map.has("trm_preferred") && typeof get("trm_preferred") !== "boolean") {
      fail("TRM-TRUST-008", "trm_preferred must be true or false");
    }
    if (!participants.has(get("trm_owner"))) fail("TRM-TRUST-008", "owner not listed");
    if (entry.map.has("d")) fail("TRM-TRUST-008", "a private member");
    const nbf = get("trm_nbf");
    const exp = get("trm_exp");
    if (!isInt(nbf) || !isInt(exp) || nbf >= exp) fail("TRM-TRUST-008", "validity window");
    if (!["active", "retired", "revoked"].includes(status)) fail("TRM-TRUST-008", "status");
    const changedAt = status === "retired" ? get("trm_retired_at") : status === "revoked" ? get("trm_revoked_at") : null;
    if (status !== "active" && !isInt(changedAt)) fail("TRM-TRUST-008", "no time of change");
    keys.set(kid, {
      kid,
      owner: get("trm_owner"),
      use,
      alg,
      key,
      nbf,
      exp,
      status,
      changedAt: status === "active" ? null : changedAt,
      preferred: get("trm_preferred") === true,
    });
  }
  return keys;
}

async function loadTrustList(token, anchors, now, acceptedSeq = null, acceptedDigest = null) {
  if (typeof token !== "string") fail("TRM-TRUST-001", "not a compact JWS");
  token = token.replace(/^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/, "");
  token = token.replace(/[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/, "");
  let parts;
  let decoded;
  let header;
  try {
    ({ parts, decoded } = decodeCompact(token, 3));
    header = headerObject(decoded[0]);
  } catch {
    fail("TRM-TRUST-001", "not a compact JWS");
  }
  const h = (k) => header.map.get(k);
  if (!mediaTypeIs(h("typ"), TRUSTLIST_TYP)) fail("TRM-TRUST-003", "typ");
  if (h("alg") !== ALG_SIG || TRUST_FORBIDDEN.some((m) => header.map.has(m))) {
    fail("TRM-TRUST-002", "algorithm or header member not allowed");
  }
  let anchor = null;
  for (const a of anchors) {
    if ((await thumbprint(a)) === h("kid")) anchor = ecPublic(a);
  }
  if (!anchor || !es256Verify(anchor, decoded[2], Buffer.from(`${parts[0]}.${parts[1]}`, "ascii"))) {
    fail("TRM-TRUST-002", "not signed by a pinned anchor");
  }
  const raw = decoded[1];
  const payload = strictPayload(raw);
  if (!(payload instanceof JObj)) fail("TRM-TRUST-001", "payload not a strict JSON object");
  const [iat, exp, seq] = ["iat", "exp", "seq"].map((k) => payload.map.get(k));
  if (![iat, exp, seq].every(isInt)) fail("TRM-TRUST-001", "iat, exp and seq must be integers");
  if (typeof payload.map.get("iss") !== "string") fail("TRM-TRUST-001", "iss must be a string");
  const canonical = jcs(payload);
  if (canonical === null || !Buffer.from(canonical, "utf8").equals(raw)) fail("TRM-TRUST-001", "not RFC 8785");
  const t = BigInt(now);
  if (!(iat - BigInt(TRUST_SKEW) <= t && t < exp)) fail("TRM-TRUST-004", "expired or not yet valid");
  const digest = crypto.createHash("sha256").update(raw).digest("hex");
  if (acceptedSeq !== null && acceptedSeq !== undefined) {
    if (seq < BigInt(acceptedSeq)) fail("TRM-TRUST-005", "rollback");
    if (seq === BigInt(acceptedSeq) && acceptedDigest !== null && acceptedDigest !== undefined && digest !== acceptedDigest) {
      fail("TRM-TRUST-005", "another list with the accepted seq");
    }
  }
  const keys = await checkKeys(payload);
  return { iat, exp, seq, keys, digest, token };
}

async function opTrustList(context, input) {
  const trust = await loadTrustList(
    input.trust_list,
    context.trust_anchors,
    context.now,
    context.accepted_seq ?? null,
    context.accepted_digest ?? null,
  );
  return { seq: num(trust.seq), kids: [...trust.keys.keys()].sort() };
}

// ---------------------------------------------------------------------------------------
// Keys of the profile (docs/envelope.md §3.2)
// ---------------------------------------------------------------------------------------

async function checkJwk(jwk, isPrivate) {
  const bad = (why) => fail("TRM-KEY-001", `invalid key: ${why}`);
  if (!jwk || typeof jwk !== "object" || Array.isArray(jwk)) bad("not a JWK object");
  let pub;
  try {
    pub = ecPublic(jwk);
  } catch {
    bad("not a P-256 key of the profile");
  }
  const pair = `${jwk.use}/${jwk.alg}`;
  if (jwk.kid !== (await thumbprint(jwk))) bad("kid is not the thumbprint");
  if (pair !== `sig/${ALG_SIG}` && pair !== `enc/${ALG_ENC}`) bad("use and alg");
  if (typeof jwk.trm_owner !== "string" || !PARTICIPANT.test(jwk.trm_owner)) bad("trm_owner");
  if (isPrivate !== Object.hasOwn(jwk, "d")) bad("d");
  if (isPrivate) {
    try {
      const d = b64d(String(jwk.d));
      const scalar = BigInt(`0x${d.toString("hex") || "0"}`);
      if (scalar < 1n || scalar >= N) throw new JoseError("d out of range");
      const ecdh = crypto.createECDH("prime256v1");
      ecdh.setPrivateKey(Buffer.from(scalar.toString(16).padStart(64, "0"), "hex"));
      const point = ecdh.getPublicKey();
      const expected = pub.export({ format: "jwk" });
      if (b64e(point.subarray(1, 33)) !== expected.x || b64e(point.subarray(33)) !== expected.y) {
        throw new JoseError("d does not match");
      }
    } catch (err) {
      if (err instanceof TRMError) throw err;
      bad("not a P-256 key of the profile");
    }
  }
  return pub;
}

async function opKeyLoad(context, input) {
  const jwk = input.jwk;
  await checkJwk(jwk, Boolean(context.private));
  return { kid: jwk.kid, use: jwk.use, owner: jwk.trm_owner };
}

// ---------------------------------------------------------------------------------------
// envelope.open (docs/envelope.md §7, in order)
// ---------------------------------------------------------------------------------------

const OUTER_FORBIDDEN = ["zip", "crit", "apu", "apv", "jwk", "jku", "x5u", "x5c", "p2s", "p2c", "b64"];
const INNER_FORBIDDEN = ["crit", "b64", "jwk", "jku", "x5u", "x5c", "zip"];
const REQUIRED_CLAIMS = ["iss", "aud", "iat", "nbf", "exp", "jti", "trm_schema", "trm"];
const PAYLOAD_DEPTH = 33;
const DEFAULT_POLICY = { skew: 300, max_lifetime: 14 * 24 * 3600, lifetime: 72 * 3600, max_bytes: 2 * 1024 * 1024 };
const PAYLOAD_MALFORMED = new Set([1, 2, 3, 4, 5, 9, 10, 12, 14].map((n) => `TRM-JSON-${String(n).padStart(3, "0")}`));
const PAYLOAD_NOT_CANONICAL = new Set(["TRM-JSON-006", "TRM-JSON-007", "TRM-JSON-008"]);

function currentTrust(trust, now, policy) {
  const t = BigInt(now);
  if (!(trust.iat - BigInt(policy.skew) <= t && t < trust.exp)) fail("TRM-TRUST-004", "trust list not current");
}

// Step 8: a strict JSON object whose bytes are exactly its RFC 8785 form.
function payloadOf(raw) {
  const parsed = layer1(raw, { max_bytes: Math.max(raw.length, 1), max_depth: PAYLOAD_DEPTH, max_issues: 1e9 }, null);
  const codes = new Set(parsed.issues.map((i) => i.code));
  if ([...codes].some((c) => PAYLOAD_MALFORMED.has(c)) || !(parsed.value instanceof JObj)) {
    fail("TRM-ENV-014", "the payload is not a strict JSON object");
  }
  if ([...codes].some((c) => PAYLOAD_NOT_CANONICAL.has(c))) fail("TRM-ENV-015", "not canonical");
  const names = [];
  const collect = (v) => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v instanceof JObj) for (const [k, item] of v.map) names.push(k), collect(item);
  };
  collect(parsed.value);
  if (!names.every((k) => ASCII.test(k))) fail("TRM-ENV-014", "a member name is not ASCII");
  const canonical = jcs(parsed.value);
  if (canonical === null || !Buffer.from(canonical, "utf8").equals(raw)) fail("TRM-ENV-015", "not canonical");
  return parsed.value;
}

async function openEnvelope(token, receiverKeys, trust, replay, now, policy) {
  // 1a: size, before anything else (characters of the string as given)
  if ([...token].length > policy.max_bytes) fail("TRM-ENV-001", "envelope too large");
  currentTrust(trust, now, policy); // 0
  token = token.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
  // 1b-1d: five strict base64url segments
  if (token.split(".").length !== 5) fail("TRM-ENV-002", "not a compact JWE");
  let outerParts;
  let outerBytes;
  try {
    ({ parts: outerParts, decoded: outerBytes } = decodeCompact(token, 5));
  } catch {
    fail("TRM-ENV-002", "a segment is not canonical base64url");
  }
  // 2: the outer header
  let outer;
  try {
    outer = headerObject(outerBytes[0]);
  } catch {
    fail("TRM-ENV-003", "outer header not a strict JSON object");
  }
  const oh = (k) => outer.map.get(k);
  if (oh("alg") !== ALG_ENC || oh("enc") !== ENC) fail("TRM-ENV-004", "algorithm not allowed");
  if (OUTER_FORBIDDEN.some((m) => outer.map.has(m))) fail("TRM-ENV-003", "forbidden member");
  if (!mediaTypeIs(oh("cty"), "JWT") || !mediaTypeIs(outer.map.has("typ") ? oh("typ") : "JWT", "JWT")) {
    fail("TRM-ENV-003", "cty/typ");
  }
  if (!(oh("epk") instanceof JObj) || typeof oh("kid") !== "string") fail("TRM-ENV-003", "epk or kid");
  // 3: one of our keys
  const mine = new Map(receiverKeys.map((k) => [k.kid, k]));
  const decrypter = mine.get(oh("kid"));
  if (!decrypter) fail("TRM-ENV-005", "not for our keys");
  // 4: decryption, one code for every cause. The profile's sizes and the epk point are
  // checked here strictly; jose does ECDH-ES, the Concat KDF, AES key unwrap and AES-GCM.
  let plaintext;
  try {
    ecPublic(oh("epk"));
    if (outerBytes[1].length !== 40 || outerBytes[2].length !== 12 || outerBytes[4].length !== 16) {
      throw new JoseError("sizes");
    }
    const key = await jose.importJWK(decrypter.jwk, ALG_ENC);
    const result = await jose.compactDecrypt(token, key, {
      keyManagementAlgorithms: [ALG_ENC],
      contentEncryptionAlgorithms: [ENC],
    });
    plaintext = Buffer.from(result.plaintext);
  } catch (err) {
    if (err instanceof TRMError) throw err;
    fail("TRM-ENV-006", "the envelope could not be decrypted");
  }
  // 5: the inner JWS and its header
  let innerParts;
  let innerBytes;
  try {
    if (![...plaintext].every((b) => b < 0x80)) throw new JoseError("not ASCII");
    ({ parts: innerParts, decoded: innerBytes } = decodeCompact(plaintext.toString("ascii"), 3));
  } catch {
    fail("TRM-ENV-007", "not a compact JWS");
  }
  let inner;
  try {
    inner = headerObject(innerBytes[0]);
  } catch {
    fail("TRM-ENV-008", "inner header not a strict JSON object");
  }
  const ih = (k) => inner.map.get(k);
  if (INNER_FORBIDDEN.some((m) => inner.map.has(m))) fail("TRM-ENV-008", "forbidden member");
  if (ih("alg") !== ALG_SIG) fail("TRM-ENV-010", "signature algorithm not allowed");
  if (!mediaTypeIs(ih("typ"), INNER_TYP)) fail("TRM-ENV-009", "typ");
  if (typeof ih("kid") !== "string") fail("TRM-ENV-011", "kid");
  // 6: the signing key, from the trust list only
  const signer = trust.keys.get(ih("kid"));
  if (!signer) fail("TRM-ENV-011", "unknown signing key");
  if (signer.use !== "sig" || signer.alg !== ALG_SIG) fail("TRM-ENV-012", "not a signing key");
  if (signer.status === "revoked") fail("TRM-ENV-024", "revoked");
  // 7: the signature over the segments as received
  if (!es256Verify(signer.key, innerBytes[2], Buffer.from(`${innerParts[0]}.${innerParts[1]}`, "ascii"))) {
    fail("TRM-ENV-013", "bad signature");
  }
  // 8: strict, canonical payload
  const raw = innerBytes[1];
  const payload = payloadOf(raw);
  // 9: claims
  const c = (k) => payload.map.get(k);
  for (const name of REQUIRED_CLAIMS) if (!payload.map.has(name)) fail("TRM-ENV-016", `claim ${name} missing`);
  if (typeof c("aud") !== "string") fail("TRM-ENV-018", "aud must be one string");
  if (
    !["iss", "jti", "trm_schema"].every((k) => typeof c(k) === "string") ||
    !["iat", "nbf", "exp"].every((k) => isInt(c(k))) ||
    !(c("trm") instanceof JObj) ||
    !JTI.test(c("jti"))
  ) {
    fail("TRM-ENV-016", "a claim has the wrong type");
  }
  const claims = {
    aud: c("aud"),
    exp: num(c("exp")),
    iat: num(c("iat")),
    iss: c("iss"),
    jti: c("jti"),
    nbf: num(c("nbf")),
    trm_schema: c("trm_schema"),
  };
  if (claims.iss !== signer.owner) fail("TRM-ENV-017", "iss is not the key's owner");
  if (claims.aud !== decrypter.owner) fail("TRM-ENV-018", "addressed to someone else");
  const skew = policy.skew;
  if (now >= claims.exp + skew) fail("TRM-ENV-019", "expired");
  if (now < claims.nbf - skew) fail("TRM-ENV-020", "not valid yet");
  if (claims.iat > now + skew) fail("TRM-ENV-021", "issued in the future");
  const life = claims.exp - claims.iat;
  if (!(life > 0 && life <= policy.max_lifetime) || claims.nbf < claims.iat - skew) fail("TRM-ENV-022", "lifetime");
  if (!(num(signer.nbf) <= claims.iat && claims.iat < num(signer.exp))) fail("TRM-ENV-023", "key validity");
  if (signer.status === "retired" && claims.iat >= num(signer.changedAt ?? 0n)) fail("TRM-ENV-025", "retired");
  // 10: replay
  if (!replay.remember(claims.iss, claims.jti, claims.exp + skew, now)) fail("TRM-ENV-026", "replay");
  // 11: the message
  const known = new Set([...MESSAGE_TYPES].map((t) => schemaId(SPEC_VERSION, t)));
  if (!known.has(claims.trm_schema)) fail("TRM-ENV-027", "unsupported schema");
  const trmText = jcs(c("trm"));
  const report = validateBytes(Buffer.from(trmText, "utf8"), DEFAULT_LIMITS);
  if (report.issues.length) throw new TRMError("TRM-ENV-029", "the message is not valid", report.issues);
  const message = report.document;
  if (claims.trm_schema !== schemaId(message.spec_version, message.message_type)) fail("TRM-ENV-028", "schema mismatch");
  if (message.sender !== claims.iss || message.recipient !== claims.aud) fail("TRM-ENV-030", "parties disagree");
  return {
    message,
    record_digest: crypto.createHash("sha256").update(trmText, "utf8").digest("hex"),
    claims,
    sender_kid: signer.kid,
    recipient_kid: decrypter.kid,
  };
}

class MemoryReplayStore {
  constructor() {
    this.seen = new Map();
  }
  remember(iss, jti, until, now) {
    const key = JSON.stringify([iss, jti]);
    const previous = this.seen.get(key);
    if (previous !== undefined && previous > now) return false;
    this.seen.set(key, until);
    return true;
  }
}

function policyOf(given) {
  const policy = { ...DEFAULT_POLICY };
  for (const [k, v] of Object.entries(given ?? {})) {
    if (!(k in policy) || !Number.isInteger(v)) throw new Error(`bad policy member ${k}`);
    policy[k] = v;
  }
  return policy;
}

async function opOpen(context, input) {
  const now = Math.trunc(context.now);
  const trust = await loadTrustList(context.trust_list, context.trust_anchors, now);
  const receiverKeys = [];
  for (const jwk of context.receiver_keys) {
    await checkJwk(jwk, true);
    if (jwk.use !== "enc" || jwk.trm_owner !== context.receiver) {
      throw new Error("receiver_keys must be the receiver's encryption keys");
    }
    receiverKeys.push({ kid: jwk.kid, owner: jwk.trm_owner, jwk });
  }
  const replay = new MemoryReplayStore();
  for (const seen of context.replay ?? []) replay.remember(seen.iss, seen.jti, Math.trunc(seen.until), now);
  if (typeof input.envelope !== "string") throw new Error("input.envelope must be a string");
  return openEnvelope(input.envelope, receiverKeys, trust, replay, now, policyOf(context.policy));
}

// ---------------------------------------------------------------------------------------
// envelope.seal (docs/envelope.md §6)
// ---------------------------------------------------------------------------------------

async function opSeal(context, input) {
  const now = Math.trunc(context.now);
  const policy = policyOf(context.policy);
  const trust = await loadTrustList(context.trust_list, context.trust_anchors, now);
  const senderJwk = context.sender_key;
  await checkJwk(senderJwk, true);
  if (senderJwk.use !== "sig") fail("TRM-KEY-001", "invalid key: not a signing key (use sig)");
  const owner = senderJwk.trm_owner;
  const recipient = input.recipient;
  // 1: the message validates (layers 1 and 2 here)
  const asGiven = fromPlain(input.message);
  const text = jcs(asGiven) ?? JSON.stringify(input.message);
  const report = validateBytes(encodeSurrogatePass(text), DEFAULT_LIMITS);
  if (report.issues.length) throw new TRMError("TRM-ENV-029", "the message is not valid", report.issues);
  const message = report.document;
  currentTrust(trust, now, policy); // the list must still be valid now
  // 2-6
  if (message.sender !== owner || message.recipient !== recipient) fail("TRM-ENV-030", "parties disagree");
  const own = trust.keys.get(senderJwk.kid);
  if (!own || own.owner !== owner) fail("TRM-ENV-011", "signing key not on the trust list");
  if (own.use !== "sig" || own.alg !== ALG_SIG) fail("TRM-ENV-012", "not a signing key");
  if (own.status !== "active") fail(own.status === "revoked" ? "TRM-ENV-024" : "TRM-ENV-025", "not active");
  const t = BigInt(now);
  if (!(own.nbf <= t && t < own.exp)) fail("TRM-ENV-023", "signing key outside its validity");
  // 7: the recipient's encryption key
  const usable = [...trust.keys.values()].filter(
    (k) => k.owner === recipient && k.use === "enc" && k.status === "active" && k.nbf <= t && t < k.exp,
  );
  usable.sort((a, b) => {
    if (a.preferred !== b.preferred) return a.preferred ? -1 : 1;
    if (a.nbf !== b.nbf) return a.nbf > b.nbf ? -1 : 1;
    return a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0;
  });
  const target = usable[0];
  if (!target) fail("TRM-ENV-031", "no encryption key for the recipient");
  // 8-9: claims and the inner JWS (payload = RFC 8785 bytes)
  const claims = new JObj();
  const set = (k, v) => claims.map.set(k, v);
  set("iss", owner);
  set("aud", recipient);
  set("iat", t);
  set("nbf", t);
  set("exp", t + BigInt(policy.lifetime));
  set("jti", `urn:uuid:${crypto.randomUUID()}`);
  set("trm_schema", schemaId(message.spec_version, message.message_type));
  set("trm", fromPlain(message));
  const payload = Buffer.from(jcs(claims), "utf8");
  const signingKey = await jose.importJWK(senderJwk, ALG_SIG);
  const jws = await new jose.CompactSign(payload)
    .setProtectedHeader({ alg: ALG_SIG, kid: senderJwk.kid, typ: INNER_TYP })
    .sign(signingKey);
  // 10: the outer JWE to the chosen key
  const recipientKey = await jose.importJWK(target.key.export({ format: "jwk" }), ALG_ENC);
  const envelope = await new jose.CompactEncrypt(Buffer.from(jws, "ascii"))
    .setProtectedHeader({ alg: ALG_ENC, enc: ENC, cty: "JWT", kid: target.kid })
    .encrypt(recipientKey);
  // 11: size
  if (envelope.length > policy.max_bytes) fail("TRM-ENV-001", "envelope too large");
  return { envelope };
}

// ---------------------------------------------------------------------------------------
// Protocol
// ---------------------------------------------------------------------------------------

const HANDLERS = {
  "trustlist.load": opTrustList,
  "envelope.open": opOpen,
  "envelope.seal": opSeal,
  "key.load": opKeyLoad,
};

async function answer(request) {
  if (!request || typeof request !== "object" || request.protocol !== "trm-conformance/1") {
    return { unsupported: true, errors: [], note: "not a trm-conformance/1 request" };
  }
  const context = request.context ?? {};
  const input = request.input ?? {};
  if (request.operation === "validate") return opValidate(context, input);
  const handler = HANDLERS[request.operation];
  if (!handler) return { unsupported: true, errors: [] };
  try {
    const output = await handler(context, input);
    return { valid: true, errors: [], output };
  } catch (err) {
    if (err instanceof TRMError) return { valid: false, errors: [err.code] };
    throw err;
  }
}

export { answer };

async function main() {
  let response;
  try {
    const request = JSON.parse(readFileSync(0, "utf8"));
    response = await answer(request);
  } catch (err) {
    // A broken request or a bug: say so without echoing any input (it may be personal data).
    const why = err instanceof SyntaxError ? "the request is not JSON" : (err?.message ?? "");
    process.stderr.write(`conformance-adapter: ${err?.name ?? "Error"}: ${why}\n`);
    response = { unsupported: true, errors: [], note: `adapter error: ${err?.name ?? "Error"}` };
  }
  process.stdout.write(`${JSON.stringify(response)}\n`);
  process.exitCode = 0;
}

// Run as a program (not when imported, e.g. by a batch cross-check).
if (process.argv[1] && new URL(import.meta.url).pathname === realpathSync(process.argv[1])) {
  await main();
}
