// Shapes of the Storefleet REST API and of the SSE events (proto-docs/events.md).

// The display order (a store's life from left to right); the API's severity order is listQuery's STATUS_RANK.
export const STORE_STATUSES = [
  'Queued',
  'Provisioning',
  'Installing',
  'Upgrading',
  'Ready',
  'Suspended',
  'Degraded',
  'Failed',
  'Deleting',
  'Deleted',
] as const;
export type StoreStatus = (typeof STORE_STATUSES)[number];

export const ENGINES = ['woocommerce', 'medusa'] as const;
export type Engine = (typeof ENGINES)[number];

/** A row of `GET /api/stores`. Times are ISO-8601 strings. */
export interface ApiStore {
  id: number;
  store_name: string;
  engine: string;
  namespace: string;
  status: StoreStatus;
  status_reason: string | null;
  url: string;
  created_at: string;
  updated_at: string;
  ready_at: string | null;
  /** The token that made it ("" for an admin-made store) and that token's name. */
  owner?: string;
  owner_name?: string;
  /** Trouble observed before the store failed (a pod in ImagePullBackOff, a failed Job, …). */
  warnings?: StoreWarning[];
  /** The catalogue version it runs or is moving to ("" until resolved). */
  version?: string;
  /** Scaled to 0 on request (or being), data kept. */
  suspended?: boolean;
  /** Bumped by every accepted request; observed_generation catches up once the provisioner settled it. */
  generation?: number;
  observed_generation?: number;
}

/** `PATCH /api/stores/:name` (a JSON merge patch): members left out stay as they are. */
export interface StorePatch {
  version?: string;
  suspended?: boolean;
}

/** One version of an engine in `GET /api/catalog`. */
export interface CatalogVersion {
  version: string;
  summary: string;
  /** The data format generation: a store never moves to a lower one. */
  dataSchema: number;
  deprecated: boolean;
}

export interface Catalog {
  engines: Record<string, { default: string; versions: CatalogVersion[] }>;
  publishedAt: string;
}

export interface StoreWarning {
  kind: 'Pod' | 'Job' | string;
  name: string;
  reason: string;
  message: string;
}

export interface StoreListResponse {
  stores: ApiStore[];
  next_cursor: string | null;
  /** Rows matching the filters, on every page. */
  total?: number;
}

