import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** Prints one JSON line of figures and keeps it in bench/results/<name>.json. */
export function report(name: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ bench: name, at: new Date().toISOString(), node: process.version, ...figures });
  process.stdout.write(`${line}\n`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${line}\n`);
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
