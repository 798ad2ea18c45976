import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePrivateDir } from './private-files.js';

/**
 * Makes a data directory single-writer. PGlite keeps no lock of its own, and
 * two processes writing one PGlite directory lose data silently.
 *
 * The lock is a directory created by an atomic rename, holding the owner's pid
 * and host. A lock whose owner process is gone (kill -9, power loss) is stale
 * and taken over, again through an atomic rename so two newcomers cannot both
 * win.
 */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Patinha process (pid ${owner.pid} on ${owner.host}, since ${owner.since}). ` +
        'Stop that process first, or point DATA_DIR somewhere else.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

const LOCK_NAME = '.patinha.lock';
const OWNER_FILE = 'owner.json';
const MAX_ATTEMPTS = 20;

export function lockDataDir(dataDir: string): DataDirLock {
  ensurePrivateDir(dataDir);
  const lockPath = path.join(dataDir, LOCK_NAME);
  const me: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const staging = path.join(dataDir, `${LOCK_NAME}-${process.pid}-${randomBytes(4).toString('hex')}`);
    fs.mkdirSync(staging);
    fs.writeFileSync(path.join(staging, OWNER_FILE), JSON.stringify(me));
    try {
      fs.renameSync(staging, lockPath);
      return { path: lockPath, release: () => releaseIfMine(lockPath) };
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      if (!isAlreadyExists(error)) throw error;
    }
    const owner = readOwner(lockPath);
    if (owner === undefined) continue; // vanished between rename and read: try again
    if (isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
    const graveyard = `${lockPath}-stale-${randomBytes(4).toString('hex')}`;
    try {
      fs.renameSync(lockPath, graveyard);
      fs.rmSync(graveyard, { recursive: true, force: true });
    } catch {
      // another newcomer moved it first; loop and compete for the fresh lock
    }
  }
  throw new Error(`Could not lock ${dataDir} after ${MAX_ATTEMPTS} attempts`);
}

function releaseIfMine(lockPath: string): void {
  const owner = readOwner(lockPath);
  if (owner && owner.pid === process.pid && owner.host === os.hostname()) {
    fs.rmSync(lockPath, { recursive: true, force: true });
  }
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(lockPath, OWNER_FILE), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A lock from another host cannot be checked: refuse rather than risk two writers.
  if (owner.host !== os.hostname()) return true;
  // Our own pid in the file means a previous life of this container: stale.
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isAlreadyExists(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EISDIR' || code === 'EPERM';
}
