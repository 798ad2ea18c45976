import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createApp } from '../http/app.js';
import { AuthThrottle } from '../http/auth-throttle.js';
import { checkPortFree, listen, type RunningServer } from '../http/server.js';
import { StaffAccounts } from '../http/staff-accounts.js';
import { SocketGateway } from '../http/socket-gateway.js';
import { TokenRevocations } from '../http/token-revocations.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import type { Cache } from '../storage/cache.js';
import { MemoryCache } from '../storage/memory-cache.js';
import { migrateToLatest } from '../storage/migrate.js';
import { openDatabase, type StorageHandle } from '../storage/open-database.js';
import { followShopChanges } from './shop-changes.js';
import { RedisCache } from '../storage/redis-cache.js';
import { repositories } from '../storage/repositories.js';
import { RedisLink } from '../storage/redis-link.js';
import { PatinhaActors } from '../actors/patinha-actors.js';
import { NodeCluster } from '../cluster/node-cluster.js';
import { processNodeId } from '../cluster/node-id.js';
import { answerNodeRequests } from './node-requests.js';
import { OrgTenancy } from '../cluster/org-tenancy.js';
import { askAllToRebalance, askToRebalance } from '../cluster/ask-to-rebalance.js';
import { OrgLeasesRepository } from '../storage/org-leases.repository.js';
import { RoutedActors } from './routed-actors.js';
import { loadManifest } from '../runtime/manifest.js';
import type { TreeNode } from '../runtime/node.js';
import { systemRandom } from '../runtime/random.js';
import { createAgentFactory, createAuroraAgentFactory, createTranscriber } from './agent-factory.js';
import { PatinhaMetrics } from './metrics.js';
import type { Config } from './config.js';
import { createTransports } from './transports.js';
import { loadAdminToken, loadEncryptionKey } from './local-secrets.js';
import { seedDemoOnce, type DemoSeed } from './seed-demo.js';

export interface Patinha {
  readonly config: Config;
  readonly storage: StorageHandle;
  /** Undefined without `REDIS_URL`; otherwise up or down, never a reason not to run. */
  readonly redis: RedisLink | undefined;
  readonly cache: Cache;
  readonly server: RunningServer;
  readonly adminToken: { value: string; generated: boolean; file?: string };
  readonly demo: DemoSeed | undefined;
  readonly actors: PatinhaActors;
  /** This node among the others (heartbeat and node link); undefined without `REDIS_URL`. */
  readonly cluster: NodeCluster | undefined;
  /** Ordered shutdown: stop accepting, drain, stop actors, close pools. */
  stop(): Promise<void>;
}

export interface BootOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
}

const ACTORS_JSON = fileURLToPath(new URL('../actors.json', import.meta.url));

function countWorkers(node: TreeNode): number {
  return (node.kind === 'worker' && node.state === 'running' ? 1 : 0) + node.children.reduce((n, c) => n + countWorkers(c), 0);
}

