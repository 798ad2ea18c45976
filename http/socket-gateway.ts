import type http from 'node:http';
import type { Logger } from 'pino';
import { Server, type Namespace } from 'socket.io';
import type { Notice, NoticeBus } from '../actors/notice-bus.js';
import { toZonedIso } from '../domain/zoned-time.js';
import { BookingsRepository } from '../storage/bookings.repository.js';
import type { Repositories } from '../storage/repositories.js';
import { hashToken } from '../storage/api-tokens.js';
import type { RedisLink } from '../storage/redis-link.js';
import type { AuthThrottle } from './auth-throttle.js';
import { identifyToken } from './auth.js';
import { senderNames } from './message-sender.js';
import { originIsHost, sessionFromCookieHeader } from './session-cookie.js';
import type { StaffAccounts } from './staff-accounts.js';
import { resilientRedisAdapter } from './socket-redis-adapter.js';
import type { SessionsEnded, TokenRevocations, TokenRotation } from './token-revocations.js';

/**
 * Realtime events per organization on the namespace `/org/<orgId>`. The
 * handshake's `auth.token` must be that org's token (or the admin token);
 * anything else is refused with `connect_error` UNAUTHORIZED, so a socket
 * never sees another org's events.
 */
export interface SocketGatewayDeps {
  server: http.Server;
  bus: NoticeBus;
  repos: Repositories;
  adminToken: string;
  logger: Logger;
  /** With Redis, events reach sockets connected to any node; while it is down, this node's sockets still get them. */
  redisLink?: RedisLink;
  /** Token rotations: sockets opened with a rotated-away org token are disconnected. */
  tokenRevocations?: TokenRevocations;
  /** Owners' and staff's sessions (cookie); without it only tokens open a socket. */
  accounts?: StaffAccounts;
  /** The same failed-authentication tally the HTTP app keeps: a refused handshake counts, a throttled address is refused. */
  authThrottle?: AuthThrottle;
}

const ORG_NAMESPACE = /^\/org\/([0-9a-f-]{36})$/i;

export class SocketGateway {
  readonly io: Server;
  readonly #unsubscribe: () => void;

