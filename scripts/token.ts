import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.js';
import { rotateOrgToken } from '../storage/api-tokens.js';
import { generatePassword, hashPassword } from '../storage/passwords.js';
import { migrateToLatest } from '../storage/migrate.js';
import { openDatabase } from '../storage/open-database.js';
import { repositories } from '../storage/repositories.js';

/**
 * `npm run token -- --org <id>`: gives a shop a new API token and prints it (the old one stops
 * working), for when the one shown once is lost. `--password <e-mail>` gives an owner or staff
 * account a new random password (its sessions end). Without options it lists the shops. With the
 * embedded database, stop Patinha first (one process owns DATA_DIR).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { org: { type: 'string' }, password: { type: 'string' } }, strict: true });
  const config = loadConfig(process.env);
  const storage = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(storage.db);
    const repos = repositories(storage.db);
    if (values.password !== undefined) {
      const found = await repos.users.findForSignIn(values.password);
      if (!found || found.user.disabledAt) {
        process.stderr.write(`No account with e-mail ${values.password}.\n`);
        return 66; // EX_NOINPUT
      }
      const password = generatePassword();
      await repos.users.setPassword(found.user.orgId, found.user.id, await hashPassword(password));
      await repos.users.deleteSessionsOf(found.user.orgId, found.user.id);
      process.stdout.write(`New password for ${found.user.email}; its other sessions ended:\n${password}\n`);
      return 0;
    }
    if (!values.org) {
      const orgs = await repos.organizations.list();
      process.stdout.write(orgs.length
        ? `Shops (run again with --org <id>):\n${orgs.map((org) => `  ${org.id}  ${org.name}`).join('\n')}\n`
        : 'No shops yet.\n');
      return 0;
    }
    const org = UUID.test(values.org) ? await repos.organizations.findById(values.org) : undefined;
    if (!org) {
      process.stderr.write(`No shop with id ${values.org} (run without --org to list them).\n`);
      return 66; // EX_NOINPUT
    }
    const token = await rotateOrgToken(repos, org.id, 'cli', new Date());
    process.stdout.write(`New API token for "${org.name}" (${org.id}); the old one no longer works:\n${token}\n`);
    return 0;
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = (error as { code?: string }).code;
    process.stderr.write(`${code === 'DATA_DIR_LOCKED' || code === 'INVALID_CONFIG' ? (error as Error).message : `Could not rotate the token: ${(error as Error).message}`}\n`);
    process.exit(code === 'DATA_DIR_LOCKED' ? 75 : code === 'INVALID_CONFIG' ? 78 : 1);
  },
);
