/**
 * A stable 32-bit hash of a key, for placement decisions every process must agree on without
 * talking (which node holds an org, which host process runs an actor).
 *
 * FNV-1a over UTF-16 code units, then murmur3's finalizer: FNV alone mixes the low bits of similar keys poorly.
 */
export function placementHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