export const STORE_SORTS = ['created', 'name', 'status', 'engine', 'updated'] as const;
export type StoreSort = (typeof STORE_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** The query of `GET /api/stores` (empty values are left out). */
export interface StoreListParams {
  status?: string;
  engine?: string;
  owner?: string;
  q?: string;
  sort?: StoreSort;
  order?: SortOrder;
  cursor?: string;
  limit?: number;
}

export interface CreateStoreResponse {
  success: boolean;
  status: StoreStatus;
  storeName: string;
  namespace: string;
  url: string;
}

export interface Pod {
  name: string;
  phase: string;
  ready: boolean;
  reason?: string | null;
  message?: string | null;
}

export interface StoreStatusResponse {
  status: StoreStatus;
  reason: string | null;
  pods: Pod[];
  jobs: { name: string; state: string }[];
  /** What the provisioner last observed of the setup Job, when it did. */
  setupJob?: { name: string; state: string } | null;
  warnings?: StoreWarning[];
}

export interface Metrics {
  stores: {
    total: number;
    ready: number;
    degraded?: number;
    failed: number;
    provisioning: number;
    by_status?: Partial<Record<StoreStatus, number>>;
  };
  activity: { created: number; deleted: number; failed: number };
}

export interface AuditLogEntry {
  id: number;
  at: string;
  action: string;
  store: string | null;
  actor: string | null;
  /** The actor token's name (the id when the token has none). */
  actor_name: string | null;
  client_ip: string | null;
  outcome: string;
  detail: string | null;
}

export const STEPS = ['namespace', 'secret', 'helm', 'pods', 'setup'] as const;
export type ProvisionStep = (typeof STEPS)[number];
export type StepState = 'pending' | 'started' | 'done' | 'failed';

export type StoreEventType = 'store.status' | 'store.step' | 'store.observed' | 'store.orphan' | 'rollout.progress';

/** One row of the event log, as sent in SSE `data:` and by `GET /api/stores/:name/events`. */
export interface StoreEvent {
  id: number;
  type: StoreEventType | string;
  store: string;
  status: string;
  reason: string;
  at: string;
  data: Record<string, unknown>;
}

export interface AuditLogParams {
  limit?: number;
  store?: string;
  q?: string;
  actor?: string;
  action?: string;
  since?: string;
  until?: string;
  cursor?: string;
}

export interface StepEventData {
  step: string;
  state: 'started' | 'done' | 'failed';
  detail?: string;
}

export interface ObservedEventData {
  pods?: Pod[];
  setupJob?: { name: string; state: string } | null;
}

/** `data` of a rollout.progress event (its `store` is "", its `status` the rollout's state). */
export interface RolloutProgressData {
  rollout: number;
  engine: string;
  toVersion: string;
  wave: number;
  waves: number;
  total: number;
  done: number;
  failed: number;
}

export function isStoreStatus(s: unknown): s is StoreStatus {
  return typeof s === 'string' && (STORE_STATUSES as readonly string[]).includes(s);
}

// --- Security (proto-docs/contracts.md, "Security (issue 10)") ---

export type Role = 'admin' | 'tenant';

/** `GET/POST /api/session`: who the current credential belongs to. */
export interface Session {
  actor: string;
  name: string;
  role: Role | string;
  /** Tenants: most live stores at once (0 = no limit). */
  storeLimit?: number;
  /** null when the credential is a bearer token. */
  expiresAt: string | null;
}

/** `GET /api/stores/:name/credentials`: a store's admin login, read from its Secret on demand. */
export interface StoreCredentials {
  storeName: string;
  engine: string;
  url: string;
  adminUrl: string;
  /** What the admin screen asks for: the user name (WordPress) or the email (Medusa). */
  login?: string;
  username: string;
  password: string;
  email: string;
  /** Medusa: the Store API a storefront talks to, its publishable key (public by design), and a note. */
  storeApiUrl?: string;
  publishableKey?: string;
  note?: string;
}

/** A row of `GET /api/tokens` (never the secret). */
export interface AccessToken {
  id: string;
  name: string;
  role: Role | string;
  storeLimit: number;
  createdAt: string;
  revokedAt: string | null;
}

/** `POST /api/tokens` answer: the row plus the secret, shown this once. */
export interface CreatedAccessToken extends AccessToken {
  token: string;
}

// --- Fleet rollouts (admin; proto-docs/openapi.yaml, /api/rollouts) ---

export const ROLLOUT_STATES = ['running', 'paused', 'completed', 'aborting', 'aborted'] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

/** "all", the named stores, or the stores of one tenant token. */
export type RolloutSelector = 'all' | { names: string[] } | { tenant: string };

export interface RolloutWave {
  wave: number;
  total: number;
  done: number;
  failed: number;
  upgrading: number;
  pending: number;
}

export interface RolloutStore {
  store: string;
  /** 0 = kept out (it may not move to the target, e.g. an older data format); `reason` says why. */
  wave: number;
  fromVersion: string;
  state: 'pending' | 'started' | 'reverted' | 'kept' | string;
  outcome: 'pending' | 'upgrading' | 'done' | 'failed' | 'gone' | string;
  reason: string;
}

export interface Rollout {
  id: number;
  engine: string;
  toVersion: string;
  selector: RolloutSelector | string;
  waveSize: number;
  maxFailures: number;
  state: RolloutState | string;
  /** Why it paused (the failed stores and their reasons), or how it ended. */
  reason: string;
  /** The newest wave started (0 = none yet). */
  currentWave: number;
  waves: RolloutWave[];
  /** Only in GET /api/rollouts/{id} and the answers of the writes. */
  stores?: RolloutStore[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/rollouts`. */
export interface StartRolloutRequest {
  engine: string;
  toVersion: string;
  selector: RolloutSelector;
  waveSize: number;
  maxFailures: number;
}
