/**
 * "This org's token changed": the admin route announces it, the Socket.IO
 * gateway listens and drops sockets opened with an older token. A socket is
 * authorised once, at its handshake, so without this a rotated-away token
 * kept receiving the shop's customer messages for as long as it stayed open.
 */
export interface TokenRotation {
  orgId: string;
  /** Hash of the token that is valid from now on; sockets opened with any other org token go. */
  currentTokenHash: string;
}

/** An owner's or staff member's sessions ended (sign-out, sign-out everywhere, a new password, a disabled account). */
export interface SessionsEnded {
  orgId: string;
  userId: string;
  /** Only this session (a sign-out on one browser); every session of the account when absent. */
  sessionHash?: string;
  /** Every session but this one (a new password chosen on this browser). */
  exceptSessionHash?: string;
}

export class TokenRevocations {
  readonly #listeners = new Set<(rotation: TokenRotation) => void>();
  readonly #sessionListeners = new Set<(ended: SessionsEnded) => void>();

  /** The sockets opened with those sessions' cookie are dropped like a rotated token's. */
  onSessionsEnded(listener: (ended: SessionsEnded) => void): () => void {
    this.#sessionListeners.add(listener);
    return () => this.#sessionListeners.delete(listener);
  }

  sessionsEnded(ended: SessionsEnded): void {
    for (const listener of this.#sessionListeners) listener(ended);
  }

  subscribe(listener: (rotation: TokenRotation) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(rotation: TokenRotation): void {
    for (const listener of this.#listeners) listener(rotation);
  }
}
