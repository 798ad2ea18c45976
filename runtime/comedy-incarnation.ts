import type { ExitReason, Message } from './actor.js';
import { ActorProcessExitedError, RemoteActorError, ValidationError } from './errors.js';
import type { Incarnation, SpawnRequest, TurnOutcome } from './incarnation.js';
import type { Logger } from './logger.js';
import type { WireError, WireExitReason, WireResult, WireTurn } from './comedy-host.js';
import { fileURLToPath } from 'node:url';
import { placementHash } from './placement-hash.js';

/**
 * The comedy host definition, by absolute path. comedy's `require` treats a path starting with
 * `//` as absolute (a single `/` is relative to the project root). The extension follows this
 * file: `.ts` under tsx, `.js` once compiled.
 */
export const COMEDY_HOST_PATH = `/${fileURLToPath(new URL(`./comedy-host${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url))}`;

/** The slice of comedy's actor proxy we use. */
export interface ComedyActor {
  sendAndReceive(topic: string, ...message: unknown[]): PromiseLike<unknown>;
  destroy(): PromiseLike<void>;
  getWrapped?(): unknown;
}

/** Internals of comedy 2.1.7's ForkedActorParent/ThreadedActorParent that we need (pinned version). */
interface ComedyEndpoint {
  workerProcess?: { pid?: number; kill(signal?: NodeJS.Signals): boolean; once(event: 'exit', fn: (code: number | null, signal: string | null) => void): void };
  worker?: { terminate(): Promise<number>; once(event: 'exit', fn: (code: number) => void): void };
  timeoutWorkerInterval?: NodeJS.Timeout;
  exitHandler?: () => void;
}

/**
 * One incarnation running in a comedy child (process, thread or remote host). The parent sends
 * one turn at a time; the child's death — SIGKILL, OOM, a crash of the whole process — rejects
 * the turn in flight and is reported as a crash of the actor, so the supervisor restarts it and
 * `init` reloads its state in a new child.
 */
export class ComedyIncarnation implements Incarnation {
  readonly id: number;
  readonly #request: SpawnRequest;
  readonly #root: Promise<{ createChild(definition: string, options: Record<string, unknown>): PromiseLike<ComedyActor> }>;
  readonly #logger: Logger;
  readonly #onGone: () => void;
  readonly #exited: Promise<string>;
  #markExited: (detail: string) => void = () => undefined;
  #actor: ComedyActor | undefined;
  #endpoint: ComedyEndpoint | undefined;
  #pid: number | undefined;
  #expectingExit = false;
  #deathListeners: Array<(error: Error) => void> = [];

  constructor(
    request: SpawnRequest,
    root: Promise<{ createChild(definition: string, options: Record<string, unknown>): PromiseLike<ComedyActor> }>,
    logger: Logger,
    onGone: () => void,
  ) {
    this.id = request.incarnation;
    this.#request = request;
    this.#root = root;
    this.#logger = logger;
    this.#onGone = onGone;
    this.#exited = new Promise((resolve) => {
      this.#markExited = resolve;
    });
  }

  get pid(): number | undefined {
    return this.#pid;
  }

  async start(): Promise<void> {
    const root = await this.#root;
    const request = this.#request;
    const options: Record<string, unknown> = {
      mode: request.mode,
      name: request.address,
      customParameters: {
        modulePath: request.definition.module,
        exportName: request.definition.exportName,
        address: request.address,
        incarnation: request.incarnation,
        args: request.args,
      },
    };
    if (request.mode === 'remote') options['host'] = pickHost(request.hosts, request.address);
    const actor = await root.createChild(COMEDY_HOST_PATH, options);
    this.#actor = actor;
    const endpoint = (actor.getWrapped?.() ?? {}) as ComedyEndpoint;
    this.#endpoint = endpoint;
    if (endpoint.workerProcess) {
      this.#pid = endpoint.workerProcess.pid;
      endpoint.workerProcess.once('exit', (code, signal) => this.#onExit(`code ${code ?? '-'}, signal ${signal ?? '-'}`));
    } else if (endpoint.worker) {
      this.#pid = process.pid;
      endpoint.worker.once('exit', (code) => this.#onExit(`worker thread exit code ${code}`));
    }
    // The actor's init runs as a request, so a failure leaves us holding the child to kill.
    const started = (await this.#request0(actor, 'start')) as WireResult;
    if (!started.ok) throw rebuildError(this.#request.address, started.error);
  }

  async handle(message: Message): Promise<TurnOutcome> {
    const result = (await this.#request0(this.#requireActor(), 'handle', message)) as WireTurn;
    if (!result.ok) throw rebuildError(this.#request.address, result.error);
    return { reply: result.reply, stop: result.stop, told: result.told ?? [] };
  }

  /**
   * A request to the child that fails as soon as the child dies: comedy rejects a forked
   * request with "Actor crashed." when the process exits, but leaves a threaded one pending
   * forever, so we race the exit ourselves.
   */
  async #request0(actor: ComedyActor, topic: string, ...message: unknown[]): Promise<unknown> {
    try {
      return await Promise.race([
        Promise.resolve(actor.sendAndReceive(topic, ...message)),
        this.#exited.then((detail) => {
          throw new ActorProcessExitedError(this.#request.address, detail);
        }),
      ]);
    } catch (error) {
      if (error instanceof ActorProcessExitedError) throw error;
      throw new ActorProcessExitedError(this.#request.address, (error as Error)?.message ?? String(error));
    }
  }

  async terminate(reason: ExitReason): Promise<void> {
    const actor = this.#actor;
    if (!actor) return;
    this.#expectingExit = true;
    const wire: WireExitReason = reason.kind === 'crash' ? { kind: 'crash', message: reason.error.message } : { kind: reason.kind };
    const exited = this.#exited.then(() => undefined);
    try {
      await Promise.race([Promise.resolve(actor.sendAndReceive('terminate', wire)), exited]);
    } catch (error) {
      this.#logger.debug({ err: error, address: this.#request.address }, 'terminate in child failed');
    }
    try {
      await Promise.race([Promise.resolve(actor.destroy()), exited]);
    } catch (error) {
      this.#logger.debug({ err: error, address: this.#request.address }, 'comedy destroy of child failed');
    }
    // comedy leaves a destroyed worker thread running (its MessagePort keeps our process
    // alive): end it. A forked child exits by itself after destroy.
    if (this.#endpoint?.worker) await this.#endpoint.worker.terminate().catch(() => undefined);
    this.#cleanup();
  }

  kill(): void {
    this.#expectingExit = true;
    const endpoint = this.#endpoint;
    try {
      if (endpoint?.workerProcess) endpoint.workerProcess.kill('SIGKILL');
      else if (endpoint?.worker) void endpoint.worker.terminate();
    } catch (error) {
      this.#logger.debug({ err: error }, 'kill of comedy child failed');
    }
    this.#cleanup();
  }

  onDeath(listener: (error: Error) => void): void {
    this.#deathListeners.push(listener);
  }

  #onExit(detail: string): void {
    this.#markExited(detail);
    this.#cleanup();
    if (this.#expectingExit) return;
    const error = new ActorProcessExitedError(this.#request.address, detail);
    for (const listener of this.#deathListeners) listener(error);
  }

  /**
   * comedy leaks two things per crashed child: a 1 s `setInterval` (kept alive forever, so the
   * process never exits on its own) and a `process.on('exit')` listener (MaxListeners warnings
   * after ten restarts). Both are released here.
   */
  #cleanup(): void {
    const endpoint = this.#endpoint;
    if (endpoint?.timeoutWorkerInterval) clearInterval(endpoint.timeoutWorkerInterval);
    if (endpoint?.exitHandler) process.removeListener('exit', endpoint.exitHandler);
    this.#onGone();
  }

  #requireActor(): ComedyActor {
    if (!this.#actor) throw new ActorProcessExitedError(this.#request.address, 'not started');
    return this.#actor;
  }
}

/** Rebuilds a child's error: validation errors stay validation errors (no restart). */
function rebuildError(address: string, error: WireError): Error {
  if (error.validation) return new ValidationError(error.message, { code: error.code, address });
  return new RemoteActorError(address, error.name, error.message, error.code);
}

/** The same key always lands on the same host (until the host list changes). */
function pickHost(hosts: readonly string[], address: string): string {
  if (hosts.length === 0) throw new Error(`${address}: remote mode needs at least one host`);
  return hosts[placementHash(address) % hosts.length] as string;
}
