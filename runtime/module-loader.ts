import { pathToFileURL } from 'node:url';
import type { ActorDefinition, ActorModule } from './actor.js';

/** Imports an actor definition given by path (the form forked placement requires). */
export async function loadActorModule(ref: ActorModule): Promise<ActorDefinition<any, any>> {
  const mod = (await import(pathToFileURL(ref.module).href)) as Record<string, unknown>;
  return pickDefinition(mod, ref);
}

/** Takes the named export (default `default`) and checks it looks like a definition. */
export function pickDefinition(mod: Record<string, unknown>, ref: ActorModule): ActorDefinition<any, any> {
  const name = ref.exportName ?? 'default';
  const candidate = mod[name] ?? (name === 'default' ? (mod['module.exports'] as unknown) : undefined);
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
