import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { DEFAULT_BULKHEAD_RETRY, type Bulkhead } from './bulkhead.js';
import { DEFAULT_SHUTDOWN_MS, type RestartType } from './child-spec.js';
import { deepFreeze } from './deep-freeze.js';
import { ManifestError } from './errors.js';
import type { PlacementMode } from './incarnation.js';
import { DEFAULT_MAILBOX_CAPACITY, DEFAULT_MESSAGE_TIMEOUT_MS } from './mailbox.js';
import { DEFAULT_IDLE_MS } from './reaper.js';
import { DEFAULT_INTENSITY, type Intensity } from './restart-window.js';
import { DEFAULT_SUPERVISOR_SHUTDOWN_MS } from './supervisor-base.js';
import type { Strategy } from './supervisor.js';

/**
 * `actors.json`: per actor type, where it runs (comedy mode) and how it is supervised.
 * Read once at boot, validated strictly (unknown keys are errors — a typo must not silently
 * fall back to a default), defaults filled in, deep-frozen.
 */

export type SupervisorStrategy = Strategy | 'simple_one_for_one';

export interface ActorTypeConfig {
  readonly name: string;
  readonly kind: 'worker' | 'supervisor';
  /** Supervisors only. */
  readonly strategy: SupervisorStrategy | undefined;
  /** Static children in start order (one_for_one / one_for_all / rest_for_one). */
  readonly children: readonly string[];
  /** The per-key child type (simple_one_for_one). */
  readonly child: string | undefined;
  /** Absolute path of the definition module (workers), if given in the file. */
  readonly module: string | undefined;
  readonly exportName: string | undefined;
  readonly mode: PlacementMode;
  readonly hosts: readonly string[];
  /** Forked or threaded: how many hosts (processes or worker threads) the type's actors share (undefined: one per actor). */
  readonly pool: number | undefined;
  readonly restart: RestartType;
  readonly intensity: Intensity;
  /** Supervisors only: each child its own failure domain (per-child intensity, no escalation). */
  readonly bulkhead: Bulkhead | undefined;
  readonly backoff: BackoffPolicy;
  readonly mailboxCapacity: number;
  readonly messageTimeoutMs: number;
  /** Infinity for supervisors unless set: they wait for their (bounded) children. */
  readonly shutdownMs: number;
  /** As a per-key child: passivated after this long without outside messages, unless keepAlive. */
  readonly idleMs: number;
  readonly sweepMs: number | undefined;
  readonly keepAlive: boolean;
}

/**
 * How the nodes of one deployment find each other and talk, and how orgs are placed on them.
 * Each node names itself with NODE_ID; the Redis server is REDIS_URL (a secret, so not here).
 */
export interface ClusterConfig {
  /** How a node learns which others are alive: heartbeats with a TTL in Redis. */
  readonly discovery: 'redis';
  /** How a message for an actor reaches the node holding its org: Redis pub/sub, one channel per node. */
  readonly transport: 'redis';
  /** An org's lease: the longest its shops wait for a new node after their node dies. */
  readonly leaseTtlMs: number;
  /** How often a node renews its leases and places orgs again. */
  readonly renewMs: number;
  /** A node whose renewals fail stops an org this long before its lease could lapse (above the clock drift between nodes). */
  readonly marginMs: number;
  /** How often a node beats. */
  readonly heartbeatMs: number;
  /**
   * A node silent this long is gone. With one placement round it must fit in the lease TTL: the
   * survivors see a dead node gone before its leases lapse, and take its orgs as they lapse.
   */
  readonly heartbeatTtlMs: number;
}

export const DEFAULT_CLUSTER: ClusterConfig = Object.freeze({ discovery: 'redis', transport: 'redis', leaseTtlMs: 15_000, renewMs: 5_000, marginMs: 4_000, heartbeatMs: 3_000, heartbeatTtlMs: 9_000 });

