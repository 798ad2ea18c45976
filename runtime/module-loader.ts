import { pathToFileURL } from 'node:url';
import type { ActorDefinition, ActorModule } from './actor.js';

/**
 * Imports an actor definition given by path (the form out-of-process placement requires). The
 * export is a definition, or a factory `(node) => definition` built with `nodeContext` — what the
 * process running the actor provides (its database pool, transports…), so the same module runs in
 * this process or in a host process.
 */
export async function loadActorModule(ref: ActorModule, nodeContext?: unknown): Promise<ActorDefinition<any, any>> {
  const mod = (await import(pathToFileURL(ref.module).href)) as Record<string, unknown>;
  return pickDefinition(mod, ref, nodeContext);
}

/** Takes the named export (default `default`), builds it when it is a factory, and checks it looks like a definition. */
export function pickDefinition(mod: Record<string, unknown>, ref: ActorModule, nodeContext?: unknown): ActorDefinition<any, any> {
  const name = ref.exportName ?? 'default';
  let candidate = mod[name] ?? (name === 'default' ? (mod['module.exports'] as unknown) : undefined);
  if (typeof candidate === 'function') {
    if (nodeContext === undefined) throw new TypeError(`${ref.module} exports a factory "${name}" but no node context is configured`);
    candidate = (candidate as (node: unknown) => unknown)(nodeContext);
  }
  if (!isDefinition(candidate)) {
    throw new TypeError(`${ref.module} has no actor definition export "${name}" (needs init and handle)`);
  }
  return candidate;
}

function isDefinition(value: unknown): value is ActorDefinition<any, any> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ActorDefinition).init === 'function' &&
    typeof (value as ActorDefinition).handle === 'function'
  );
}
