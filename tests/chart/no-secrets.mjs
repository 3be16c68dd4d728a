// Fails when rendered chart output could carry a credential: a Secret object, a secret-looking env var with
// a literal value (or a secretKeyRef to another Secret), a literal password in a URL, a `password: x`
// style assignment anywhere, or a script that turns on shell tracing (which would print secrets).
// Usage: node no-secrets.mjs EXISTING_SECRET RENDERED.yaml...
import { readFileSync } from "node:fs";
import { allContainers, describe, loadManifests, podTemplate } from "./lib/manifests.mjs";

const [existingSecret, ...files] = process.argv.slice(2);
const secretEnvName = /(PASSWORD|PASSWD|SECRET|TOKEN|_KEY|CREDENTIAL)/i;
// `password: hunter2`, `--admin_password=hunter2`, `"password":"hunter2"`: a literal right after the name.
// References (${ADMIN_PASSWORD:?}, process.env.X, getenv(...), $(VAR)) are not literals.
const literalAssignment = /(password|passwd|secret)["']?\s*[:=]\s*["']?(?![$"'{<\s?([]|process\.env|getenv)([^\s"',;}]+)/gi;
// scheme://user:literal@host (a reference like $(POSTGRES_PASSWORD) is fine).
const literalUrlPassword = /[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:(?!\$\()([^@\s]+)@/gi;
const problems = [];

for (const file of files) {
  const text = readFileSync(file, "utf8");
  for (const [regex, what] of [[literalAssignment, "literal password assignment"], [literalUrlPassword, "password in a URL"]]) {
    for (const m of text.matchAll(regex)) problems.push(`${file}: ${what}: ${m[0].slice(0, 60)}`);
  }
  for (const obj of loadManifests(file)) {
    const where = `${file}: ${describe(obj)}`;
    if (obj.kind === "Secret") problems.push(`${where}: the chart must not create Secrets`);
    if (obj.kind === "ConfigMap") {
      for (const [name, body] of Object.entries(obj.data ?? {})) {
        if (/^\s*set\s+-[a-z]*x|set\s+-o\s+xtrace|^\s*set\s+-x/m.test(body)) problems.push(`${where}: ${name} enables shell tracing`);
      }
    }
    const template = podTemplate(obj);
    if (!template?.spec) continue;
    for (const container of allContainers(template.spec)) {
      for (const env of container.env ?? []) {
        const ref = env.valueFrom?.secretKeyRef;
        if (ref && ref.name !== existingSecret) problems.push(`${where}: ${env.name} reads Secret ${ref.name}, not ${existingSecret}`);
        if (secretEnvName.test(env.name) && !ref) problems.push(`${where}: ${env.name} is set without the credentials Secret`);
      }
      for (const arg of [...(container.command ?? []), ...(container.args ?? [])]) {
        if (/password|secret/i.test(String(arg))) problems.push(`${where}: command line mentions a secret: ${arg}`);
      }
    }
  }
}
for (const p of problems) console.error(`FAIL: ${p}`);
console.log(`checked ${files.length} file(s) for password literals: ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
