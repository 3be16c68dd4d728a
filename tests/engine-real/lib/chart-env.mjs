// Materialises one container of a rendered store release so a test can run it natively, exactly as the
// kubelet would start it: its command, working directory, the files of the ConfigMaps it mounts, and its
// environment resolved the Kubernetes way (plain values, secretKeyRef from the store's Secret, then
// $(VAR) expansion of earlier variables). Cluster DNS names are the only thing rewritten (--map), the way
// a Service would route them: "store-demo-postgresql:5432=127.0.0.1:54011".
//
//   node chart-env.mjs MANIFEST SECRET_JSON KIND/NAME CONTAINER OUT_DIR [--map FROM=TO]... [--mount PATH=DIR]...
//
// Writes OUT_DIR/env (NUL-separated NAME=value, mode 0600: it holds the store's secrets), OUT_DIR/argv
// (NUL-separated command + args, mount paths rewritten; empty when the image's CMD runs), OUT_DIR/workdir
// (empty: the image's WORKDIR), and the mounted ConfigMaps
// under OUT_DIR/mounts/<mountPath>. Prints nothing secret.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadManifests } from "../../chart/lib/manifests.mjs";

const [manifestFile, secretFile, workloadRef, containerName, outDir, ...rest] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: chart-env.mjs MANIFEST SECRET_JSON KIND/NAME CONTAINER OUT_DIR [--map FROM=TO]...");
  process.exit(2);
}
const maps = [];
const mountOverrides = new Map();
for (let i = 0; i < rest.length; i += 2) {
  const [from, to] = (rest[i + 1] ?? "").split(/=(.*)/s);
  if (rest[i] === "--map" && to !== undefined) maps.push([from, to]);
  else if (rest[i] === "--mount" && to !== undefined) mountOverrides.set(from, to);
  else throw new Error(`bad option: ${rest[i]} ${rest[i + 1] ?? ""}`);
}

const objects = loadManifests(manifestFile);
const [kind, name] = workloadRef.split("/");
// Job names carry the chart revision (store.jobName); a prefix match finds this revision's Job.
const workload = objects.find((o) => o.kind === kind && (o.metadata.name === name || o.metadata.name.startsWith(`${name}-`)));
if (!workload) throw new Error(`no ${workloadRef} in ${manifestFile}`);
const podSpec = workload.spec.template.spec;
const container = [...(podSpec.initContainers ?? []), ...podSpec.containers].find((c) => c.name === containerName);
if (!container) throw new Error(`${workloadRef} has no container ${containerName}`);

const secret = JSON.parse(readFileSync(secretFile, "utf8"));
const secretValue = (ref) => {
  if (secret.metadata.name !== ref.name) throw new Error(`secretKeyRef to ${ref.name}, only ${secret.metadata.name} is known`);
  const encoded = secret.data?.[ref.key];
  if (encoded === undefined) {
    if (ref.optional) return undefined;
    throw new Error(`Secret ${ref.name} has no key ${ref.key}`);
  }
  return Buffer.from(encoded, "base64").toString("utf8");
};

// Kubernetes expands $(NAME) with variables defined earlier in the list; $$ escapes; unknown refs stay.
const expand = (value, env) =>
  value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, ref) => (m === "$$" ? "$" : ref in env ? env[ref] : m));
const mapHosts = (value) => maps.reduce((v, [from, to]) => v.split(from).join(to), value);

const env = {};
for (const e of container.env ?? []) {
  let value;
  if (e.valueFrom?.secretKeyRef) value = secretValue(e.valueFrom.secretKeyRef);
  else if (e.valueFrom) throw new Error(`env ${e.name}: unsupported valueFrom ${Object.keys(e.valueFrom)}`);
  else value = expand(e.value ?? "", env);
  if (value !== undefined) env[e.name] = mapHosts(value);
}

// ConfigMap volumes become folders; other volumes (emptyDir, PVCs) are the caller's (--mount PATH=DIR).
const mountDirs = new Map(mountOverrides);
for (const m of container.volumeMounts ?? []) {
  if (mountDirs.has(m.mountPath)) continue;
  const volume = podSpec.volumes.find((v) => v.name === m.name);
  if (!volume?.configMap) continue;
  const configMap = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === volume.configMap.name);
  if (!configMap) throw new Error(`ConfigMap ${volume.configMap.name} is not in the release`);
  const dir = join(outDir, "mounts", m.mountPath);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(configMap.data ?? {})) writeFileSync(join(dir, file), content);
  mountDirs.set(m.mountPath, dir);
}
const remount = (arg) => {
  for (const [path, dir] of mountDirs) if (arg === path || arg.startsWith(`${path}/`)) return dir + arg.slice(path.length);
  return arg;
};
for (const [k, v] of Object.entries(env)) env[k] = remount(v);

const argv = [...(container.command ?? []), ...(container.args ?? [])].map((a) => remount(expand(a, env)));
// An empty argv means the image's own entrypoint/CMD runs (the caller knows the image it built).

mkdirSync(outDir, { recursive: true });
const envFile = join(outDir, "env");
writeFileSync(envFile, Object.entries(env).map(([k, v]) => `${k}=${v}\0`).join(""), { mode: 0o600 });
chmodSync(envFile, 0o600);
writeFileSync(join(outDir, "argv"), argv.map((a) => `${a}\0`).join(""));
writeFileSync(join(outDir, "workdir"), container.workingDir ? remount(container.workingDir) : "");
console.log(`${workloadRef}/${containerName}: ${Object.keys(env).length} variables, argv: ${argv.join(" ")}`);
