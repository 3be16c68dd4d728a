// Lints proto-docs/openapi.yaml with a maintained validator (@apidevtools/swagger-parser: OpenAPI 3.1 schema
// + $ref resolution), then validates recorded real responses of storefleet-api against the documented schemas.
// Usage: node openapi-check.mjs OPENAPI.yaml [RESPONSES.jsonl]
//   each line of RESPONSES.jsonl: {"method","path" (the documented template),"status","body"}
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const toolsDir = join(process.env.STOREFLEET_ROOT ?? ".", "tests/tools");
const require = createRequire(join(toolsDir, "package.json"));
const SwaggerParser = require("@apidevtools/swagger-parser");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats");

const [specPath, responsesPath] = process.argv.slice(2);
const api = await SwaggerParser.validate(specPath);  // throws with the problem on an invalid document
console.log(`openapi: ${specPath} is a valid OpenAPI ${api.openapi} document (${Object.keys(api.paths).length} paths)`);
if (!responsesPath) process.exit(0);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
let checked = 0;
const problems = [];
for (const line of readFileSync(responsesPath, "utf8").split("\n").filter(Boolean)) {
  const r = JSON.parse(line);
  const op = api.paths[r.path]?.[r.method.toLowerCase()];
  if (!op) { problems.push(`${r.method} ${r.path}: not documented`); continue; }
  const resp = op.responses?.[String(r.status)] ?? op.responses?.default;
  if (!resp) { problems.push(`${r.method} ${r.path}: status ${r.status} not documented`); continue; }
  const schema = resp.content?.["application/json"]?.schema;
  if (!schema) { checked++; continue; }
  const validate = ajv.compile(schema);
  if (!validate(r.body)) {
    problems.push(`${r.method} ${r.path} ${r.status}: ${ajv.errorsText(validate.errors)}\n    body: ${JSON.stringify(r.body).slice(0, 300)}`);
  }
  checked++;
}
console.log(`openapi: ${checked} real responses checked against their documented schemas`);
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
