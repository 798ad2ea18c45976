import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { adminRoutes } from './admin.routes.js';
import { AuthThrottle, authThrottleMiddleware } from './auth-throttle.js';
import { agendaRoutes } from './agenda.routes.js';
import type { ApiDeps } from './api-deps.js';
import { ApiRouter, OpenApiRegistry } from './api-router.js';
import { requireOrg } from './auth.js';
import { contactsRoutes } from './contacts.routes.js';
import { privacyRoutes } from './privacy.routes.js';
import { dashboardRoutes } from './dashboard.routes.js';
import { conversationsRoutes } from './conversations.routes.js';
import { cannedRepliesRoutes } from './canned-replies.routes.js';
import { customerPanelRoutes } from './customer-panel.routes.js';
import { errorHandler, HttpError, unknownRoute } from './errors.js';
import { healthRoutes, type HealthDeps } from './health.routes.js';
import { instancesRoutes } from './instances.routes.js';
import { metricsAccess } from './metrics-access.js';
import { buildOpenApi } from './openapi.js';
import { orgRoutes } from './org.routes.js';
import { DEFAULT_SIGN_IN_LIMIT_PER_MIN, tokenRateLimit, type RateLimitOptions } from './rate-limit.js';
import { ownerRoutes } from './owner.routes.js';
import { resourcesRoutes } from './resources.routes.js';
import { servicesRoutes } from './services.routes.js';
import { sessionRoutes } from './session.routes.js';
import { StaffAccounts } from './staff-accounts.js';
import { authRoutes, peopleRoutes } from './staff.routes.js';
import { setupRoutes } from './setup.routes.js';
import { supervisionRoutes } from './supervision.routes.js';
import { whatsappRoutes } from './whatsapp.routes.js';

export const DEFAULT_BODY_LIMIT = '64kb';
export const SIMULATOR_INBOUND_BODY_LIMIT = '1536kb';

export interface AppDeps extends HealthDeps {
  logger: Logger;
  metrics: Registry;
  /** True once the node is stopping: new requests get 503 SHUTTING_DOWN instead of half-stopped actors. */
  isShuttingDown?: () => boolean;
  /** Per-token request budget; defaults apply when omitted. */
  rateLimit?: RateLimitOptions;
  /** Sign-in attempts per minute per client address (SIGN_IN_LIMIT_PER_MIN). */
  signInLimitPerMin?: number;
  /** Records one answered request (route is the matched pattern, not the raw path). */
  observeRequest?: (method: string, route: string, status: number, seconds: number) => void;
  api: ApiDeps;
  /** Failed-authentication tally per client address; one is made (defaults) when omitted. Share it with the Socket.IO gateway. */
  authThrottle?: AuthThrottle;
  /** Bearer token for /metrics; without it only loopback clients may read them. */
  metricsToken?: string;
}

/** Builds the express app without listening: tests and the server share it. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.use((req, res, next) => {
    const incoming = req.header('x-request-id');
    const id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.locals.requestId = id;
    if (deps.observeRequest) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        deps.observeRequest!(req.method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
      });
    }
    next();
  });
  app.use((_req, _res, next) => {
    if (deps.isShuttingDown?.()) return next(new HttpError(503, 'SHUTTING_DOWN', 'This node is shutting down; retry on another', undefined, 2));
    next();
  });
  // A simulated voice note carries its bytes (base64, at most MAX_AUDIO_BYTES decoded): that one route reads more.
  app.use('/api/orgs/:orgId/instances/:id/simulator/inbound', express.json({ limit: SIMULATOR_INBOUND_BODY_LIMIT }));
  app.use(express.json({ limit: DEFAULT_BODY_LIMIT }));

  app.use(healthRoutes(deps));
  const authThrottle = deps.authThrottle ?? new AuthThrottle({ clock: deps.clock });
  app.use(['/admin', '/api', '/metrics'], authThrottleMiddleware(authThrottle));
  app.get('/metrics', metricsAccess(deps.metricsToken), async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.contentType);
    res.send(await deps.metrics.metrics());
  });

  const limiter = tokenRateLimit({
    ...deps.rateLimit,
    redis: deps.rateLimit?.redis ?? deps.redis,
    redisStatus: deps.rateLimit?.redisStatus ?? deps.redisStatus,
    logger: deps.rateLimit?.logger ?? deps.logger,
  });
  app.use(['/admin', '/api/orgs'], limiter);

  const registry = new OpenApiRegistry();
  const admin = adminRoutes(deps.api, registry);
  supervisionRoutes(admin, deps.api);
  app.use('/admin', admin.router);

  // Owners' and staff's dashboard sessions; the routes that check a password are limited per client address
  // (one budget for both) on top of the failed-authentication throttle.
  const accounts = new StaffAccounts(deps.api.repos.users, deps.api.clock);
  app.use(['/api/auth/sign-in', '/api/auth/change-password'], tokenRateLimit({
    limit: deps.signInLimitPerMin ?? DEFAULT_SIGN_IN_LIMIT_PER_MIN,
    redis: deps.rateLimit?.redis ?? deps.redis,
    redisStatus: deps.rateLimit?.redisStatus ?? deps.redisStatus,
    logger: deps.rateLimit?.logger ?? deps.logger,
    prefix: 'patinha:rl:sign-in:',
  }));
  app.use('/api/auth', authRoutes(deps.api, accounts, registry).router);
  app.use('/api/session', sessionRoutes(deps.api, registry, accounts).router);

  const org = new ApiRouter(registry, '/api/orgs/:orgId', 'org', [requireOrg({ adminToken: deps.api.adminToken, organizations: deps.api.repos.organizations, accounts })]);
  orgRoutes(org, deps.api);
  instancesRoutes(org, deps.api);
  servicesRoutes(org, deps.api);
  contactsRoutes(org, deps.api);
  privacyRoutes(org, deps.api);
  agendaRoutes(org, deps.api);
  resourcesRoutes(org, deps.api);
  whatsappRoutes(org, deps.api);
  conversationsRoutes(org, deps.api);
  customerPanelRoutes(org, deps.api);
  cannedRepliesRoutes(org, deps.api);
  ownerRoutes(org, deps.api);
  peopleRoutes(org, deps.api, accounts);
  setupRoutes(org, deps.api);
  app.use('/api/orgs/:orgId', org.router);

  const openapi = buildOpenApi(registry, { title: 'Patinha API', version: '1' });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  // The dashboard at `/` (static files with their own Content-Security-Policy).
  app.use(dashboardRoutes());

  app.use(unknownRoute);
  app.use(errorHandler(deps.logger));
  return app;
}
