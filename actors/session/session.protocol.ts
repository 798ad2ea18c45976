import type { StoredOutbound } from '../../storage/outbox.repository.js';
import type { SimulatedInbound } from '../../whatsapp/simulator.transport.js';
import type { TransportEventEnvelope } from '../../whatsapp/transport.js';

/** Messages a SessionActor (one WhatsApp number) understands. */
export type SessionMsg =
  /** Open a socket (API connect, boot, or after an operator fixed a failed number). */
  | { type: 'session.connect'; pairingPhone?: string; /** Leave a socket that is up (or coming up) alone. */ ifDown?: boolean }
  /** Ask WhatsApp for a pairing code for `phone` (E.164); replies `{ code }`. */
  | { type: 'session.request-pairing-code'; phone: string }
  /** Unlink the number and delete its credentials. */
  | { type: 'session.logout' }
  /** Look in the outbox for what this number must send (queued by a transaction that did not hand it over), and send it paced. */
  | { type: 'session.flush' }
  /** A message just committed to the outbox for this number: send it paced (no outbox read needed). */
  | { type: 'session.send'; message: StoredOutbound }
  /**
   * A customer's message to this simulator number, answered once it is stored (the simulator
   * route's path when sessions run in host processes, where the simulator lives with them).
   */
  | { type: 'session.simulated-inbound'; message: SimulatedInbound }
  /** Replies the live status: `{ status, attempt, generation }`. */
  | { type: 'session.status' }
  /** @internal A transport event, delivered through the mailbox so it never interleaves a turn. */
  | { type: '$session.transport'; envelope: TransportEventEnvelope }
  /** @internal Periodic health check (socket alive?) and the daily stale-number cleanup. */
  | { type: '$session.health' }
  /** @internal The backoff timer of generation `generation` fired. */
  | { type: '$session.retry'; generation: number };

/** What the session tells the outside world (Socket.IO, metrics, the owner). */
export type SessionNotice =
  | { kind: 'status'; orgId: string; instanceId: string; status: string }
  | { kind: 'qr'; orgId: string; instanceId: string; qrDataUrl: string }
  | { kind: 'pairing-code'; orgId: string; instanceId: string; code: string }
  | {
      kind: 'disconnected';
      orgId: string;
      instanceId: string;
      reason: string;
      code: number | null;
      shouldReconnect: boolean;
      attempt: number;
      nextRetryInMs: number | null;
    }
  | { kind: 'alert'; orgId: string; instanceId: string; alert: 'number_failing'; consecutiveFailures: number }
  | { kind: 'inbound'; orgId: string; instanceId: string; inboxIds: number[] }
  /** A message left for WhatsApp; `queuedMs` is how long it waited in the outbox. */
  | { kind: 'sent'; orgId: string; instanceId: string; messageKind: string; queuedMs: number }
  | { kind: 'send-failed'; orgId: string; instanceId: string; messageKind: string; reason: 'rate_limited' | 'error' };
