import { defineActor, type ActorDefinition } from '../../../runtime/actor.js';
import type { PoolTestContext } from './pool-context.js';

export type PoolMsg =
  | { type: 'increment' }
  | { type: 'state' }
  | { type: 'arm'; ms: number; to: string }
  | { type: 'fired'; to: string }
  | { type: 'emit' }
  | { type: 'relay-ask'; to: string; message: { type: string } }
  | { type: 'relay-tell'; to: string; message: { type: string } }
  | { type: 'context' };

export interface PoolState {
  count: number;
  pid: number;
  thread: number;
  incarnation: number;
}

/**
 * A pooled-host test actor, defined by a factory over the node context (as product actors are):
 * counts, reports its host, arms a timer whose firing tells another actor, emits node events,
 * and asks or tells the node's actors from its context (outside the turn's own `ctx`).
 */
export function createPoolActor(node: PoolTestContext): ActorDefinition<PoolState, PoolMsg> {
  node.builds++;
  return defineActor<PoolState, PoolMsg>({
    init: (ctx) => ({ count: 0, pid: node.hostPid, thread: node.hostThread, incarnation: ctx.incarnation }),
    handle: (state, message, ctx) => {
      switch (message.type) {
        case 'increment':
          return { state: { ...state, count: state.count + 1 }, reply: state.count + 1 };
        case 'state':
          return { state, reply: state };
        case 'arm':
          ctx.timers.start('t', message.ms, { type: 'fired', to: message.to });
          return { state, reply: 'armed' };
        case 'fired':
          ctx.tell(message.to, { type: 'seen', from: ctx.address, pid: node.hostPid });
          return { state };
        case 'emit':
          node.emit({ kind: 'hello', from: ctx.address });
          return { state, reply: 'emitted' };
        case 'relay-ask':
          return node.ask(message.to, message.message).then((reply) => ({ state, reply }));
        case 'relay-tell':
          node.tell(message.to, message.message);
          return { state, reply: 'told' };
        case 'context':
          return { state, reply: { nodeId: node.nodeId, builds: node.builds } };
      }
    },
  });
}
