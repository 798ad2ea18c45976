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

export class TokenRevocations {
  readonly #listeners = new Set<(rotation: TokenRotation) => void>();

  subscribe(listener: (rotation: TokenRotation) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(rotation: TokenRotation): void {
    for (const listener of this.#listeners) listener(rotation);
  }
}
