import fs from 'node:fs';
import path from 'node:path';

/**
 * The data directory holds the whole database, WhatsApp credentials and the
 * generated secrets: only the owner may read it. PGlite's file layer creates
 * files 0666 (less the umask), so the directory being 0700 is what actually
 * keeps other users out; files are tightened to 0600 as well whenever the
 * database opens and closes.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) and makes it 0700. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Directories below `root` become 0700 and files 0600; symlinks are left alone (never followed). */
export function privatizeTree(root: string): void {
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    fs.chmodSync(dir, PRIVATE_DIR_MODE);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      try {
        if (entry.isDirectory()) pending.push(full);
        else if (entry.isFile()) fs.chmodSync(full, PRIVATE_FILE_MODE);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // a file PGlite removed meanwhile
      }
    }
  }
}