export interface Manifest {
  /** Where it came from, for error messages. */
  readonly source: string;
  readonly root: string;
  readonly actors: Readonly<Record<string, ActorTypeConfig>>;
  readonly cluster: ClusterConfig;
  /**
   * The node-context module out-of-process hosts build their actors' dependencies from (a
   * database pool, transports…), by absolute path, and its factory export.
   */
  readonly context: { readonly module: string; readonly exportName: string | undefined } | undefined;
}

const int = () => z.number().int();
const restartSchema = z.enum(['permanent', 'transient', 'temporary']);
const intensitySchema = z.strictObject({ maxRestarts: int().min(0), withinMs: int().positive() });
const backoffSchema = z.strictObject({
  minMs: int().min(0).optional(),
  maxMs: int().min(0).optional(),
  factor: z.number().min(1).optional(),
  jitter: z.number().min(0).max(1).optional(),
});
const tunables = {
  restart: restartSchema.optional(),
  intensity: intensitySchema.optional(),
  backoff: backoffSchema.optional(),
  mailboxCapacity: int().positive().optional(),
  messageTimeoutMs: int().min(0).optional(),
  shutdownMs: int().min(0).optional(),
  idleMs: int().positive().optional(),
};
const actorSchema = z.strictObject({
  kind: z.enum(['worker', 'supervisor']).optional(),
  module: z.string().min(1).optional(),
  export: z.string().min(1).optional(),
  mode: z.enum(['in-memory', 'forked', 'threaded', 'remote']).optional(),
  hosts: z.array(z.string().min(1)).min(1).optional(),
  pool: int().min(1).max(64).optional(),
  strategy: z.enum(['one_for_one', 'one_for_all', 'rest_for_one', 'simple_one_for_one']).optional(),
  children: z.array(z.string().min(1)).optional(),
  child: z.string().min(1).optional(),
  sweepMs: int().positive().optional(),
  keepAlive: z.boolean().optional(),
  bulkhead: z.strictObject({ retry: backoffSchema.optional() }).optional(),
  ...tunables,
});
const clusterSchema = z.strictObject({
  discovery: z.literal('redis').optional(),
  transport: z.literal('redis').optional(),
  leaseTtlMs: int().min(1_000).optional(),
  renewMs: int().min(100).optional(),
  marginMs: int().min(0).optional(),
  heartbeatMs: int().min(100).optional(),
  heartbeatTtlMs: int().min(500).optional(),
});
const manifestSchema = z.strictObject({
  $schema: z.string().optional(),
  cluster: clusterSchema.optional(),
  context: z.strictObject({ module: z.string().min(1), export: z.string().min(1).optional() }).optional(),
  root: z.string().min(1).optional(),
  defaults: z.strictObject(tunables).optional(),
  actors: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'actor type names are lowercase kebab-case'), actorSchema),
});

type RawManifest = z.infer<typeof manifestSchema>;
type RawActor = z.infer<typeof actorSchema>;

export interface ManifestSource {
  /** Path of the file; defaults to `<cwd>/actors.json`. */
  readonly path?: string;
  /**
   * The ACTORS_CONFIG value, passed in by the composition root (the runtime never reads
   * `process.env`): inline JSON when it starts with `{`, a file path otherwise. Wins over `path`.
   */
  readonly actorsConfig?: string;
  readonly cwd?: string;
}

