// Proves the published JSON Schemas work with Ajv (the validator most Node.js teams use):
// every schema compiles in strict mode (with the TRM annotation keywords declared), and
// Ajv agrees with the library on the examples: valid examples pass, examples invalid at
// the schema layer fail, and examples invalid only by a business rule pass (those rules are
// exactly what docs/validation.md says a schema validator cannot check).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const root = new URL("..", import.meta.url).pathname;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv, ["date", "date-time"]);
for (const keyword of ["x-trm-privacy", "x-trm-category", "x-trm-codelist"]) {
  ajv.addKeyword({ keyword, schemaType: "string" });
}

const index = JSON.parse(readFileSync(join(root, "schemas", "index.json"), "utf8"));
let schemas = 0;
for (const version of index.versions) {
  for (const file of version.files) {
    if (!file.name.endsWith(".schema.json")) continue;
    ajv.addSchema(JSON.parse(readFileSync(join(root, "schemas", version.version, file.name), "utf8")));
    schemas += 1;
  }
}
let failures = 0;
for (const version of index.versions) {
  for (const file of version.files) {
    const id = `https://w3id.org/trm/schema/${version.version}/${file.name}`;
    try {
      ajv.getSchema(id);
    } catch (err) {
      console.error(`FAIL compile ${id}: ${err.message}`);
      failures += 1;
    }
  }
}

const manifest = JSON.parse(readFileSync(join(root, "examples", "_manifest.json"), "utf8"));
let checked = 0;
for (const example of manifest.examples) {
  const doc = JSON.parse(readFileSync(join(root, "examples", example.file), "utf8"));
  const validate = ajv.getSchema(`https://w3id.org/trm/schema/${doc.spec_version}/message.schema.json`);
  const ajvValid = validate(doc);
  const codes = example.expected_codes ?? [];
  if (codes.some((c) => c.startsWith("TRM-JSON-"))) continue; // lost by JSON.parse itself
  const schemaLayer = codes.some((c) => c.startsWith("TRM-SCHEMA-") || c.startsWith("TRM-VERSION-"));
  const expected = example.valid || !schemaLayer;
  checked += 1;
  if (ajvValid !== expected) {
    failures += 1;
    console.error(`FAIL ${example.file}: Ajv says ${ajvValid ? "valid" : "invalid"}, expected ${expected ? "valid" : "invalid"}`);
    if (!ajvValid) console.error(JSON.stringify(validate.errors, null, 1).slice(0, 2000));
  }
}
// Generated documents and mutants with the Python reference's schema-layer verdict.
const vectorsPath = process.argv[2];
let vectors = 0;
if (vectorsPath) {
  const lines = readFileSync(vectorsPath, "utf8").split("\n").filter((l) => l.trim());
  for (const line of lines) {
    const row = JSON.parse(line);
    const ajvValid = ajv.getSchema(row.schema)(row.doc);
    vectors += 1;
    if (ajvValid !== row.valid) {
      failures += 1;
      if (failures <= 20) {
        console.error(`FAIL vector ${vectors}: Ajv says ${ajvValid}, Python says ${row.valid}`);
        console.error(JSON.stringify(row.doc).slice(0, 600));
      }
    }
  }
}
console.log(`ajv: ${schemas} schemas compiled, ${checked} examples and ${vectors} generated documents cross-checked, ${failures} failure(s)`);
process.exit(failures ? 1 : 0);
