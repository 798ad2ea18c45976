import { readOrgSettings } from '../domain/org-settings.js';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuroraAgent } from '../agents/aurora-agent.js';
import { createOfflineAuroraAgent } from '../agents/aurora/offline-aurora-agent.js';
import { createOpenAiAuroraAgent } from '../agents/aurora/openai-aurora-agent.js';
import type { CustomerAgent } from '../agents/customer-agent.js';
import { createOfflineCustomerAgent } from '../agents/offline-customer-agent.js';
import { createOpenAiClient } from '../agents/openai-client.js';
import { createOpenAiTranscriber, type AudioTranscriber } from '../agents/audio-transcriber.js';
import { createOpenAiCustomerAgent } from '../agents/openai-customer-agent.js';
import { localDateOf, startOfLocalDay } from '../domain/zoned-time.js';
import type { Clock } from '../runtime/clock.js';
import { AiInteractionsRepository } from '../storage/ai-interactions.repository.js';
import type { Database } from '../storage/database.js';
import type { Config } from './config.js';

/** The owner's co-pilot: the model (AURORA_MODEL) with a key, the offline Aurora without. */
export function createAuroraAgentFactory({ config, clock }: Pick<AgentFactoryOptions, 'config' | 'clock'>): () => AuroraAgent {
  if (!config.openai.apiKey) {
    const offline = createOfflineAuroraAgent();
    return () => offline;
  }
  const client = createOpenAiClient({ apiKey: config.openai.apiKey, baseURL: config.openai.baseUrl });
  const online = createOpenAiAuroraAgent({ client, model: config.openai.auroraModel, clock });
  return () => online;
}

/** Tokens an org may spend per local day before the offline assistant takes over (settings.dailyTokenBudget overrides). */
export const DEFAULT_DAILY_TOKEN_BUDGET = 300_000;

export interface AgentFactoryOptions {
  config: Config;
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** Called when an org runs out of today's budget (the owner is told once a day). */
  onBudgetExceeded?: (orgId: string) => void;
}

/**
 * Which assistant answers an org's customers this turn: the model when a key
 * is configured and the org is within its daily token budget, otherwise the
 * deterministic offline pt-BR assistant over the same tools.
 */
export function createAgentFactory({ config, db, clock, logger, onBudgetExceeded }: AgentFactoryOptions): (orgId: string) => Promise<CustomerAgent> {
  const offline = createOfflineCustomerAgent({ clock });
  if (!config.openai.apiKey) return async () => offline;
  const client = createOpenAiClient({ apiKey: config.openai.apiKey, baseURL: config.openai.baseUrl });
  const online = createOpenAiCustomerAgent({ client, model: config.openai.model, clock });
  const spent = new AiInteractionsRepository(db);
  return async (orgId) => {
    const org = await db.selectFrom('organizations').select(['timezone', 'settings']).where('id', '=', orgId).executeTakeFirst();
    if (!org) return offline;
    // A stored value that breaks the rules falls back to the default (Aurora tells the owner).
    const budget = readOrgSettings(org.settings).settings.dailyTokenBudget ?? DEFAULT_DAILY_TOKEN_BUDGET;
    const dayStart = new Date(startOfLocalDay(localDateOf(clock.now(), org.timezone), org.timezone));
    if ((await spent.tokensSince(orgId, dayStart)) < budget) return online;
    logger.warn({ orgId, budget }, 'daily token budget reached; the offline assistant answers until midnight');
    onBudgetExceeded?.(orgId);
    return offline;
  };
}

/** The voice-note transcriber when an OpenAI-compatible key is configured; none otherwise (the customer is asked to write). */
export function createTranscriber({ config, clock }: Pick<AgentFactoryOptions, 'config' | 'clock'>): AudioTranscriber | undefined {
  if (!config.openai.apiKey) return undefined;
  const client = createOpenAiClient({ apiKey: config.openai.apiKey, baseURL: config.openai.baseUrl });
  return createOpenAiTranscriber({ client, model: config.openai.transcribeModel, clock });
}
