import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino removes from every log line. Secrets never reach a log; message
 * bodies are only visible at debug/trace, where `redactBodies` is off.
 */
const SECRET_PATHS = [
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'creds',
  '*.creds',
  'keys',
  '*.keys',
  'sessionEncryptionKey',
  '*.sessionEncryptionKey',
  'adminToken',
  '*.adminToken',
  'databaseUrl',
  'redisUrl',
];

const BODY_PATHS = ['text', '*.text', 'body', '*.body', 'content', '*.content', 'messages', '*.messages'];

export interface LoggerOptions {
  level: string;
  /** Where to write; defaults to stdout. Tests pass a stream to inspect the output. */
  destination?: NodeJS.WritableStream;
  base?: Record<string, unknown>;
}

export function createLogger({ level, destination, base }: LoggerOptions): Logger {
  const verbose = level === 'debug' || level === 'trace';
  return pino(
    {
      level,
      base: { service: 'patinha', ...base },
      redact: { paths: verbose ? SECRET_PATHS : [...SECRET_PATHS, ...BODY_PATHS], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}
