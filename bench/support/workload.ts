import { performance } from 'node:perf_hooks';
import { round } from '../bench-output.js';
import { summarize, type LatencySummary } from './stats.js';

/**
 * The workload both designs get: `customers` people, each writing
 * `messagesEach` messages in a closed loop — a customer writes the next
 * message only once the reply to the previous one was delivered, so every
 * message is its own turn (nothing is merged into a burst) and the offered
 * load adapts to what the system delivers, as with real people.
 *
 * A design plugs in how a message enters (`send`) and reports replies with
 * `replied(key)` (delivered to WhatsApp) and, optionally, `committed(key)`
 * (the reply is durable and queued to be sent).
 */
export interface BenchMessage {
  key: string;
  customer: number;
  index: number;
  phone: string;
  text: string;
}

export interface LoopFigures {
  messages: number;
  wallMs: number;
  repliesPerS: number;
  latencyMs: LatencySummary;
  /** Replies durable ÷ wall time to the last one (only when the loop advances on commits). */
  committedPerS?: number;
  /** First inbound → last reply durable (only when the loop advances on commits). */
  committedWallMs?: number;
  /** Inbound → reply durable in the outbox (Patinha only). */
  committedLatencyMs?: LatencySummary;
  /** The same, split: each customer's first message (new contact, actor started) and the ones after it. */
  committedLatencyByTurnMs?: { first: LatencySummary; later?: LatencySummary };
  /** CPU time this Node process spent per message during the run (user + system; the database server's is not counted). */
  nodeCpuMsPerMessage: number;
  missingReplies: number;
  duplicateReplies: number;
  unexpectedReplies: number;
  /** Every message got exactly one reply. */
  exactlyOneReplyEach: boolean;
}

const KEY = /\(ref ([a-z]\d+-m\d+)\)/;

/** The message key a reply text quotes (the benchmark agent echoes the customer's text). */
export function keyOf(text: string): string | undefined {
  return KEY.exec(text)?.[1];
}

/** A valid, distinct Brazilian mobile number per customer (+55 11 9xxxx-xxxx). */
export function customerPhone(prefix: string, customer: number): string {
  const base = prefix === 'w' ? 80_000_000 : 10_000_000;
  return `+55119${String(base + customer)}`;
}

export function benchMessage(prefix: string, customer: number, index: number): BenchMessage {
  const key = `${prefix}${customer}-m${index}`;
  return { key, customer, index, phone: customerPhone(prefix, customer), text: `Qual o preço do banho? (ref ${key})` };
}

export class ClosedLoop {
  readonly #inboundAt = new Map<string, number>();
  readonly #repliedAt = new Map<string, number>();
  readonly #committedAt = new Map<string, number>();
  readonly #replyCount = new Map<string, number>();
  readonly #waiters = new Map<string, () => void>();
  #unexpected = 0;
  #cpuMs = 0;

  constructor(
    readonly prefix: string,
    readonly customers: number,
    readonly messagesEach: number,
    readonly send: (message: BenchMessage) => void | Promise<void>,
    /**
     * When a customer writes again: once the reply was delivered (people waiting for it), or
     * once it was committed (measures the pipeline's own throughput, not the send pacing).
     */
    readonly advanceOn: 'replied' | 'committed' = 'replied',
  ) {}
  #started = 0;

  /** A reply for `key` reached the customer. Extra replies are counted as duplicates. */
  replied(key: string | undefined): void {
    if (!key || !key.startsWith(this.prefix) || !this.#inboundAt.has(key)) {
      if (key?.startsWith(this.prefix)) this.#unexpected++;
      return;
    }
    const count = (this.#replyCount.get(key) ?? 0) + 1;
    this.#replyCount.set(key, count);
    if (count > 1) return;
    this.#repliedAt.set(key, performance.now());
    if (this.advanceOn === 'replied') this.#wake(key);
  }

  committed(key: string | undefined): void {
    if (key && this.#inboundAt.has(key) && !this.#committedAt.has(key)) {
      this.#committedAt.set(key, performance.now());
      if (this.advanceOn === 'committed') this.#wake(key);
    }
  }

  #wake(key: string): void {
    this.#waiters.get(key)?.();
    this.#waiters.delete(key);
  }

  /** Runs every customer's conversation; gives up (with missing replies) after `deadlineMs`. */
  async run(deadlineMs: number, settleMs = 300): Promise<LoopFigures> {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let timedOut = false;
    let giveUp: () => void = () => undefined;
    const deadline = new Promise<void>((resolve) => {
      giveUp = resolve;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      giveUp();
    }, deadlineMs);
    const customer = async (c: number) => {
      for (let i = 0; i < this.messagesEach && !timedOut; i++) {
        const message = benchMessage(this.prefix, c, i);
        const answered = new Promise<void>((resolve) => this.#waiters.set(message.key, resolve));
        this.#inboundAt.set(message.key, performance.now());
        await this.send(message);
        await Promise.race([answered, deadline]);
      }
    };
    this.#started = started;
    await Promise.all(Array.from({ length: this.customers }, (_, c) => customer(c)));
    // Advancing on commits, the last replies may still be waiting for their send slot.
    while (this.advanceOn === 'committed' && !timedOut && this.#repliedAt.size < this.#inboundAt.size) await new Promise((resolve) => setTimeout(resolve, 10));
    clearTimeout(timer);
    const lastReply = Math.max(started, ...this.#repliedAt.values());
    const wallMs = lastReply - started;
    const cpu = process.cpuUsage(cpuBefore);
    this.#cpuMs = (cpu.user + cpu.system) / 1000;
    // A late duplicate would show up here.
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return this.figures(wallMs);
  }

  figures(wallMs: number): LoopFigures {
    const expected = this.customers * this.messagesEach;
    const latencies: number[] = [];
    const committed: number[] = [];
    const committedFirst: number[] = [];
    const committedLater: number[] = [];
    let duplicates = 0;
    for (const [key, inAt] of this.#inboundAt) {
      const at = this.#repliedAt.get(key);
      if (at !== undefined) latencies.push(at - inAt);
      const committedAt = this.#committedAt.get(key);
      if (committedAt !== undefined) {
        committed.push(committedAt - inAt);
        (key.endsWith('-m0') ? committedFirst : committedLater).push(committedAt - inAt);
      }
      duplicates += Math.max(0, (this.#replyCount.get(key) ?? 0) - 1);
    }
    const missing = expected - latencies.length;
    const lastCommit = Math.max(this.#started, ...this.#committedAt.values());
    return {
      ...(this.advanceOn === 'committed' && {
        committedWallMs: Math.round(lastCommit - this.#started),
        committedPerS: round((committed.length / (lastCommit - this.#started)) * 1000, 1),
      }),
      messages: expected,
      wallMs: Math.round(wallMs),
      repliesPerS: round((latencies.length / wallMs) * 1000, 1),
      latencyMs: summarize(latencies),
      ...(committed.length > 0 && {
        committedLatencyMs: summarize(committed),
        committedLatencyByTurnMs: { first: summarize(committedFirst), ...(committedLater.length > 0 && { later: summarize(committedLater) }) },
      }),
      nodeCpuMsPerMessage: round(this.#cpuMs / expected, 2),
      missingReplies: missing,
      duplicateReplies: duplicates,
      unexpectedReplies: this.#unexpected,
      exactlyOneReplyEach: missing === 0 && duplicates === 0 && this.#unexpected === 0,
    };
  }
}
