import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.js';
import { loadEncryptionKey } from '../app/local-secrets.js';
import { openDatabase } from '../storage/open-database.js';
import { RedisCache } from '../storage/redis-cache.js';
import { connectRedis } from '../storage/redis-connection.js';
import { SecretBox } from '../storage/secret-box.js';
import { importMultiFileAuthState } from '../whatsapp/baileys/multi-file-import.js';

/**
 * `npm run wa:import -- --org <id> --instance <id> --dir <path> [--replace]`
 *
 * Imports a Baileys multi-file auth folder (`useMultiFileAuthState`) into the
 * instance's encrypted auth store and marks it `auth_method = 'imported'`.
 * Run it while the number is not connected (stop Patinha, or log the number
 * out first): a running session keeps its own creds in memory. With the
 * embedded database Patinha must be stopped anyway (the data dir is locked).
 */
const USAGE = 'Usage: npm run wa:import -- --org <org id> --instance <instance id> --dir <auth folder> [--replace]';

const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    instance: { type: 'string' },
    dir: { type: 'string' },
    replace: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values.org || !values.instance || !values.dir) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}

const config = loadConfig(process.env);
const encryptionKey = config.sessionEncryptionKey ?? loadEncryptionKey(config.dataDir).value;
const storage = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const redis = config.redisUrl ? await connectRedis(config.redisUrl) : undefined;
try {
  const result = await importMultiFileAuthState({
    dir: values.dir,
    db: storage.db,
    secretBox: new SecretBox(encryptionKey),
    orgId: values.org,
    instanceId: values.instance,
    replace: values.replace,
    cache: redis ? new RedisCache(redis) : undefined,
  });
  const counts = Object.entries(result.keys).map(([type, n]) => `${type}: ${n}`);
  process.stdout.write(
    `Imported creds${result.meId ? ` of ${result.meId}` : ''} and ${counts.length ? counts.join(', ') : 'no keys'} into instance ${values.instance}.\n`,
  );
  if (result.skipped.length) process.stdout.write(`Skipped (not auth state): ${result.skipped.join(', ')}\n`);
} catch (error) {
  const code = (error as { code?: unknown }).code;
  process.stderr.write(`wa:import failed${typeof code === 'string' ? ` (${code})` : ''}: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  redis?.disconnect();
  await storage.close();
}
