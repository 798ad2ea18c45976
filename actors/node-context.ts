import type { AudioTranscriber } from '../agents/audio-transcriber.js';
import type { AuroraAgent } from '../agents/aurora-agent.js';
import type { CustomerAgent } from '../agents/customer-agent.js';
import type { Message } from '../runtime/actor.js';
import type { Logger } from '../runtime/logger.js';
import type { Random } from '../runtime/random.js';
import type { Executor } from '../storage/executor.js';
import type { OrgLease } from '../storage/org-leases.repository.js';
import type { Transport } from '../whatsapp/transport.js';
import type { Notice } from './notice-bus.js';

/** Timings and sizes of the product actors; the defaults are in each actor's module. */
export interface ActorTuning {
  /** A burst of customer messages within this window is one turn. */
  readonly burstMs: number;
  /** How many messages of history a conversation keeps for its agent. */
  readonly windowSize: number;
  /** How long after a staff message a human-mode conversation stays with the team. */
  readonly humanQuietMs: number;
  /** Spread of the numbers' reconnects when sessions start together. */
  readonly bootStaggerMs: number;
  /** How often Aurora checks its scheduled work. */
  readonly auroraTickMs: number;
  /** After how many days without a booking a customer is inactive. */
  readonly inactiveDays: number;
}

/**
 * Which orgs this node acts for (cluster/org-tenancy.ts). Absent, the process runs every org
 * itself and nothing is fenced.
 */
export interface OrgPlacementView {
  holds(orgId: string): boolean;
  /** The lease this node acts for the org under: every customer turn commits only under its token. */
  fenceOf(orgId: string): OrgLease | undefined | Promise<OrgLease | undefined>;
}

/**
 * What a product actor is built from: the process that runs it provides this, whether it is the
 * node itself (app/boot.ts through PatinhaActors) or a host process the node placed actors on
 * (app/node-context.ts). An actor module exports a factory `(node: NodeContext) => definition`
 * and is named in `actors.json` by path, so one module runs in either place.
 */
export interface NodeContext {
  /** The node the actors act for: the holder of their org's lease. */
  readonly nodeId: string;
  readonly db: Executor;
  readonly random: Random;
  readonly logger: Logger;
  readonly tuning: ActorTuning;
  readonly placement: OrgPlacementView | undefined;
  transportFor(kind: 'simulator' | 'baileys'): Transport;
  /** A realtime notice for the node's bus (Socket.IO, metrics, logs). */
  notify(notice: Notice): void;
  /** Who answers an org's customers this turn (the model within budget, or the offline assistant). */
  customerAgentFor(orgId: string): CustomerAgent | Promise<CustomerAgent>;
  /** Who answers an org's owner. */
  auroraAgentFor(orgId: string): AuroraAgent | Promise<AuroraAgent>;
  /** Transcribes customers' voice notes (an OpenAI-compatible key is configured); none: a voice note gets a request for text. */
  readonly transcriber: AudioTranscriber | undefined;
  /** A request to another actor of the node's tree, by address (a conversation asks its shop for the snapshot). */
  ask<R>(address: string, message: Message, timeoutMs?: number): Promise<R>;
  /** Test hook: runs before a customer turn commits (only where the node runs the conversations itself). */
  readonly beforeCommit?: () => void | Promise<void>;
}
