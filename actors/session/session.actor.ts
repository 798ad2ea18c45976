import { decideReconnect, shouldAlert } from '../../domain/reconnect-policy.js';
import { earliestSendAt, rateLimitDelayMs, type PacingClass, type PacingState } from '../../domain/send-pacing.js';
import { numberLeases, type NumberClaim } from './number-claim.js';
import { ConnectionEventsRepository } from '../../storage/connection-events.repository.js';
import { OutboxRepository, type StoredOutbound } from '../../storage/outbox.repository.js';
import { defineActor, type ActorContext } from '../../runtime/actor.js';
import { ValidationError } from '../../runtime/errors.js';
import type { InstanceStatus } from '../../storage/database.js';
import type { Executor } from '../../storage/executor.js';
import { stripUnsafeText } from '../../domain/text-hygiene.js';
import { InboxRepository, type StoredInbound } from '../../storage/inbox.repository.js';
import type { ShopMsg } from '../shop/shop.protocol.js';
import { InstancesRepository } from '../../storage/instances.repository.js';
import type { Transport, TransportConnection, TransportEvent } from '../../whatsapp/transport.js';
import { SimulatorNotConnectedError, simulatedInbound } from '../../whatsapp/simulator.transport.js';
import { auroraAddress, parseSessionKey, shopAddress } from '../addresses.js';
import type { AuroraMsg } from '../aurora/aurora.protocol.js';
import type { SessionMsg, SessionNotice } from './session.protocol.js';

/**
 * One WhatsApp number: owns its socket (one at a time, stale generations
 * ignored), applies the reconnect policy, keeps the instance row current and
 * makes every inbound message durable in the inbox before anything else.
 */
export interface SessionDeps {
  db: Executor;
  /** The transport for a number of this kind. */
  transportFor(kind: 'simulator' | 'baileys'): Transport;
  random(): number;
  notify(notice: SessionNotice): void;
  /** Spread reconnects at boot so a node restart does not reconnect every number at once. */
  bootStaggerMs: number;
  /** How often an open socket is checked (default 60 s). */
  healthCheckMs?: number;
  /** A number not connected for this many days loses its credentials (default 30). */
  staleAfterDays?: number;
  /** This node's name: the holder of the number's lease (exactly one socket per number in the cluster). */
  nodeId?: string;
  /** How long a lease lasts without renewal (renewed on every health check; default 3 checks). */
  leaseTtlMs?: number;
  /** Who may hold a number's socket; per-number leases held as `nodeId` when omitted. */
  claim?: NumberClaim;
}

export const DEFAULT_HEALTH_CHECK_MS = 60_000;
export const DEFAULT_STALE_AFTER_DAYS = 30;
const DAY_MS = 86_400_000;

export interface SessionState {
  orgId: string;
  instanceId: string;
  transport: Transport;
  generation: number;
  connection: TransportConnection | undefined;
  status: InstanceStatus;
  /** Backoff attempts since the last stable open. */
  attempt: number;
  /** When the stale-number check last ran. */
  lastStaleCheckAt: number;
  pacing: PacingState;
  /** Consecutive rate-limit answers from WhatsApp. */
  rateLimitStreak: number;
  /** Outbox rows handed over by the actors that queued them, by id: sent without reading the outbox. */
  queue: Map<number, StoredOutbound>;
  /** The outbox may hold rows the queue does not (boot, a nudge, a retry, another node): read it on the next flush. */
  sweep: boolean;
}

/** A message that keeps failing for another reason than the rate limit is given up after this many attempts. */
export const MAX_SEND_ATTEMPTS = 5;
const SEND_BATCH = 20;
/** At most this many queued inbound deliveries join one inbox statement. */
const INBOUND_BATCH = 200;

type QueuedInbound = Extract<SessionMsg, { type: '$session.transport' }> & { envelope: { event: Extract<TransportEvent, { type: 'messages' }> } };
const isQueuedInbound = (m: SessionMsg): boolean => m.type === '$session.transport' && m.envelope.event.type === 'messages';

