{{/*
Naming, labels and the security settings every pod shares.
Objects are named "<release>-<component>"; the release is the store name (3–40 chars, DNS label).
*/}}

{{- define "store.fullname" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of proto-docs/contracts.md, on every object and pod template. Call with (dict "root" $ "component" "web"). */}}
{{- define "store.labels" -}}
{{ include "store.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: storefleet
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
storefleet.io/store: {{ .root.Release.Name }}
storefleet.io/engine: {{ .root.Values.engine }}
{{- end -}}

{{/* The immutable subset used in selectors (Deployment/StatefulSet selectors cannot change later). */}}
{{- define "store.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Standard metadata block for a namespaced object. (dict "root" $ "component" "x" "name" "suffix") */}}
{{- define "store.metadata" -}}
metadata:
  name: {{ include "store.fullname" .root }}{{ if .name }}-{{ .name }}{{ end }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "store.labels" . | nindent 4 }}
{{- end -}}

{{/* Jobs are not hooks (proto-docs/contracts.md) and Job specs are immutable, so each revision gets its own Job. */}}
{{- define "store.jobName" -}}
{{- printf "%s-%s-r%d" (include "store.fullname" .root) .component (int .root.Release.Revision) -}}
{{- end -}}

{{/* The one credentials Secret, created by the provisioner; the chart only references keys of it. */}}
{{- define "store.secretEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ required "existingSecret is required: the provisioner creates <name>-credentials" .root.Values.existingSecret }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end -}}

{{/*
Pod-level settings shared by every pod: no API token (no pod here talks to the Kubernetes API), non-root,
RuntimeDefault seccomp. (dict "root" $ "uid" 999 "gid" 999 "sysctls" list)
*/}}
{{- define "store.podSecurity" -}}
serviceAccountName: {{ include "store.fullname" .root }}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .uid }}
  runAsGroup: {{ .gid }}
  fsGroup: {{ .gid }}
  fsGroupChangePolicy: OnRootMismatch
  seccompProfile:
    type: RuntimeDefault
  {{- with .sysctls }}
  sysctls:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* Container-level settings: what Pod Security "restricted" asks for. (dict "readOnlyRoot" bool) */}}
{{- define "store.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  privileged: false
  readOnlyRootFilesystem: {{ .readOnlyRoot }}
  capabilities:
    drop: ["ALL"]
{{- end -}}

{{- define "store.image" -}}
{{- if hasPrefix "latest" (toString .tag) -}}
{{- fail (printf "image %s: tag 'latest' is not allowed; pin a version" .repository) -}}
{{- end -}}
{{- printf "%s:%s" .repository (toString .tag) -}}
{{- end -}}

{{/* PVC storage class: "" leaves the field out so the cluster default applies. */}}
{{- define "store.storageClass" -}}
{{- with .Values.storage.className }}
storageClassName: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* The public URL WordPress and Medusa advertise. */}}
{{- define "store.url" -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host -}}
{{- end -}}

{{/* The database settings wp-config.php reads at run time (the image's wp-config-docker.php uses getenv). */}}
{{- define "store.wordpressDbEnv" -}}
- {name: WORDPRESS_DB_HOST, value: {{ printf "%s-mariadb:3306" (include "store.fullname" .) | quote }}}
- {name: WORDPRESS_DB_NAME, value: {{ .Values.woocommerce.mariadb.database | quote }}}
- {name: WORDPRESS_DB_USER, value: {{ .Values.woocommerce.mariadb.user | quote }}}
{{ include "store.secretEnv" (dict "root" . "env" "WORDPRESS_DB_PASSWORD" "key" "mysql-password") }}
{{- end -}}

{{/*
The settings a Medusa v2 server reads (medusa-config.ts of the image, see README "Medusa image").
POSTGRES_PASSWORD must come first: Kubernetes expands $(POSTGRES_PASSWORD) in later values, so the password
reaches DATABASE_URL without passing through a shell or a values file.
*/}}
{{- define "store.medusaEnv" -}}
{{- $pg := .Values.medusa.postgresql -}}
{{ include "store.secretEnv" (dict "root" . "env" "POSTGRES_PASSWORD" "key" "postgres-password") }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(POSTGRES_PASSWORD)@%s-postgresql:5432/%s?sslmode=disable" $pg.user (include "store.fullname" .) $pg.database | quote }}
- {name: REDIS_URL, value: {{ printf "redis://%s-redis:6379" (include "store.fullname" .) | quote }}}
{{ include "store.secretEnv" (dict "root" . "env" "JWT_SECRET" "key" "jwt-secret") }}
{{ include "store.secretEnv" (dict "root" . "env" "COOKIE_SECRET" "key" "cookie-secret") }}
- {name: NODE_ENV, value: production}
- {name: PORT, value: {{ .Values.medusa.server.port | quote }}}
- {name: MEDUSA_BACKEND_URL, value: {{ include "store.url" . | quote }}}
- {name: STORE_CORS, value: {{ include "store.url" . | quote }}}
- {name: ADMIN_CORS, value: {{ include "store.url" . | quote }}}
- {name: AUTH_CORS, value: {{ include "store.url" . | quote }}}
- {name: POSTGRES_HOST, value: {{ printf "%s-postgresql" (include "store.fullname" .) | quote }}}
- {name: MEDUSA_DISABLE_TELEMETRY, value: "true"}
{{- end -}}