/** Reads, validates and freezes the manifest. Throws one `ManifestError` listing every problem. */
export function loadManifest(source: ManifestSource = {}): Manifest {
  const cwd = source.cwd ?? process.cwd();
  const inline = source.actorsConfig?.trim();
  if (inline?.startsWith('{')) return parseManifest(parseJson(inline, 'ACTORS_CONFIG'), { source: 'ACTORS_CONFIG', baseDir: cwd });
  const path = resolve(cwd, inline || source.path || 'actors.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ManifestError(path, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parseManifest(parseJson(text, path), { source: path, baseDir: dirname(path) });
}

/** Validates an already-parsed manifest. `baseDir` resolves relative `module` paths. */
export function parseManifest(input: unknown, options: { source?: string; baseDir?: string } = {}): Manifest {
  const source = options.source ?? '(inline)';
  const parsed = manifestSchema.safeParse(input);
  if (!parsed.success) throw new ManifestError(source, parsed.error.issues.flatMap(describeIssue));
  const raw = parsed.data;
  const problems = checkStructure(raw);
  if (problems.length > 0) throw new ManifestError(source, problems);
  const baseDir = options.baseDir ?? process.cwd();
  const actors: Record<string, ActorTypeConfig> = {};
  for (const [name, actor] of Object.entries(raw.actors)) actors[name] = resolveActor(name, actor, raw, baseDir);
  const context = raw.context && { module: isAbsolute(raw.context.module) ? raw.context.module : resolve(baseDir, raw.context.module), exportName: raw.context.export };
  return deepFreeze({ source, root: raw.root ?? 'root', actors, cluster: { ...DEFAULT_CLUSTER, ...raw.cluster }, context });
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ManifestError(source, [`not valid JSON: ${(error as Error).message}`]);
  }
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`);
  }
  return [`${at}: ${issue.message}`];
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** Rules zod cannot express per field: cross-references and combinations. */
function checkStructure(raw: RawManifest): string[] {
  const problems: string[] = [];
  const cluster = { ...DEFAULT_CLUSTER, ...raw.cluster };
  if (cluster.renewMs + cluster.marginMs >= cluster.leaseTtlMs) {
    problems.push(`cluster: renewMs (${cluster.renewMs}) + marginMs (${cluster.marginMs}) must be below leaseTtlMs (${cluster.leaseTtlMs}), or a lease lapses between renewals`);
  }
  if (cluster.heartbeatMs >= cluster.heartbeatTtlMs) problems.push(`cluster: heartbeatMs (${cluster.heartbeatMs}) must be below heartbeatTtlMs (${cluster.heartbeatTtlMs})`);
  if (cluster.heartbeatTtlMs + cluster.renewMs > cluster.leaseTtlMs) {
    problems.push(`cluster: heartbeatTtlMs (${cluster.heartbeatTtlMs}) + renewMs (${cluster.renewMs}) must not exceed leaseTtlMs (${cluster.leaseTtlMs}), or a dead node's shops wait longer than the lease`);
  }
  const root = raw.root ?? 'root';
  const parents = new Map<string, string>();
  for (const [name, actor] of Object.entries(raw.actors)) {
    const at = `actors.${name}`;
    const kind = actor.kind ?? 'worker';
    if (kind === 'supervisor') {
      if (!actor.strategy) problems.push(`${at}.strategy: required for a supervisor`);
      if (actor.strategy === 'simple_one_for_one') {
        if (!actor.child) problems.push(`${at}.child: required for simple_one_for_one`);
        if (actor.children) problems.push(`${at}.children: not allowed for simple_one_for_one (use "child")`);
      } else if (actor.strategy) {
        if (!actor.children) problems.push(`${at}.children: required for ${actor.strategy}`);
        if (actor.child) problems.push(`${at}.child: only for simple_one_for_one`);
      }
      for (const key of ['module', 'export', 'hosts'] as const) {
        if (actor[key] !== undefined) problems.push(`${at}.${key}: only workers have it`);
      }
      if (actor.mode !== undefined && actor.mode !== 'in-memory') problems.push(`${at}.mode: supervisors run in memory`);
    } else {
      for (const key of ['strategy', 'children', 'child', 'intensity', 'bulkhead'] as const) {
        if (actor[key] !== undefined) problems.push(`${at}.${key}: only supervisors have it`);
      }
    }
    if (actor.mode === 'remote' && !actor.hosts) problems.push(`${at}.hosts: required in remote mode`);
    if (actor.hosts && actor.mode !== 'remote') problems.push(`${at}.hosts: only for mode "remote"`);
    if (actor.pool !== undefined && actor.mode !== 'forked' && actor.mode !== 'threaded') problems.push(`${at}.pool: only for mode "forked" or "threaded"`);
    if (actor.keepAlive && actor.idleMs !== undefined) problems.push(`${at}.idleMs: contradicts keepAlive`);
    const backoff = { ...DEFAULT_BACKOFF, ...raw.defaults?.backoff, ...actor.backoff };
    if (backoff.minMs > backoff.maxMs) problems.push(`${at}.backoff: minMs (${backoff.minMs}) exceeds maxMs (${backoff.maxMs})`);
    const retry = { ...DEFAULT_BULKHEAD_RETRY, ...actor.bulkhead?.retry };
    if (actor.bulkhead && retry.minMs > retry.maxMs) problems.push(`${at}.bulkhead.retry: minMs (${retry.minMs}) exceeds maxMs (${retry.maxMs})`);
    const refs = [...(actor.children ?? []), ...(actor.child ? [actor.child] : [])];
    for (const ref of refs) {
      if (!raw.actors[ref]) problems.push(`${at}: child type "${ref}" is not defined`);
      else if (ref === root) problems.push(`${at}: the root "${root}" cannot be a child`);
      else if (parents.has(ref)) problems.push(`${at}: "${ref}" already has a parent (${parents.get(ref)}); a type has one place in the tree`);
      else parents.set(ref, name);
    }
  }
  const rootActor = raw.actors[root];
  if (!rootActor) problems.push(`root: type "${root}" is not defined in actors`);
  else if ((rootActor.kind ?? 'worker') !== 'supervisor' || rootActor.strategy === 'simple_one_for_one') {
    problems.push(`actors.${root}: the root must be a static supervisor`);
  } else {
    for (const name of Object.keys(raw.actors)) {
      if (name !== root && !parents.has(name)) problems.push(`actors.${name}: not reachable from the root "${root}"`);
    }
  }
  return problems;
}