function isRateLimit(error: unknown): boolean {
  const e = error as { code?: unknown; output?: { statusCode?: number }; data?: unknown; message?: string };
  return e?.code === 429 || e?.output?.statusCode === 429 || e?.data === 429 || /rate-overlimit/i.test(e?.message ?? '');
}

function isNotConnected(error: unknown): boolean {
  const e = error as { code?: unknown; output?: { statusCode?: number } };
  return e?.code === 'NOT_CONNECTED' || e?.output?.statusCode === 428;
}

const pacingOf = (m: StoredOutbound): PacingClass => (m.kind === 'campaign' ? 'cold' : 'reply');

const STOPPED_FOR_GOOD: ReadonlySet<InstanceStatus> = new Set(['logged_out', 'replaced', 'banned']);

/**
 * The actor's timers (`ctx.timers`, cancelled when the incarnation ends). The next
 * connect attempt is one timer whether it is the boot's staggered connect, a backoff
 * retry or a wait for another node's lease: a connect, a logout or a retired number
 * cancels whichever is pending.
 */
const RECONNECT_TIMER = 'reconnect';
/** The next paced flush of the outbox: while it runs, a queued send waits for it. */
const SEND_TIMER = 'send';
const HEALTH_TIMER = 'health';

export function createSessionActor(deps: SessionDeps) {
  const instances = new InstancesRepository(deps.db);
  const inbox = new InboxRepository(deps.db);
  const outbox = new OutboxRepository(deps.db);
  const history = new ConnectionEventsRepository(deps.db);
  const claim = deps.claim ?? numberLeases(deps.db, deps.nodeId ?? 'local', deps.leaseTtlMs ?? 3 * (deps.healthCheckMs ?? DEFAULT_HEALTH_CHECK_MS));
  type Ctx = ActorContext<SessionMsg>;
  const now = (ctx: Ctx) => new Date(ctx.clock.now());

  /** The number's status, written with its history (`detail`: the disconnect that caused it). */
  async function setStatus(state: SessionState, status: InstanceStatus, ctx: Ctx, detail?: { code?: number; reason?: string }): Promise<SessionState> {
    if (status === 'open') await instances.recordConnected(state.instanceId, now(ctx));
    else await instances.setStatus(state.instanceId, status, now(ctx));
    await history.record(state.orgId, state.instanceId, now(ctx), status, detail);
    deps.notify({ kind: 'status', orgId: state.orgId, instanceId: state.instanceId, status });
    return { ...state, status };
  }

  async function connect(state: SessionState, ctx: Ctx, pairingPhone?: string): Promise<SessionState> {
    ctx.timers.cancel(RECONNECT_TIMER);
    if (!(await claim.claim(state.orgId, state.instanceId, now(ctx)))) {
      // Another node owns this number's socket; try again when its lease could have lapsed.
      ctx.timers.start(RECONNECT_TIMER, claim.retryMs, { type: '$session.retry', generation: state.generation });
      return state;
    }
    // Exactly one live socket: the old one ends before the new one opens.
    await state.connection?.end();
    const generation = state.generation + 1;
    const self = ctx.self;
    const connection = await state.transport.connect({
      orgId: state.orgId,
      instanceId: state.instanceId,
      generation,
      pairingPhone,
      onEvent: (envelope) => {
        if (self.isAlive) self.tell({ type: '$session.transport', envelope });
      },
    });
    return setStatus({ ...state, generation, connection }, 'connecting', ctx);
  }

  async function optedOut(orgId: string, phone: string): Promise<boolean> {
    const row = await deps.db.selectFrom('contacts').select('marketing_opt_out').where('org_id', '=', orgId).where('phone', '=', phone).executeTakeFirst();
    return row?.marketing_opt_out === true;
  }

  /** Hands the state back unchanged, so a flush can end with `return scheduleFlush(...)`. */
  function scheduleFlush(state: SessionState, ctx: Ctx, delayMs: number): SessionState {
    ctx.timers.start(SEND_TIMER, delayMs, { type: 'session.flush' });
    return state;
  }

  /**
   * Sends what is due, one message at a time, as fast as the pacing allows;
   * the rest waits for a timer. The WhatsApp id was chosen when the message
   * was enqueued, so a retry (or a resend after a crash) is the same message.
   */
  async function flush(state: SessionState, ctx: Ctx): Promise<SessionState> {
    ctx.timers.cancel(SEND_TIMER);
    const connection = state.connection;
    if (!connection || state.status !== 'open') return state; // sent on the next open
    const queue = state.queue;
    let sweepAgain = false;
    const swept = state.sweep;
    const found = swept ? await outbox.listDue(state.instanceId, now(ctx), SEND_BATCH) : [];
    if (swept) {
      for (const message of found) queue.set(message.id, message);
      sweepAgain = found.length === SEND_BATCH;
      state = { ...state, sweep: false };
    }
    const due = [...queue.values()].filter((m) => m.notBefore.getTime() <= ctx.clock.now()).sort((a, b) => a.id - b.id);
    // A paced campaign message must not hold back a reply queued behind it: skip what must wait.
    let wakeAt: number | undefined;
    for (const message of due) {
      if (message.kind === 'campaign' && (await optedOut(state.orgId, message.toPhone))) {
        // Opted out after the campaign was confirmed: the message is dropped, never sent.
        queue.delete(message.id);
        await outbox.cancel(message.id, 'opted_out', now(ctx));
        continue;
      }
      const at = earliestSendAt(pacingOf(message), state.pacing, ctx.clock.now(), deps.random);
      if (at > ctx.clock.now()) {
        wakeAt = Math.min(wakeAt ?? at, at);
        continue;
      }
      // A first attempt is counted when it is marked sent (one statement); retries are counted before they go.
      if (message.attempts > 0) await outbox.markSending(message.id, now(ctx));
      try {
        await connection.send({ waMessageId: message.waMessageId, toJid: message.toJid, text: message.text });
      } catch (error) {
        // Whatever happens next is in the outbox row; the queue forgets it and the next sweep reads it back.
        queue.delete(message.id);
        const reason = (error as Error).message ?? String(error);
        deps.notify({ kind: 'send-failed', orgId: state.orgId, instanceId: state.instanceId, messageKind: message.kind, reason: isRateLimit(error) ? 'rate_limited' : 'error' });
        if (message.attempts === 0) await outbox.markSending(message.id, now(ctx));
        state = { ...state, sweep: true };
        if (isRateLimit(error)) {
          const streak = state.rateLimitStreak + 1;
          const wait = rateLimitDelayMs(streak, deps.random);
          await outbox.scheduleRetry(message.id, reason, new Date(ctx.clock.now() + wait), now(ctx));
          state = { ...state, rateLimitStreak: streak, pacing: { ...state.pacing, blockedUntil: ctx.clock.now() + wait } };
          return scheduleFlush(state, ctx, wait);
        }
        if (isNotConnected(error)) {
          await outbox.scheduleRetry(message.id, reason, now(ctx), now(ctx));
          return state;
        }
        if (message.attempts + 1 >= MAX_SEND_ATTEMPTS) await outbox.markFailed(message.id, reason, now(ctx));
        else await outbox.scheduleRetry(message.id, reason, new Date(ctx.clock.now() + 5_000 * (message.attempts + 1)), now(ctx));
        continue;
      }
      queue.delete(message.id);
      await outbox.markSent(message.id, now(ctx), message.attempts === 0);
      const sentAt = ctx.clock.now();
      deps.notify({ kind: 'sent', orgId: state.orgId, instanceId: state.instanceId, messageKind: message.kind, queuedMs: Math.max(0, sentAt - message.createdAt.getTime()) });
      state = {
        ...state,
        rateLimitStreak: 0,
        pacing: { ...state.pacing, lastSendAt: sentAt, ...(pacingOf(message) === 'cold' && { lastColdSendAt: sentAt }) },
      };
    }
    // What the outbox lent this flush and did not go out is read again next time: others may
    // change it meanwhile (a stopped campaign cancels its rows). Handed-over replies stay queued.
    for (const message of found) {
      if (queue.delete(message.id)) sweepAgain = true;
    }
    if (sweepAgain) state = { ...state, sweep: true };
    if (wakeAt !== undefined) return scheduleFlush(state, ctx, wakeAt - ctx.clock.now());
    if (state.sweep) return scheduleFlush(state, ctx, 0);
    const later = [...queue.values()].reduce<number | undefined>((min, m) => Math.min(min ?? Infinity, m.notBefore.getTime()), undefined);
    if (later !== undefined) return scheduleFlush(state, ctx, later - ctx.clock.now());
    if (!swept) return state;
    // Retries wait in the outbox with a later not_before: wake up for the first of them.
    const next = await outbox.nextDueAt(state.instanceId);
    return next ? scheduleFlush({ ...state, sweep: true }, ctx, next.getTime() - ctx.clock.now()) : state;
  }

  function scheduleHealth(state: SessionState, ctx: Ctx): SessionState {
    ctx.timers.start(HEALTH_TIMER, deps.healthCheckMs ?? DEFAULT_HEALTH_CHECK_MS, { type: '$session.health' });
    return state;
  }

  /**
   * A socket can die without a close event reaching us (a half-open TCP
   * connection): an open session whose transport no longer has a live socket
   * is treated as closed, so the reconnect policy takes over. Once a day it
   * also retires a number nobody connected for `staleAfterDays`.
   */
  async function checkHealth(state: SessionState, ctx: Ctx): Promise<SessionState> {
    if (state.connection && !(await claim.claim(state.orgId, state.instanceId, now(ctx)))) {
      // Lost the lease (this node was cut off long enough for another to take over): never two sockets.
      await state.connection.end();
      state = { ...state, connection: undefined };
    }
    if (state.status === 'open' && state.connection && state.transport.isConnected?.(state.instanceId) === false) {
      state = await onClosed(state, { type: 'closed', code: 428, message: 'health check: the socket is gone' }, ctx);
    }
    if (ctx.clock.now() - state.lastStaleCheckAt >= DAY_MS) {
      state = { ...state, lastStaleCheckAt: ctx.clock.now() };
      const instance = await instances.findById(state.orgId, state.instanceId);
      const lastSeen = instance && new Date(instance.lastConnectedAt ?? instance.createdAt).getTime();
      const staleMs = (deps.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS) * DAY_MS;
      if (instance && state.status !== 'open' && lastSeen !== undefined && ctx.clock.now() - lastSeen >= staleMs) {
        ctx.timers.cancel(RECONNECT_TIMER);
        await state.connection?.end();
        await state.transport.logout(state.instanceId);
        await instances.flagStale(state.instanceId, now(ctx));
        state = await setStatus({ ...state, connection: undefined }, 'logged_out', ctx);
      }
    }
    // Replies enqueued by actors on other nodes reach this number's outbox without a nudge: sweep it.
    if (state.status === 'open' && !ctx.timers.isActive(SEND_TIMER)) state = await flush({ ...state, sweep: true }, ctx);
    return scheduleHealth(state, ctx);
  }

  async function onClosed(state: SessionState, event: Extract<TransportEvent, { type: 'closed' }>, ctx: Ctx): Promise<SessionState> {
    const closedState = { ...state, connection: undefined };
    if (event.code === undefined) return closedState; // we ended it ourselves
    const decision = decideReconnect({ code: event.code, message: event.message, attempt: state.attempt, random: deps.random });
    const failures = decision.action === 'reconnect-now' ? 0 : await instances.recordFailure(state.instanceId, now(ctx));
    deps.notify({
      kind: 'disconnected', orgId: state.orgId, instanceId: state.instanceId, reason: decision.reason, code: event.code,
      shouldReconnect: decision.shouldReconnect, attempt: decision.attempt, nextRetryInMs: decision.shouldReconnect ? decision.delayMs : null,
    });
    if (shouldAlert(failures)) {
      deps.notify({ kind: 'alert', orgId: state.orgId, instanceId: state.instanceId, alert: 'number_failing', consecutiveFailures: failures });
      // The owner hears it from Aurora (once a day); the notice above is the dashboard's banner.
      ctx.tell<AuroraMsg>(auroraAddress(state.orgId), { type: 'aurora.number-failing', instanceId: state.instanceId, consecutiveFailures: failures });
    }
    if (decision.action === 'stop') {
      await claim.release(state.orgId, state.instanceId);
      return setStatus({ ...closedState, attempt: decision.attempt }, decision.status === 'stopped' ? 'failed' : decision.status, ctx, { code: event.code, reason: decision.reason });
    }
    const next = await setStatus({ ...closedState, attempt: decision.attempt }, 'reconnecting', ctx, { code: event.code, reason: decision.reason });
    if (decision.action === 'reconnect-now') return connect(next, ctx);
    ctx.timers.start(RECONNECT_TIMER, decision.delayMs, { type: '$session.retry', generation: state.generation });
    return next;
  }

  async function onTransportEvent(state: SessionState, event: TransportEvent, ctx: Ctx): Promise<SessionState> {
    switch (event.type) {
      case 'status':
        if (event.status === 'open') return flush(await setStatus({ ...state, attempt: 0, sweep: true }, 'open', ctx), ctx);
        return state.status === event.status ? state : setStatus(state, event.status, ctx);
      case 'qr':
        await instances.setAuthMethod(state.instanceId, 'qr', now(ctx));
        deps.notify({ kind: 'qr', orgId: state.orgId, instanceId: state.instanceId, qrDataUrl: event.qrDataUrl });
        return state.status === 'qr' ? state : setStatus(state, 'qr', ctx);
      case 'pairing-code':
        await instances.setAuthMethod(state.instanceId, 'pairing', now(ctx));
        deps.notify({ kind: 'pairing-code', orgId: state.orgId, instanceId: state.instanceId, code: event.code });
        return setStatus(state, 'pairing', ctx);
      case 'account':
        if (event.phone) await instances.setPhone(state.instanceId, event.phone, now(ctx));
        if (event.authMethod) await instances.setAuthMethod(state.instanceId, event.authMethod, now(ctx));
        return state;
      case 'messages': {
        // Durable first: the inbox rows exist before anyone acts on the messages. Whatever else
        // the sockets delivered meanwhile is stored in the same statement (a group commit).
        const acceptedAtMs = ctx.clock.now();
        const batch = [event.messages, ...ctx.takeQueued(isQueuedInbound, INBOUND_BATCH).map((m) => (m as QueuedInbound).envelope.event.messages)];
        const inbound = batch.flat().flatMap((m) => {
          // Whatever the transport: a NUL or a lone surrogate must not make the row unstorable (and crash us).
          const text = stripUnsafeText(m.text);
          // Media with no caption is still a message (a voice note, a photo): only an empty text alone is nothing.
          if (text.trim() === '' && !m.media) return [];
          return [{
            orgId: state.orgId, instanceId: state.instanceId, remoteJid: m.remoteJid, waMessageId: m.waMessageId, fromMe: m.fromMe,
            senderPhone: m.senderPhone, senderLid: m.senderLid ?? null, pushName: m.pushName === null ? null : stripUnsafeText(m.pushName), text,
            media: m.media ?? null, receivedAt: new Date(m.timestamp),
          }];
        });
        const ids = await inbox.acceptMany(inbound);
        const rows: StoredInbound[] = inbound.flatMap((m, i) => (ids[i] === undefined ? [] : [{ ...m, id: ids[i]!, attempts: 0, acceptedAtMs }]));
        // Only now may the senders learn the messages arrived: a crash before this line loses nothing they were told we have.
        for (const messages of batch) state.transport.stored?.(state.instanceId, messages);
        if (rows.length) {
          // Routing is the shop's next step; the dashboard hears of the arrival.
          ctx.tell<ShopMsg>(shopAddress(state.orgId), { type: 'shop.inbound', rows });
          deps.notify({ kind: 'inbound', orgId: state.orgId, instanceId: state.instanceId, inboxIds: rows.map((r) => r.id) });
        }
        return state;
      }
      case 'closed':
        return onClosed(state, event, ctx);
    }
  }

  return defineActor<SessionState, SessionMsg>({
    async init(ctx) {
      const { orgId, instanceId } = parseSessionKey(ctx.args.key);
      const instance = await instances.findById(orgId, instanceId);
      if (!instance) throw new Error(`instance ${instanceId} of org ${orgId} does not exist`);
      const transport = deps.transportFor(instance.transport);
      const state: SessionState = {
        orgId, instanceId, transport, generation: 0, connection: undefined, status: instance.status, attempt: 0,
        pacing: {}, rateLimitStreak: 0, lastStaleCheckAt: 0, queue: new Map(), sweep: true,
      };
      if (!STOPPED_FOR_GOOD.has(instance.status) && instance.status !== 'failed' && (await transport.hasCredentials(instanceId))) {
        // Real numbers reconnect spread over the stagger window; a simulated one has no server to spare.
        const delay = transport.kind === 'simulator' ? 0 : Math.floor(deps.random() * deps.bootStaggerMs);
        ctx.timers.start(RECONNECT_TIMER, delay, { type: 'session.connect' });
      }
      return scheduleHealth(state, ctx);
    },

    async handle(state, msg, ctx) {
      switch (msg.type) {
        case 'session.connect':
          // A caller that only needs the number up must not tear down a socket that is up (or coming up).
          if (msg.ifDown && state.connection && state.transport.isConnected?.(state.instanceId) !== false) return { state, reply: { accepted: true } };
          return { state: await connect({ ...state, attempt: 0 }, ctx, msg.pairingPhone), reply: { accepted: true } };
        case 'session.request-pairing-code': {
          if (!state.connection) throw new ValidationError('The number is not connecting; connect it first', { code: 'NOT_CONNECTED' });
          const code = await state.connection.requestPairingCode(msg.phone);
          return { state, reply: { code } };
        }
        case 'session.logout': {
          ctx.timers.cancel(RECONNECT_TIMER);
          const connection = state.connection;
          await state.transport.logout(state.instanceId);
          await connection?.end();
          await claim.release(state.orgId, state.instanceId);
          return { state: await setStatus({ ...state, connection: undefined, attempt: 0 }, 'logged_out', ctx) };
        }
        case '$session.health':
          return { state: await checkHealth(state, ctx) };
        case 'session.flush':
          return { state: await flush({ ...state, sweep: true }, ctx) };
        case 'session.send':
          if (msg.message.instanceId !== state.instanceId) throw new Error(`outbox row ${msg.message.id} is not for number ${state.instanceId}`);
          state.queue.set(msg.message.id, msg.message);
          // Paced: when a send is already scheduled, the timer's flush takes this one too.
          return { state: ctx.timers.isActive(SEND_TIMER) ? state : await flush(state, ctx) };
        case 'session.status':
          return { state, reply: { status: state.status, attempt: state.attempt, generation: state.generation } };
        case 'session.simulated-inbound': {
          if (state.transport.kind !== 'simulator') throw new ValidationError('This number is a real WhatsApp number, not a simulator', { code: 'WRONG_TRANSPORT' });
          if (state.status !== 'open') throw new SimulatorNotConnectedError(state.instanceId);
          // Stored in this turn, as the socket's own messages are: the reply means the inbox row is committed.
          return { state: await onTransportEvent(state, { type: 'messages', messages: [simulatedInbound(msg.message, ctx.clock.now())] }, ctx), reply: null };
        }
        case '$session.transport':
          // A message is a message whichever socket brought it (WhatsApp may already count it delivered): stored always.
          if (msg.envelope.event.type === 'messages') return { state: await onTransportEvent(state, msg.envelope.event, ctx) };
          if (msg.envelope.generation !== state.generation) return { state }; // a stale socket's echo
          return { state: await onTransportEvent(state, msg.envelope.event, ctx) };
        case '$session.retry':
          if (msg.generation !== state.generation || state.connection) return { state };
          return { state: await connect(state, ctx) };
      }
    },

    // The runtime has cancelled this incarnation's timers before terminate runs.
    async terminate(state) {
      await state.connection?.end();
      await state.transport.release(state.instanceId);
      if (state.connection) await claim.release(state.orgId, state.instanceId);
    },
  });
}
