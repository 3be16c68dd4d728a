// Checks rendered output against proto-docs/contracts.md and the isolation rules of the store chart:
// labels on every object and pod template, Jobs that are not hooks and are named per revision,
// Pod Security "restricted" settings on every pod, no API token, pinned images, probes, NetworkPolicies
// and the Ingress per environment. Usage: node check-contract.mjs RENDERED.yaml... where each file is
// named <engine>-<env>[-tls].yaml and was rendered as release "demo" in namespace "store-demo".
import { basename } from "node:path";
import { allContainers, describe, loadManifests, podTemplate } from "./lib/manifests.mjs";

const release = "demo";
const namespace = "store-demo";
// Sysctls Pod Security (baseline and restricted) allows.
const safeSysctls = new Set(["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]);
const expected = {
  local: { className: "nginx", controllerNamespaces: ["ingress-nginx"], host: "demo.local", storageClass: "hostpath" },
  prod: { className: "traefik", controllerNamespaces: ["kube-system"], host: "demo.203.0.113.7.nip.io", storageClass: "local-path" },
};
const probePaths = { woocommerce: "/wp-login.php", medusa: "/health" };

function checkLabels(labels, engine, where, problems) {
  const want = { "storefleet.io/store": release, "storefleet.io/engine": engine, "app.kubernetes.io/instance": release,
    "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/part-of": "storefleet" };
  for (const [k, v] of Object.entries(want)) if (labels?.[k] !== v) problems.push(`${where}: label ${k} is ${labels?.[k]}, want ${v}`);
  for (const k of ["app.kubernetes.io/name", "app.kubernetes.io/component"]) if (!labels?.[k]) problems.push(`${where}: label ${k} missing`);
}

function checkPod(obj, template, engine, problems) {
  const where = `${describe(obj)} pod`;
  const spec = template.spec;
  checkLabels(template.metadata?.labels, engine, where, problems);
  if (spec.automountServiceAccountToken !== false) problems.push(`${where}: automountServiceAccountToken is not false`);
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) problems.push(`${where}: uses a host namespace`);
  // Pod Security "restricted" allows only these volume types.
  const allowedVolumes = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
  for (const v of spec.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== "name");
    if (!allowedVolumes.includes(type)) problems.push(`${where}: volume ${v.name} of type ${type} is not allowed by restricted`);
  }
  const psc = spec.securityContext ?? {};
  if (psc.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
  if (psc.runAsUser === 0) problems.push(`${where}: runs as root`);
  if (psc.seccompProfile?.type !== "RuntimeDefault") problems.push(`${where}: seccompProfile is not RuntimeDefault`);
  for (const s of psc.sysctls ?? []) if (!safeSysctls.has(s.name)) problems.push(`${where}: unsafe sysctl ${s.name}`);
  for (const c of allContainers(spec)) {
    const cw = `${where} container ${c.name}`;
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${cw}: allowPrivilegeEscalation is not false`);
    if (sc.privileged) problems.push(`${cw}: privileged`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${cw}: capabilities not dropped (ALL)`);
    if ((sc.capabilities?.add ?? []).some((cap) => cap !== "NET_BIND_SERVICE")) problems.push(`${cw}: adds capabilities`);
    if (sc.runAsUser === 0) problems.push(`${cw}: runs as root`);
    if ((c.ports ?? []).some((p) => p.hostPort)) problems.push(`${cw}: hostPort`);
    const tag = /^[^@]+:([^/:@]+)$/.exec(c.image ?? "")?.[1];
    if (!tag || tag.startsWith("latest")) problems.push(`${cw}: image ${c.image} is not pinned to a version tag`);
  }
  if (obj.kind !== "Job") {
    for (const c of spec.containers) {
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        if (!c[probe]) problems.push(`${where} container ${c.name}: no ${probe}`);
      }
    }
  }
}

