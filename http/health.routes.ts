import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Clock } from '../runtime/clock.js';
import type { StorageHandle } from '../storage/open-database.js';
import { pingRedis } from '../storage/redis-connection.js';
import type { RedisStatus } from '../storage/redis-link.js';

/** A shop stopped alone after its actors kept failing (retried automatically). */
export interface FailedOrgHealth {
  orgId: string;
  retryAt: number;
}

export interface HealthDeps {
  storage: StorageHandle;
  redis?: Redis;
  /** The Redis link's own view (no round trip); when given it wins over pinging `redis`. */
  redisStatus?: () => RedisStatus;
  /** Shops stopped alone by the `orgs` bulkhead (none when omitted). */
  failedOrgs?: () => readonly FailedOrgHealth[];
  clock: Clock;
  startedAt: number;
  /** Live actors in this node's tree. */
  actorCount: () => number;
}

type Probe = { status: 'ok'; latencyMs: number } | { status: 'down'; latencyMs: null; error: string };

async function probe(ping: () => Promise<number>): Promise<Probe> {
  try {
    return { status: 'ok', latencyMs: Math.round((await ping()) * 100) / 100 };
  } catch (error) {
    return { status: 'down', latencyMs: null, error: (error as Error).message };
  }
}

/** Health for load balancers and monitors; no auth, no secrets in the answers. */
export function healthRoutes(deps: HealthDeps): Router {
  const router = Router();
  const db = () => probe(() => deps.storage.ping());
  const redis = () => {
    if (!deps.redis || deps.redisStatus?.() === 'absent') return undefined;
    // Known down: answer at once rather than wait for a command to fail.
    if (deps.redisStatus?.() === 'down') return Promise.resolve<Probe>({ status: 'down', latencyMs: null, error: 'redis is down' });
    return probe(() => pingRedis(deps.redis!));
  };
  /** The `redis` field of /health: 'ok' | 'down' | 'absent' (API.md). */
  const redisSummary = async (): Promise<'ok' | 'down' | 'absent'> => {
    const status = deps.redisStatus?.();
    if (status !== undefined) return status === 'up' ? 'ok' : status;
    const state = await redis();
    return state ? (state.status === 'ok' ? 'ok' : 'down') : 'absent';
  };

  /**
   * `ok` (200) only when everything works; otherwise `degraded` (503) naming what is missing
   * (the database, a configured Redis) and the shops stopped alone — the node still serves the
   * others, so a balancer may keep it, but a monitor must page. Org ids only: reasons are in the
   * operator log and the supervision tree, both behind authentication.
   */
  router.get('/health', async (_req, res) => {
    const [dbState, redisStatus] = await Promise.all([db(), redisSummary()]);
    const missing = [...(dbState.status === 'ok' ? [] : ['database']), ...(redisStatus === 'down' ? ['redis'] : [])];
    const failedOrgs = (deps.failedOrgs?.() ?? []).map((org) => ({ orgId: org.orgId, retryAt: new Date(org.retryAt).toISOString() }));
    const degraded = missing.length > 0 || failedOrgs.length > 0;
    res.status(degraded ? 503 : 200).json({
      status: degraded ? 'degraded' : 'ok',
      storage: deps.storage.engine,
      redis: redisStatus,
      uptimeS: Math.floor((deps.clock.now() - deps.startedAt) / 1000),
      actors: deps.actorCount(),
      ...(degraded && { missing, failedOrgs }),
    });
  });

  const sendProbe = (res: import('express').Response, state: Probe) =>
    res.status(state.status === 'ok' ? 200 : 503).json({ status: state.status, latencyMs: state.latencyMs });

  router.get(['/health/db', '/health/supabase'], async (_req, res) => {
    sendProbe(res, await db());
  });

  router.get('/health/redis', async (_req, res) => {
    const state = redis();
    if (!state) {
      // Redis is optional: not configured is not unhealthy.
      res.json({ status: 'absent', latencyMs: null });
      return;
    }
    sendProbe(res, await state);
  });

  return router;
}