function resolveActor(name: string, actor: RawActor, raw: RawManifest, baseDir: string): ActorTypeConfig {
  const defaults = raw.defaults ?? {};
  const kind = actor.kind ?? 'worker';
  const module = actor.module === undefined ? undefined : isAbsolute(actor.module) ? actor.module : resolve(baseDir, actor.module);
  return {
    name,
    kind,
    strategy: actor.strategy,
    children: actor.children ?? [],
    child: actor.child,
    module,
    exportName: actor.export,
    mode: actor.mode ?? 'in-memory',
    hosts: actor.hosts ?? [],
    pool: actor.pool,
    restart: actor.restart ?? defaults.restart ?? 'permanent',
    intensity: actor.intensity ?? defaults.intensity ?? DEFAULT_INTENSITY,
    bulkhead: actor.bulkhead && { retry: { ...DEFAULT_BULKHEAD_RETRY, ...actor.bulkhead.retry } },
    backoff: { ...DEFAULT_BACKOFF, ...defaults.backoff, ...actor.backoff },
    mailboxCapacity: actor.mailboxCapacity ?? defaults.mailboxCapacity ?? DEFAULT_MAILBOX_CAPACITY,
    messageTimeoutMs: actor.messageTimeoutMs ?? defaults.messageTimeoutMs ?? DEFAULT_MESSAGE_TIMEOUT_MS,
    // A default shutdown budget is per worker; a supervisor waits for its children unless told.
    shutdownMs: actor.shutdownMs ?? (kind === 'worker' ? (defaults.shutdownMs ?? DEFAULT_SHUTDOWN_MS) : DEFAULT_SUPERVISOR_SHUTDOWN_MS),
    idleMs: actor.idleMs ?? defaults.idleMs ?? DEFAULT_IDLE_MS,
    sweepMs: actor.sweepMs,
    keepAlive: actor.keepAlive ?? false,
  };
}
