import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SpawnedPatinha {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/**
 * Runs the real `npm start` entry point (scripts/start.ts through tsx) in a
 * child process, resolving once it prints its URL — or rejecting with its
 * output if it exits first.
 */
export function spawnPatinha(env: Record<string, string>): Promise<SpawnedPatinha> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /running: http:\/\/localhost:(\d+)/.exec(out);
      if (match) {
        child.stdout!.off('data', onData);
        resolve({ child, port: Number(match[1]), stdout: () => out, stderr: () => err, exited });
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`exited with ${code} before listening.\nstdout: ${out}\nstderr: ${err}`)));
  });
}

/** Runs the entry point expecting it to exit on its own; resolves with code and output. */
export function runPatinhaToExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runScript('scripts/start.ts', [], env);
}

/** Runs one of the project's scripts (`scripts/*.ts`) with `args` to its exit. */
export function runScript(script: string, args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