function checkFile(file) {
  const [engine, env, tls] = basename(file, ".yaml").split("-");
  const want = expected[env];
  const objects = loadManifests(file);
  const problems = [];
  for (const obj of objects) {
    const where = describe(obj);
    checkLabels(obj.metadata?.labels, engine, where, problems);
    if (obj.metadata?.namespace !== namespace) problems.push(`${where}: namespace ${obj.metadata?.namespace}, want ${namespace}`);
    if (Object.keys(obj.metadata?.annotations ?? {}).some((a) => a.startsWith("helm.sh/hook"))) problems.push(`${where}: is a helm hook`);
    if (obj.kind === "Secret") problems.push(`${where}: the chart must not create Secrets`);
    if (obj.kind === "ServiceAccount" && obj.automountServiceAccountToken !== false) problems.push(`${where}: automounts its token`);
    if (obj.kind === "Job") {
      const component = obj.metadata.labels["app.kubernetes.io/component"];
      if (!["setup", "migrate"].includes(component)) problems.push(`${where}: component ${component}, want setup or migrate`);
      if (obj.metadata.name !== `${release}-${component}-r1`) problems.push(`${where}: want name ${release}-${component}-r1`);
    }
    for (const pvc of obj.kind === "PersistentVolumeClaim" ? [obj] : obj.spec?.volumeClaimTemplates ?? []) {
      if (pvc.spec.storageClassName !== want.storageClass) problems.push(`${where}: storageClassName ${pvc.spec.storageClassName}, want ${want.storageClass}`);
    }
    const template = podTemplate(obj);
    if (template?.spec) checkPod(obj, template, engine, problems);
  }

  const web = objects.find((o) => ["Deployment"].includes(o.kind) && o.metadata.labels["app.kubernetes.io/component"] === "web");
  const probe = web?.spec.template.spec.containers[0].readinessProbe?.httpGet?.path;
  if (probe !== probePaths[engine]) problems.push(`web readiness probe path ${probe}, want ${probePaths[engine]}`);
  const setupJobs = objects.filter((o) => o.kind === "Job").map((o) => o.metadata.labels["app.kubernetes.io/component"]).sort();
  const wantJobs = engine === "medusa" ? ["migrate", "setup"] : ["setup"];
  if (JSON.stringify(setupJobs) !== JSON.stringify(wantJobs)) problems.push(`Jobs ${setupJobs}, want ${wantJobs}`);

  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  const deny = policies.find((p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && !p.spec.ingress && !p.spec.egress);
  if (!deny || !["Ingress", "Egress"].every((t) => deny.spec.policyTypes.includes(t))) problems.push("no default-deny ingress+egress NetworkPolicy");
  if (!policies.some((p) => (p.spec.egress ?? []).some((e) => (e.ports ?? []).some((port) => port.port === 53 && port.protocol === "UDP")))) problems.push("no DNS egress NetworkPolicy");
  const webSelector = web?.spec.selector.matchLabels ?? {};
  const webIngress = policies.filter((p) => Object.entries(p.spec.podSelector?.matchLabels ?? {}).length
    && Object.entries(p.spec.podSelector.matchLabels).every(([k, v]) => webSelector[k] === v)).flatMap((p) => p.spec.ingress ?? []);
  const controllerNs = webIngress.flatMap((rule) => rule.from ?? []).flatMap((peer) => peer.namespaceSelector?.matchExpressions ?? [])
    .filter((e) => e.key === "kubernetes.io/metadata.name").flatMap((e) => e.values);
  if (JSON.stringify(controllerNs) !== JSON.stringify(want.controllerNamespaces)) problems.push(`web pod ingress from namespaces ${controllerNs}, want ${want.controllerNamespaces}`);

  const ingress = objects.find((o) => o.kind === "Ingress");
  if (ingress?.spec.ingressClassName !== want.className) problems.push(`Ingress class ${ingress?.spec.ingressClassName}, want ${want.className}`);
  if (ingress?.spec.rules?.[0]?.host !== want.host) problems.push(`Ingress host ${ingress?.spec.rules?.[0]?.host}, want ${want.host}`);
  const issuer = ingress?.metadata.annotations?.["cert-manager.io/cluster-issuer"];
  if (Boolean(tls) !== Boolean(issuer) || Boolean(tls) !== Boolean(ingress?.spec.tls)) problems.push(`TLS: cert-manager annotation ${issuer}, tls ${JSON.stringify(ingress?.spec.tls)}, want ${tls ? "both" : "neither"}`);

  // The URL the store advertises (WordPress site URL, Medusa backend URL) matches the Ingress host and scheme.
  const wantUrl = `${tls ? "https" : "http"}://${want.host}`;
  const urlVar = engine === "medusa" ? "MEDUSA_BACKEND_URL" : "WP_URL";
  const urls = objects.flatMap((o) => podTemplate(o)?.spec?.containers ?? []).flatMap((c) => c.env ?? [])
    .filter((e) => e.name === urlVar).map((e) => e.value);
  if (!urls.length || urls.some((u) => u !== wantUrl)) problems.push(`${urlVar} ${urls}, want ${wantUrl}`);

  for (const p of problems) console.error(`FAIL: ${basename(file)}: ${p}`);
  console.log(`${basename(file)}: ${objects.length} objects, ${problems.length} problem(s)`);
  return problems.length;
}

const files = process.argv.slice(2);
const failures = files.map(checkFile).reduce((a, b) => a + b, 0);
process.exit(failures || files.length === 0 ? 1 : 0);
