import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

/** `npm run bench [name…]`: runs bench/*.bench.ts (or the named ones) one after the other. */
const dir = fileURLToPath(new URL('./', import.meta.url));
const wanted = process.argv.slice(2);
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace('.bench.ts', '')))
  .sort();
for (const file of benches) {
  const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { run(): Promise<void> };
  await module.run();
}
process.exit(0);
