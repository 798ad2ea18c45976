import type { ConversationNotice } from './conversation/conversation.protocol.js';
import type { SessionNotice } from './session/session.protocol.js';

/** Everything the actors announce: the Socket.IO gateway, metrics and tests listen here. */
export type Notice = SessionNotice | ConversationNotice;

export class NoticeBus {
  readonly #listeners = new Set<(notice: Notice) => void>();

  subscribe(listener: (notice: Notice) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(notice: Notice): void {
    for (const listener of this.#listeners) {
      try {
        listener(notice);
      } catch {
        // one broken listener must not starve the others
      }
    }
  }
}