  constructor(readonly deps: SocketGatewayDeps) {
    this.io = new Server(deps.server, { cleanupEmptyChildNamespaces: true, serveClient: false, cors: { origin: false } });
    if (deps.redisLink) this.io.adapter(resilientRedisAdapter(deps.redisLink, deps.logger));
    const orgs = this.io.of(ORG_NAMESPACE);
    orgs.use(async (socket, next) => {
      try {
        const orgId = ORG_NAMESPACE.exec(socket.nsp.name)![1]!;
        const address = socket.handshake.address;
        const retryAfterS = deps.authThrottle?.retryAfterS(address, 'socket');
        if (retryAfterS !== undefined) return next(Object.assign(new Error('TOO_MANY_AUTH_FAILURES'), { data: { code: 'TOO_MANY_AUTH_FAILURES', retryAfterS } }));
        const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
        const identity = token !== undefined
          ? await identifyToken(token, { adminToken: deps.adminToken, organizations: deps.repos.organizations })
          : await this.#signedIn(socket.handshake.headers);
        // Another org's valid token is refused too, but it is not a guess: only unknown tokens count.
        if (!identity) deps.authThrottle?.recordFailure(address, 'socket');
        const allowed = identity !== undefined && (identity.role === 'admin' || identity.orgId === orgId);
        if (!allowed) return next(Object.assign(new Error('UNAUTHORIZED'), { data: { code: 'UNAUTHORIZED' } }));
        // Remembered so a later rotation can tell this socket's token from the new one (a hash: never the token itself).
        socket.data.tokenHash = identity!.role === 'org' ? hashToken(token!) : undefined;
        // And a cookie socket's account and session, so a sign-out can drop it.
        if (identity!.role === 'staff') Object.assign(socket.data, { userId: identity.userId, sessionHash: identity.sessionHash });
        next();
      } catch (error) {
        next(error as Error);
      }
    });
    const offBus = deps.bus.subscribe((notice) => {
      this.#emit(notice).catch((error: unknown) => deps.logger.warn({ err: error }, 'realtime event dropped'));
    });
    const offRevocations = deps.tokenRevocations?.subscribe((rotation) => {
      this.#dropRotatedSockets(rotation).catch((error: unknown) => deps.logger.error({ err: error, orgId: rotation.orgId }, 'could not drop sockets of a rotated token'));
    });
    const offSessions = deps.tokenRevocations?.onSessionsEnded((ended) => {
      this.#dropEndedSessions(ended).catch((error: unknown) => deps.logger.error({ err: error, orgId: ended.orgId }, 'could not drop sockets of ended sessions'));
    });
    this.#unsubscribe = () => {
      offBus();
      offRevocations?.();
      offSessions?.();
    };
  }

  /**
   * An owner or staff member's dashboard, by its session cookie. SameSite=Strict already keeps the
   * cookie off other sites' requests; an Origin that names another host is refused on top. A
   * same-origin long-polling GET carries no Origin, so a missing one is accepted (and another
   * site could not read the answer anyway: the server sends no CORS headers).
   */
  async #signedIn(headers: Record<string, string | string[] | undefined>): Promise<{ role: 'staff'; orgId: string; userId: string; sessionHash: string } | undefined> {
    const header = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : undefined);
    const session = sessionFromCookieHeader(header('cookie'));
    if (!session || !this.deps.accounts) return undefined;
    const origin = header('origin');
    if (origin !== undefined && !originIsHost(origin, header('host'))) return undefined;
    const user = await this.deps.accounts.whoIs(session);
    return user && { role: 'staff', orgId: user.orgId, userId: user.id, sessionHash: hashToken(session) };
  }

  /** Disconnects (on every node) the sockets opened with a session that has ended. */
  #dropEndedSessions(ended: SessionsEnded): Promise<void> {
    return this.#dropSockets(ended.orgId, 'sockets of ended sessions disconnected', (data: { userId?: string; sessionHash?: string }) =>
      data.userId === ended.userId
      && (ended.sessionHash !== undefined ? data.sessionHash === ended.sessionHash : data.sessionHash !== ended.exceptSessionHash));
  }

  /** Disconnects the org's sockets (on every node, through the adapter) whose org token is no longer the current one. */
  #dropRotatedSockets(rotation: TokenRotation): Promise<void> {
    return this.#dropSockets(rotation.orgId, 'sockets of a rotated token disconnected', (data: { tokenHash?: string }) =>
      data.tokenHash !== undefined && data.tokenHash !== rotation.currentTokenHash);
  }

  /** Disconnects the org's sockets, on every node (the adapter fetches remote ones too), whose handshake data says so. */
  async #dropSockets(orgId: string, what: string, drop: (data: Record<string, unknown>) => boolean): Promise<void> {
    const sockets = await this.#namespace(orgId).fetchSockets();
    let dropped = 0;
    for (const socket of sockets) {
      if (!drop(socket.data as Record<string, unknown>)) continue;
      socket.disconnect(true);
      dropped++;
    }
    this.deps.logger.info({ orgId, dropped }, what);
  }

  #namespace(orgId: string): Namespace {
    return this.io.of(`/org/${orgId}`);
  }

  async #emit(notice: Notice): Promise<void> {
    const ns = this.#namespace(notice.orgId);
    switch (notice.kind) {
      case 'status':
        ns.emit('whatsapp:status', { instanceId: notice.instanceId, status: notice.status });
        return;
      case 'disconnected': {
        const { kind: _k, orgId: _o, ...payload } = notice;
        ns.emit('whatsapp:disconnected', payload);
        return;
      }
      case 'qr':
        ns.emit('whatsapp:qr', { instanceId: notice.instanceId, qrDataUrl: notice.qrDataUrl });
        return;
      case 'pairing-code':
        ns.emit('whatsapp:pairing_code', { instanceId: notice.instanceId, code: notice.code });
        return;
      case 'alert':
        ns.emit('alert', {
          kind: notice.alert,
          instanceId: notice.instanceId,
          message: `O número de WhatsApp falhou ${notice.consecutiveFailures} vezes seguidas ao conectar. Verifique o celular e a conexão.`,
        });
        return;
      case 'message': {
        // Like the messages API: the team member's name, never the stored label (read only for a staff reply).
        const { sentBy: label, ...message } = notice.message;
        const sentBy = label ? (await senderNames(this.deps.repos.users, notice.orgId, [label]))(label) : null;
        ns.emit('message:new', { conversationId: notice.conversationId, message: { ...message, sentBy } });
        return;
      }
      case 'escalated':
        ns.emit('conversation:escalated', { conversationId: notice.conversationId, reason: notice.reason });
        return;
      case 'released':
        ns.emit('conversation:released', { conversationId: notice.conversationId });
        return;
      case 'booking': {
        const org = await this.deps.repos.organizations.findById(notice.orgId);
        const booking = await new BookingsRepository(this.deps.repos.organizations.db).findById(notice.orgId, notice.bookingId);
        if (!org || !booking) return;
        ns.emit('booking:created', {
          booking: {
            id: booking.id, contactId: booking.contactId, petId: booking.petId, serviceId: booking.serviceId,
            startsAt: toZonedIso(booking.startsAt, org.timezone), endsAt: toZonedIso(booking.endsAt, org.timezone),
            status: booking.status, priceCents: booking.priceCents, source: booking.source,
          },
        });
        return;
      }
      case 'inbound':
      case 'outbox':
      case 'sent':
      case 'send-failed':
      case 'llm':
        return; // internal plumbing, not for the dashboard
    }
  }

  /** Disconnects every socket (they would keep `server.close()` waiting) and stops listening to the bus. */
  async close(): Promise<void> {
    this.#unsubscribe();
    this.io.disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}
