// Feeds conformance vectors to an adapter (trm-conformance/1) and compares its answers with
// `expected` as docs/conformance.md says: `valid` and `errors` always, `output` when the
// vector has one. A stand-in for `trm conformance run --adapter` that needs only Node.js.
//
// Usage: node tools/run-adapter-on-vectors.mjs [--adapter "node tools/conformance-adapter.mjs"]
//            [--area A]... [--verbose]
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { isDeepStrictEqual } from "node:util";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
let adapter = "node tools/conformance-adapter.mjs";
const areas = [];
let verbose = false;
for (let k = 0; k < args.length; k += 1) {
  if (args[k] === "--adapter") adapter = args[++k];
  else if (args[k] === "--area") areas.push(args[++k]);
  else if (args[k] === "--verbose") verbose = true;
  else {
    console.error(`unknown argument ${args[k]}`);
    process.exit(2);
  }
}
const base = join(root, "src", "trm_standard", "vectors");
const versions = readdirSync(base).filter((d) => /^[0-9]/.test(d));
const cases = [];
for (const version of versions) {
  for (const area of areas.length ? areas : readdirSync(join(base, version))) {
    const dir = join(base, version, area);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
      cases.push({ area, vector: JSON.parse(readFileSync(join(dir, name), "utf8")) });
    }
  }
}

function run(vector) {
  const request = {
    protocol: "trm-conformance/1",
    id: vector.id,
    operation: vector.operation,
    context: vector.context,
    input: vector.input,
  };
  const [cmd, ...rest] = adapter.split(/\s+/);
  return new Promise((resolve) => {
    const child = spawn(cmd, rest, { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", () => resolve({ out, err }));
    child.stdin.end(JSON.stringify(request));
  });
}

function compare(expected, response) {
  const problems = [];
  if (response.unsupported) return ["unsupported"];
  for (const key of ["valid", "decision", "output"]) {
    if (key in expected && !isDeepStrictEqual(expected[key], response[key])) {
      problems.push(`${key} differs`);
    }
  }
  if (!isDeepStrictEqual(expected.errors, response.errors)) {
    problems.push(`errors ${JSON.stringify(response.errors)} != ${JSON.stringify(expected.errors)}`);
  }
  return problems;
}

const results = new Map();
let next = 0;
async function worker() {
  while (next < cases.length) {
    const c = cases[next++];
    const { out, err } = await run(c.vector);
    let problems;
    try {
      problems = compare(c.vector.expected, JSON.parse(out));
    } catch {
      problems = ["no JSON response"];
    }
    if (problems.length && err) problems.push(`stderr: ${err.trim().slice(0, 300)}`);
    const tally = results.get(c.area) ?? { passed: 0, failed: [] };
    if (problems.length) tally.failed.push(`${c.vector.id}: ${problems.join("; ")}`);
    else tally.passed += 1;
    results.set(c.area, tally);
  }
}
await Promise.all([worker(), worker()]);
let failures = 0;
for (const [area, tally] of [...results].sort()) {
  console.log(`${area}: ${tally.passed} passed, ${tally.failed.length} failed`);
  for (const line of tally.failed) console.log(`  FAIL ${line}`);
  failures += tally.failed.length;
}
process.exit(failures ? 1 : 0);
