import { defineActor } from '../runtime/actor.js';
import type { Notice, NoticeBus } from './notice-bus.js';

/**
 * The edge of the tree: relays the actors' notices to the realtime layer one
 * at a time, in order. It sits after the orgs in the root's rest_for_one, so a
 * restart of the orgs subtree restarts it too.
 */
export type EdgeMsg = { type: 'edge.publish'; notice: Notice };

export function createEdgeActor(bus: NoticeBus) {
  return defineActor<{ published: number }, EdgeMsg>({
    init: () => ({ published: 0 }),
    handle(state, msg) {
      bus.publish(msg.notice);
      return { state: { published: state.published + 1 } };
    },
  });
}
