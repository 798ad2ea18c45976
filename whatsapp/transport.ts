/**
 * How a SessionActor talks to WhatsApp, whatever is underneath: Baileys 7 for
 * real numbers, the in-process simulator for the demo and tests. One
 * `TransportConnection` is one socket generation; the actor ends it before it
 * opens the next, and drops events whose `generation` is stale.
 */

import type { InboundMedia } from '../domain/inbound-media.js';

/** An inbound message already normalized: text (and media, typed), phone resolved where WhatsApp lets us. */
export interface WhatsAppInbound {
  waMessageId: string;
  /** The chat as WhatsApp names it (`…@s.whatsapp.net` or `…@lid`). */
  remoteJid: string;
  /** Sent by the shop's own phone (or another linked device of it). */
  fromMe: boolean;
  /** E.164, from `remoteJidAlt`/`participantAlt`/the LID→PN mapping; null if unknown. */
  senderPhone: string | null;
  senderLid: string | null;
  pushName: string | null;
  /** The text, or the media's caption (empty when it has none). */
  text: string;
  /** A voice note, photo, location, sticker or document the message carried. */
  media?: InboundMedia;
  /** Epoch ms WhatsApp stamped the message with. */
  timestamp: number;
}

export type ConnectionStatus = 'connecting' | 'qr' | 'pairing' | 'open';

export type TransportEvent =
  | { type: 'status'; status: ConnectionStatus }
  | { type: 'qr'; qr: string; qrDataUrl: string }
  | { type: 'pairing-code'; code: string }
  /** The phone number WhatsApp reports for the linked account (after pairing). */
  | { type: 'account'; phone: string | null; authMethod: 'pairing' | 'qr' | 'imported' | null }
  | { type: 'messages'; messages: WhatsAppInbound[] }
  /** The socket is gone. `code` is Baileys' DisconnectReason number; undefined when we ended it. */
  | { type: 'closed'; code: number | undefined; message: string };

export interface TransportEventEnvelope {
  instanceId: string;
  generation: number;
  event: TransportEvent;
}

export interface ConnectOptions {
  orgId: string;
  instanceId: string;
  /** Increases with every connect of this instance; echoed on every event. */
  generation: number;
  /** A phone for pairing by code (requested after the first QR); absent → QR only. */
  pairingPhone?: string;
  onEvent(envelope: TransportEventEnvelope): void;
}

export interface OutboundText {
  /** Pre-assigned so a retry after a crash resends the same message, not a second one. */
  waMessageId: string;
  toJid: string;
  text: string;
}

export interface TransportConnection {
  readonly generation: number;
  send(message: OutboundText): Promise<void>;
  /** Asks WhatsApp for an 8-character pairing code for `phone` (E.164). */
  requestPairingCode(phone: string): Promise<string>;
  /** Ends this socket; resolves when its resources are released. */
  end(): Promise<void>;
}

export interface Transport {
  readonly kind: 'simulator' | 'baileys';
  connect(options: ConnectOptions): Promise<TransportConnection>;
  /** Whether saved credentials exist (an instance to reconnect on start). */
  hasCredentials(instanceId: string): Promise<boolean>;
  /** Unlinks the device where possible and deletes its credentials. */
  logout(instanceId: string): Promise<void>;
  /** Whether the instance's socket is alive right now (the session's periodic health check). */
  isConnected?(instanceId: string): boolean;
  /** Releases whatever the transport holds for the instance (caches, key stores). */
  release(instanceId: string): Promise<void>;
  /**
   * The session has stored these inbound messages durably (inbox rows
   * committed): the earliest moment WhatsApp may be told they arrived. The
   * simulator answers its waiting `deliver` calls here. Baileys has already
   * sent its receipt by the time it emits a message (docs/decisions.md,
   * "Inbound receipts"), so it has nothing to do.
   */
  stored?(instanceId: string, messages: readonly WhatsAppInbound[]): void;
}

/** The transports a process has: the simulator always, Baileys where real numbers may run. */
export interface TransportsByKind {
  readonly simulator: Transport;
  readonly baileys?: Transport;
}

/** The transport for a number of `kind`; throws when this process has none of that kind. */
export function transportOfKind(transports: TransportsByKind, kind: 'simulator' | 'baileys'): Transport {
  const transport = kind === 'baileys' ? transports.baileys : transports.simulator;
  if (!transport) throw new Error(`the ${kind} transport is not available on this node`);
  return transport;
}