/** The composition root: opens resources, builds the tree and the edge, in that order. */
export async function boot({ config, logger, clock = systemClock }: BootOptions): Promise<Patinha> {
  const startedAt = clock.now();
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.error({ err: error }, 'shutdown step failed');
      }
    }
  };

  try {
    await checkPortFree(config.port, config.host);
    const metrics = new PatinhaMetrics({ orgLabels: config.metrics.orgLabels });
    const storage = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onQuery: (ms) => metrics.dbQuery.observe(ms / 1000) });
    cleanups.push(() => storage.close());
    const applied = await migrateToLatest(storage.db);
    logger.info({ storage: storage.engine, applied: applied.length }, 'database ready');

    // Redis is optional at run time too: the link connects in the background and users fall back while it is down.
    let redis: RedisLink | undefined;
    if (config.redisUrl) {
      const link = new RedisLink(config.redisUrl, { logger: logger.child({ component: 'redis' }) }).start();
      redis = link;
      cleanups.push(() => link.close());
    }
    const cache: Cache = redis ? new RedisCache(redis.commands) : new MemoryCache(clock);

    const adminToken = config.adminToken
      ? { value: config.adminToken, generated: false }
      : loadAdminToken(config.dataDir);

    const demo = config.seedDemo ? await seedDemoOnce(storage.db, config.defaultTimezone, new Date(clock.now())) : undefined;

    const encryptionKey = config.sessionEncryptionKey ?? loadEncryptionKey(config.dataDir).value;
    const manifest = loadManifest({ path: ACTORS_JSON, actorsConfig: config.actorsConfig });
    // One node alone keeps one name across restarts, so it takes its orgs back at once after a crash;
    // among several (Redis), a node without NODE_ID is named per process.
    const nodeId = config.nodeId ?? (config.redisUrl ? processNodeId() : 'local');
    // Which orgs this node acts for: built below, once the tree it starts orgs in exists.
    let tenancy: OrgTenancy | undefined;
    const holds = (orgId: string) => tenancy?.holds(orgId) ?? false;
    // The agent factory needs the tree it is part of (to tell Aurora): bound once the tree exists.
    let started: PatinhaActors | undefined;
    const actors = await PatinhaActors.start({
      db: storage.db,
      manifest,
      clock,
      random: systemRandom,
      logger,
      nodeId,
      placement: {
        holds,
        fenceOf: (orgId) => tenancy?.fenceOf(orgId),
      },
      transports: createTransports({ config, db: storage.db, cache, clock, logger, encryptionKey }),
      agentFor: createAgentFactory({ config, db: storage.db, clock, logger, onBudgetExceeded: (orgId) => started?.budgetExceeded(orgId) }),
      auroraAgentFor: createAuroraAgentFactory({ config, clock }),
      transcriber: createTranscriber({ config, clock }),
      onFatal: (error) => {
        logger.fatal({ err: error }, 'the actor tree gave up; exiting so the process manager restarts us');
        process.exitCode = 1;
        void stopAll();
      },
    });
    started = actors;
    cleanups.push(() => actors.stop());
    if (storage.engine === 'postgres' && config.databaseUrl) {
      const changes = followShopChanges(actors, config.databaseUrl, logger);
      cleanups.push(() => changes.close());
    }
    const detachMetrics = metrics.attach(actors.bus, actors.system);
    cleanups.push(async () => detachMetrics());

    const leases = new OrgLeasesRepository(storage.db);
    const orgs = repositories(storage.db).organizations;
    // Other nodes see this one through Redis: its heartbeat, and a link that answers their requests.
    let cluster: NodeCluster | undefined;
    if (redis) {
      const nodeCluster = NodeCluster.start({
        redis,
        nodeId,
        answer: answerNodeRequests({ local: actors, holds, rebalance: () => void tenancy?.rebalance() }),
        clock,
        logger: logger.child({ component: 'cluster' }),
        membership: { ttlMs: manifest.cluster.heartbeatTtlMs, renewMs: manifest.cluster.heartbeatMs },
      });
      cluster = nodeCluster;
      // Stopped after the tenancy has handed its orgs off (the others may still ask meanwhile), before the actors.
      cleanups.push(() => nodeCluster.stop());
      logger.info({ nodeId, named: config.nodeId ? 'NODE_ID' : 'host and pid' }, 'cluster membership started');
    }
    // Each org on exactly one node: the holder of its lease starts its actors, and stops them before it could lapse.
    const placement = new OrgTenancy({
      nodeId,
      leases,
      host: { start: (orgId) => actors.startOrg(orgId), stop: (orgId) => actors.stopOrg(orgId) },
      listOrgs: async () => (await orgs.list()).map((org) => org.id),
      liveNodes: cluster && (() => cluster!.membership.liveNodes()),
      nudge: (nodeIds) => askToRebalance(cluster, nodeIds),
      clock,
      logger: logger.child({ component: 'placement' }),
      ttlMs: manifest.cluster.leaseTtlMs,
      renewMs: manifest.cluster.renewMs,
      marginMs: manifest.cluster.marginMs,
    });
    tenancy = placement;
    // Stopped after HTTP: hands every org off (stop, release) and asks the others to take them at once.
    cleanups.push(async () => {
      await placement.stop();
      await askAllToRebalance(cluster);
    });
    await placement.start();
    logger.info({ nodeId, orgs: placement.heldOrgs().length }, 'orgs placed');
    const routed = new RoutedActors({ local: actors, tenancy: placement, cluster, leases, logger });

    const api = {
      db: storage.db,
      repos: repositories(storage.db),
      clock,
      logger,
      adminToken: adminToken.value,
      defaultTimezone: config.defaultTimezone,
      defaultTransport: config.waTransport,
      actors: routed,
      cluster,
      tokenRevocations: new TokenRevocations(),
    };
    let shuttingDown = false;
    const authThrottle = new AuthThrottle({ clock, ...config.authThrottle, onEvent: (event, channel) => metrics.countAuth(event, channel) });
    const app = createApp({
      authThrottle,
      rateLimit: { limit: config.rateLimitPerMin },
      signInLimitPerMin: config.signInLimitPerMin,
      metricsToken: config.metrics.token,
      isShuttingDown: () => shuttingDown,
      logger, metrics: metrics.registry, storage, redis: redis?.commands, redisStatus: () => redis?.status() ?? 'absent', clock, startedAt, actorCount: () => countWorkers(actors.tree()), api,
      failedOrgs: () => actors.failedOrgs(),
      observeRequest: (method, route, status, seconds) => metrics.httpRequests.observe({ method, route, status: String(status) }, seconds),
    });
    const server = await listen(app, config.port, config.host);
    cleanups.push(() => server.close());
    const gateway = new SocketGateway({
      server: server.server, bus: actors.bus, repos: api.repos, adminToken: adminToken.value, logger, redisLink: redis, tokenRevocations: api.tokenRevocations, authThrottle,
      accounts: new StaffAccounts(api.repos.users, clock),
    });
    cleanups.push(() => gateway.close());
    logger.info({ port: server.port }, 'http listening');

    let stopping: Promise<void> | undefined;
    return {
      config,
      storage,
      redis,
      cache,
      server,
      adminToken,
      demo,
      actors,
      cluster,
      stop: () => {
        shuttingDown = true;
        return (stopping ??= stopAll());
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
