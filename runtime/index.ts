/**
 * The actor runtime's public surface. Everything here is independent of WhatsApp and pets.
 */
export { defineActor, isActorModule } from './actor.js';
export type { ActorContext, ActorDefinition, ActorModule, ExitReason, Message, Turn } from './actor.js';
export { DEFAULT_ASK_TIMEOUT_MS } from './actor-ref.js';
export type { ActorRef, AskOptions } from './actor-ref.js';
export { ActorCell, workerSpec } from './actor-cell.js';
export type { WorkerOptions, WorkerSpecOptions } from './actor-cell.js';
export { backoffDelay, baseDelay, DEFAULT_BACKOFF } from './backoff.js';
export type { BackoffPolicy } from './backoff.js';
export { DEFAULT_SHUTDOWN_MS, shouldRestart } from './child-spec.js';
export type { ChildSpec, RestartType, SpawnContext } from './child-spec.js';
export { SystemClock, systemClock } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export { ComedyPlacement } from './comedy-placement.js';
export { DynamicSupervisor, dynamicSupervisorSpec } from './dynamic-supervisor.js';
export type { DynamicSupervisorOptions, DynamicSupervisorSpecOptions } from './dynamic-supervisor.js';
export * from './errors.js';
export type { RuntimeEvent, RuntimeEventListener } from './events.js';
export type { PlacementMode } from './incarnation.js';
export { silentLogger } from './logger.js';
export type { Logger } from './logger.js';
export { DEFAULT_MAILBOX_CAPACITY, DEFAULT_MESSAGE_TIMEOUT_MS, Mailbox } from './mailbox.js';
export type { MailboxOptions, MailboxStats } from './mailbox.js';
export { loadManifest, parseManifest } from './manifest.js';
export type { ActorTypeConfig, Manifest, ManifestSource, SupervisorStrategy } from './manifest.js';
export type { TreeNode, TreeState } from './node.js';
export { mulberry32, systemRandom } from './random.js';
export type { Random } from './random.js';
export { DEFAULT_IDLE_MS, defaultSweepMs, Reaper } from './reaper.js';
export { Registry } from './registry.js';
export { DEFAULT_INTENSITY, recordRestart } from './restart-window.js';
export type { Intensity } from './restart-window.js';
export { DEFAULT_SUPERVISOR_SHUTDOWN_MS } from './supervisor-base.js';
export { Supervisor, supervisorSpec } from './supervisor.js';
export type { Strategy, SupervisorOptions, SupervisorSpecOptions } from './supervisor.js';
export { ActorSystem } from './system.js';
export type { ActorSystemOptions, ManifestSystemOptions, SystemState } from './system.js';
