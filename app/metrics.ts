import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { addressType } from '../actors/addresses.js';
import type { NoticeBus } from '../actors/notice-bus.js';
import type { TreeNode } from '../runtime/node.js';
import type { ActorSystem } from '../runtime/system.js';

/**
 * Patinha's Prometheus metrics. They are fed from the outside of the code
 * they measure — the actors' notices, the runtime's events, kysely's query
 * log and an HTTP middleware — so no domain code knows about Prometheus.
 */
export class PatinhaMetrics {
  readonly registry = new Registry();
  readonly inbound: Counter<'org'>;
  readonly outbound: Counter<'org' | 'kind'>;
  readonly sendFailures: Counter<'org' | 'reason'>;
  readonly sendQueueDelay = new Histogram({
    name: 'patinha_send_queue_delay_seconds', help: 'Time from enqueue to send', labelNames: ['kind'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300], registers: [this.registry],
  });
  readonly llmLatency = new Histogram({
    name: 'patinha_llm_latency_seconds', help: 'Model call latency per turn', labelNames: ['agent', 'model'] as const,
    buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30], registers: [this.registry],
  });
  readonly llmTokens = new Counter({ name: 'patinha_llm_tokens_total', help: 'Tokens spent', labelNames: ['agent', 'model', 'type'] as const, registers: [this.registry] });
  readonly llmCost = new Counter({ name: 'patinha_llm_cost_usd_total', help: 'Estimated model cost in USD', labelNames: ['agent', 'model'] as const, registers: [this.registry] });
  readonly llmErrors = new Counter({ name: 'patinha_llm_errors_total', help: 'Turns answered with the fallback after a model failure', labelNames: ['agent'] as const, registers: [this.registry] });
  readonly reconnectAttempts: Counter<'instance' | 'reason'>;
  readonly connectionsOpened: Counter<'instance'>;
  readonly failingAlerts: Counter<'instance'>;
  readonly authFailures = new Counter({ name: 'patinha_auth_failures_total', help: 'Requests and Socket.IO handshakes refused for a missing or unknown token', labelNames: ['channel'] as const, registers: [this.registry] });
  readonly authThrottled = new Counter({ name: 'patinha_auth_throttled_total', help: 'Requests and handshakes refused because their address failed authentication too often', labelNames: ['channel'] as const, registers: [this.registry] });
  readonly actorRestarts = new Counter({ name: 'patinha_actor_restarts_total', help: 'Actor restarts scheduled by supervisors', labelNames: ['type'] as const, registers: [this.registry] });
  readonly actorCrashes = new Counter({ name: 'patinha_actor_crashes_total', help: 'Actor crashes', labelNames: ['type'] as const, registers: [this.registry] });
  readonly dbQuery = new Histogram({
    name: 'patinha_db_query_seconds', help: 'Database query time', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [this.registry],
  });
  readonly httpRequests = new Histogram({
    name: 'patinha_http_request_seconds', help: 'HTTP request time', labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry],
  });
  readonly #mailboxDepth = new Gauge({
    name: 'patinha_mailbox_depth', help: 'Messages waiting in actor mailboxes, by actor type', labelNames: ['type'] as const, registers: [this.registry],
    collect: () => this.#collectMailboxes(),
  });
  readonly #actors = new Gauge({
    name: 'patinha_actors_running', help: 'Running actors by type', labelNames: ['type'] as const, registers: [this.registry],
    collect: () => this.#collectActors(),
  });
  #tree: (() => TreeNode) | undefined;

  readonly #orgLabels: boolean;

  /**
   * `orgLabels` (METRICS_ORG_LABELS) adds org and instance ids as labels. Off
   * by default: whoever reads the metrics would otherwise get the list of
   * every shop on the node, and each shop multiplies the series.
   */
  constructor(options: { defaultMetrics?: boolean; orgLabels?: boolean } = {}) {
    this.#orgLabels = options.orgLabels ?? false;
    const org = this.#orgLabels ? (['org'] as const) : [];
    const instance = this.#orgLabels ? (['instance'] as const) : [];
    const registers = [this.registry];
    this.inbound = new Counter({ name: 'patinha_messages_inbound_total', help: 'Inbound WhatsApp messages made durable', labelNames: [...org], registers });
    this.outbound = new Counter({ name: 'patinha_messages_outbound_total', help: 'Messages sent to WhatsApp', labelNames: [...org, 'kind'], registers });
    this.sendFailures = new Counter({ name: 'patinha_send_failures_total', help: 'Send attempts WhatsApp refused', labelNames: [...org, 'reason'], registers });
    this.reconnectAttempts = new Counter({ name: 'patinha_whatsapp_reconnect_attempts_total', help: 'Reconnects scheduled after a close', labelNames: [...instance, 'reason'], registers });
    this.connectionsOpened = new Counter({ name: 'patinha_whatsapp_connections_opened_total', help: 'Sockets that reached open (reconnect success)', labelNames: [...instance], registers });
    this.failingAlerts = new Counter({ name: 'patinha_whatsapp_failing_alerts_total', help: 'Numbers that failed 5 times in a row', labelNames: [...instance], registers });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'patinha_' });
  }

  /** Counts a failed authentication or a throttled address (wired to the AuthThrottle's events). */
  countAuth(event: 'failure' | 'throttled', channel: 'http' | 'socket'): void {
    (event === 'failure' ? this.authFailures : this.authThrottled).inc({ channel });
  }

  #org(orgId: string): { org?: string } {
    return this.#orgLabels ? { org: orgId } : {};
  }

  #instance(instanceId: string): { instance?: string } {
    return this.#orgLabels ? { instance: instanceId } : {};
  }

  /** Feeds the metrics from the actors' notices and the runtime's events. */
  attach(bus: NoticeBus, system: ActorSystem): () => void {
    this.#tree = () => system.tree();
    const offBus = bus.subscribe((n) => {
      switch (n.kind) {
        case 'inbound':
          this.inbound.inc(this.#org(n.orgId), n.inboxIds.length);
          break;
        case 'sent':
          this.outbound.inc({ ...this.#org(n.orgId), kind: n.messageKind });
          this.sendQueueDelay.observe({ kind: n.messageKind }, n.queuedMs / 1000);
          break;
        case 'send-failed':
          this.sendFailures.inc({ ...this.#org(n.orgId), reason: n.reason });
          break;
        case 'llm':
          this.llmLatency.observe({ agent: n.agent, model: n.model }, n.latencyMs / 1000);
          this.llmTokens.inc({ agent: n.agent, model: n.model, type: 'prompt' }, n.promptTokens);
          this.llmTokens.inc({ agent: n.agent, model: n.model, type: 'completion' }, n.completionTokens);
          this.llmCost.inc({ agent: n.agent, model: n.model }, n.costUsd);
          if (n.error) this.llmErrors.inc({ agent: n.agent });
          break;
        case 'disconnected':
          if (n.shouldReconnect) this.reconnectAttempts.inc({ ...this.#instance(n.instanceId), reason: n.reason });
          break;
        case 'status':
          if (n.status === 'open') this.connectionsOpened.inc(this.#instance(n.instanceId));
          break;
        case 'alert':
          this.failingAlerts.inc(this.#instance(n.instanceId));
          break;
        default:
          break;
      }
    });
    const offRuntime = system.subscribe((event) => {
      if (event.type === 'restart-scheduled') this.actorRestarts.inc({ type: addressType(event.address) });
      if (event.type === 'crashed') this.actorCrashes.inc({ type: addressType(event.address) });
    });
    return () => {
      offBus();
      offRuntime();
      this.#tree = undefined;
    };
  }

  #collectMailboxes(): void {
    this.#mailboxDepth.reset();
    this.#eachWorker((type, node) => this.#mailboxDepth.inc({ type }, node.mailbox?.depth ?? 0));
  }

  #collectActors(): void {
    this.#actors.reset();
    this.#eachWorker((type, node) => {
      if (node.state === 'running') this.#actors.inc({ type });
    });
  }

  #eachWorker(fn: (type: string, node: TreeNode) => void): void {
    const visit = (node: TreeNode) => {
      if (node.kind === 'worker') fn(addressType(node.address), node);
      node.children.forEach(visit);
    };
    if (this.#tree) visit(this.#tree());
  }
}
