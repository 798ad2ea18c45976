import { boot } from '../app/boot.js';
import { ConfigError, loadConfig } from '../app/config.js';
import { createLogger } from '../app/logger.js';
import { installProcessGuards } from '../app/process-guards.js';
import { PortUnavailableError } from '../http/server.js';
import { DataDirLockedError } from '../storage/data-dir-lock.js';

/**
 * `npm start`: boot everything, say where to go, and shut down in order on
 * Ctrl-C / SIGTERM (a second signal exits at once).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nPatinha did not start (exit code 78: invalid configuration).\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  installProcessGuards(logger);

  let patinha;
  try {
    patinha = await boot({ config, logger });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message} (exit code 75)\n`);
      process.exit(75); // EX_TEMPFAIL
    }
    if (error instanceof PortUnavailableError) {
      process.stderr.write(`Patinha did not start: ${error.message} (exit code 69)\n`);
      process.exit(69); // EX_UNAVAILABLE
    }
    logger.fatal({ err: error }, 'start failed');
    process.stderr.write(`Patinha did not start: ${(error as Error)?.message ?? String(error)} (exit code 1)\n`);
    process.exit(1);
  }

  const url = `http://localhost:${patinha.server.port}`;
  const lines = [
    '',
    `  Patinha is running: ${url}`,
    `  Storage: ${patinha.storage.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'} · WhatsApp: ${config.waTransport} · LLM: ${config.openai.apiKey ? config.openai.model : 'offline pt-BR assistant'}`,
  ];
  if (patinha.adminToken.generated) lines.push(`  Admin token (shown once, saved in ${patinha.adminToken.file}): ${patinha.adminToken.value}`);
  else if (patinha.adminToken.file) lines.push(`  Admin token: in ${patinha.adminToken.file}`);
  if (patinha.demo) {
    lines.push(
      `  Demo shop "Pet Shop Demo" created (id ${patinha.demo.orgId}). Its API token (shown once): ${patinha.demo.token}`,
      `  Lost it? Stop Patinha and run: npm run token -- --org ${patinha.demo.orgId}`,
      `  Demo owner sign-in (password shown once): ${patinha.demo.owner.email} / ${patinha.demo.owner.password}`,
      `  Lost it? Stop Patinha and run: npm run token -- --password ${patinha.demo.owner.email}`,
    );
  }
  lines.push(`  Dashboard: ${url} — sign in with an owner's e-mail and password, or with a token (the admin token lists the shops).`, '  Press Ctrl-C to stop.', '');
  process.stdout.write(`${lines.join('\n')}\n`);

  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) process.exit(130);
    logger.info({ signal }, 'shutting down');
    patinha.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
