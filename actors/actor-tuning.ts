import { DEFAULT_AURORA_TICK_MS, DEFAULT_INACTIVE_DAYS } from './aurora/aurora.actor.js';
import { DEFAULT_BURST_MS } from './conversation/conversation.actor.js';
import { DEFAULT_HUMAN_QUIET_MS, DEFAULT_WINDOW_SIZE } from './conversation/customer-turn.js';
import type { ActorTuning } from './node-context.js';

/** Reconnects of the numbers a process starts together are spread over this long. */
export const DEFAULT_BOOT_STAGGER_MS = 3_000;

/** The product actors' timings as deployed; tests and benchmarks override some. */
export const DEFAULT_ACTOR_TUNING: ActorTuning = Object.freeze({
  burstMs: DEFAULT_BURST_MS,
  windowSize: DEFAULT_WINDOW_SIZE,
  humanQuietMs: DEFAULT_HUMAN_QUIET_MS,
  bootStaggerMs: DEFAULT_BOOT_STAGGER_MS,
  auroraTickMs: DEFAULT_AURORA_TICK_MS,
  inactiveDays: DEFAULT_INACTIVE_DAYS,
});
