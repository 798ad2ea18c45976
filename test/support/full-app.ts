import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createApp } from '../../http/app.js';
import { StaffAccounts } from '../../http/staff-accounts.js';
import { SocketGateway } from '../../http/socket-gateway.js';
import { TokenRevocations } from '../../http/token-revocations.js';
import { ORG_TOKEN_PREFIX, generateToken, hashToken } from '../../storage/api-tokens.js';
import { repositories } from '../../storage/repositories.js';
import { TestHttp } from './http-client.js';
import type { CustomerAgent } from '../../agents/customer-agent.js';
import { startPipeline, type PipelineHarness } from './pipeline-harness.js';
import { TEST_ADMIN_TOKEN } from './test-app.js';

export interface FullApp extends PipelineHarness<CustomerAgent> {
  http: TestHttp;
  gateway: SocketGateway;
  /** The org's API token and path prefix. */
  token: string;
  base: string;
  close(): Promise<void>;
}

/** The real HTTP app and Socket.IO gateway over the real actor tree (fake time, simulator, scripted agent). */
export async function startFullApp(
  options: {
    agent?: CustomerAgent; auroraAgent?: import('../../agents/aurora-agent.js').AuroraAgent; baileys?: import('../../whatsapp/transport.js').Transport;
    burstMs?: number; beforeCommit?: () => void | Promise<void>;
    /** Fake time's start (default Tuesday 2026-12-01 09:00 in São Paulo). */
    clockStart?: number;
    transcriber?: import('../../agents/audio-transcriber.js').AudioTranscriber;
    /** The other nodes, as the admin routes see them (none: a node alone). */
    cluster?: import('../../http/cluster-port.js').ClusterPort;
  } = {},
): Promise<FullApp> {
  const pipeline = await startPipeline(options);
  const repos = repositories(pipeline.storage.db);
  const token = generateToken(ORG_TOKEN_PREFIX);
  await repos.organizations.setTokenHash(pipeline.orgId, hashToken(token), new Date(pipeline.clock.now()));
  const logger = pino({ level: 'silent' });
  const tokenRevocations = new TokenRevocations();
  const app = createApp({
    logger, metrics: new Registry(), storage: pipeline.storage, clock: pipeline.clock, startedAt: pipeline.clock.now(), actorCount: () => 1,
    failedOrgs: () => pipeline.actors.failedOrgs(),
    api: {
      db: pipeline.storage.db, repos, clock: pipeline.clock, logger, adminToken: TEST_ADMIN_TOKEN, defaultTimezone: 'America/Sao_Paulo',
      defaultTransport: 'simulator', actors: pipeline.actors, tokenRevocations, cluster: options.cluster,
    },
  });
  const http = await TestHttp.start(app);
  const gateway = new SocketGateway({ server: http.server.server, bus: pipeline.actors.bus, repos, adminToken: TEST_ADMIN_TOKEN, logger, tokenRevocations, accounts: new StaffAccounts(repos.users, pipeline.clock) });
  return {
    ...pipeline,
    http,
    gateway,
    token,
    base: `/api/orgs/${pipeline.orgId}`,
    async close() {
      await gateway.close();
      await http.close();
      await pipeline.stop();
    },
  };
}
