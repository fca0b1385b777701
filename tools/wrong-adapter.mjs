// A deliberately WRONG conformance adapter, to prove that the suite fails one
// (tests/test_conformance_node.py). Two ways of being wrong:
//
//   node tools/wrong-adapter.mjs                     answers every request {"valid": true,
//                                                    "errors": []}: accepts everything
//   node tools/wrong-adapter.mjs --flip FROM=TO      asks the real adapter
//                                                    (tools/conformance-adapter.mjs) and
//                                                    reports error code TO instead of FROM
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const request = readFileSync(0);
let response = { valid: true, errors: [] };
if (args[0] === "--flip" && args[1]?.includes("=")) {
  const [from, to] = args[1].split("=");
  const real = new URL("conformance-adapter.mjs", import.meta.url).pathname;
  const done = spawnSync(process.execPath, [real], { input: request });
  response = JSON.parse(done.stdout.toString("utf8"));
  response.errors = [...new Set((response.errors ?? []).map((c) => (c === from ? to : c)))].sort();
}
process.stdout.write(`${JSON.stringify(response)}\n`);
