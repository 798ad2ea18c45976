import type { AudioTranscriber } from '../agents/audio-transcriber.js';
import type { AuroraAgent } from '../agents/aurora-agent.js';
import { createOfflineAuroraAgent } from '../agents/aurora/offline-aurora-agent.js';
import type { CustomerAgent } from '../agents/customer-agent.js';
import type { ActorDefinition } from '../runtime/actor.js';
import type { Manifest } from '../runtime/manifest.js';
import { loadActorModule } from '../runtime/module-loader.js';
import type { Logger } from '../runtime/logger.js';
import type { Random } from '../runtime/random.js';
import type { Executor } from '../storage/executor.js';
import { transportOfKind, type Transport } from '../whatsapp/transport.js';
import type { SimulatorTransport } from '../whatsapp/simulator.transport.js';
import type { ActorTuning, NodeContext, OrgPlacementView } from './node-context.js';
import type { Notice } from './notice-bus.js';
import type { Message } from '../runtime/actor.js';

export interface LocalNodeContextOptions {
  nodeId: string;
  db: Executor;
  random: Random;
  logger: Logger;
  tuning: ActorTuning;
  placement: OrgPlacementView | undefined;
  transports: { simulator: SimulatorTransport; baileys?: Transport };
  customerAgentFor(orgId: string): CustomerAgent | Promise<CustomerAgent>;
  auroraAgentFor: ((orgId: string) => AuroraAgent | Promise<AuroraAgent>) | undefined;
  transcriber: AudioTranscriber | undefined;
  notify(notice: Notice): void;
  ask<R>(address: string, message: Message, timeoutMs?: number): Promise<R>;
  beforeCommit?: () => void | Promise<void>;
}

/** The node's own context: what the actors it runs in this process are built from. */
export function localNodeContext(options: LocalNodeContextOptions): NodeContext {
  const offlineAurora = createOfflineAuroraAgent();
  return Object.freeze({
    nodeId: options.nodeId,
    db: options.db,
    random: options.random,
    logger: options.logger,
    tuning: options.tuning,
    placement: options.placement,
    transportFor: (kind: 'simulator' | 'baileys') => transportOfKind(options.transports, kind),
    notify: options.notify,
    customerAgentFor: options.customerAgentFor,
    auroraAgentFor: options.auroraAgentFor ?? (() => offlineAurora),
    transcriber: options.transcriber,
    ask: options.ask,
    beforeCommit: options.beforeCommit,
  });
}

/**
 * The definitions of the worker types this process runs itself (`"mode": "in-memory"`), loaded
 * from the manifest's module paths and built with `node` — the same modules a host process loads
 * for the types placed out of process.
 */
export async function loadLocalDefinitions(manifest: Manifest, node: NodeContext): Promise<Record<string, ActorDefinition<any, any>>> {
  const definitions: Record<string, ActorDefinition<any, any>> = {};
  for (const config of Object.values(manifest.actors)) {
    if (config.kind !== 'worker' || config.mode !== 'in-memory' || !config.module) continue;
    definitions[config.name] = await loadActorModule({ module: config.module, exportName: config.exportName }, node);
  }
  return definitions;
}
