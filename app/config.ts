import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads the environment (DESIGN §9). Everything below the
 * composition root receives the frozen `Config` object instead.
 */
export const DEFAULT_PORT = 3000;
export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_TIMEZONE = 'America/Sao_Paulo';
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
/** Voice notes: OpenAI's audio transcription model (`gpt-4o-mini-transcribe` costs half). */
export const DEFAULT_TRANSCRIBE_MODEL = 'whisper-1';
/** Failed authentications one client address may make per window (then 429 until the window ends). */
export const DEFAULT_AUTH_FAILURE_LIMIT = 20;
export const DEFAULT_AUTH_FAILURE_WINDOW_S = 600;
/** API requests one token (or, without one, one client address) may make per minute. */
export const DEFAULT_RATE_LIMIT_PER_MIN = 600;
/** Dashboard sign-in attempts one client address may make per minute. */
export const DEFAULT_SIGN_IN_LIMIT_PER_MIN = 10;

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string())
  .optional()
  .transform((s) => (s ? s : undefined));

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const isValidTimezone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const envSchema = z.object({
  PORT: z.coerce.number({ error: 'a TCP port number' }).int().min(0).max(65535).default(DEFAULT_PORT),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().trim().min(1).default(DEFAULT_DATA_DIR),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url(['http:', 'https:']).optional(),
  OPENAI_MODEL: z.string().trim().min(1).default(DEFAULT_OPENAI_MODEL),
  AURORA_MODEL: z.string().trim().min(1).default(DEFAULT_OPENAI_MODEL),
  OPENAI_TRANSCRIBE_MODEL: z.string().trim().min(1).default(DEFAULT_TRANSCRIBE_MODEL),
  ADMIN_TOKEN: z.string().trim().min(16, 'at least 16 characters').optional(),
  SESSION_ENCRYPTION_KEY: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, '64 hex characters (a 32-byte key)')
    .optional(),
  WA_TRANSPORT: z.enum(['simulator', 'baileys'], { error: 'simulator or baileys' }).default('simulator'),
  ACTORS_CONFIG: z.string().trim().min(1).optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  TZ_DEFAULT: z.string().trim().refine(isValidTimezone, 'an IANA time zone such as America/Sao_Paulo').default(DEFAULT_TIMEZONE),
  SEED_DEMO: z.enum(['0', '1', 'true', 'false'], { error: '1 or 0' }).default('1').transform((v) => v === '1' || v === 'true'),
  NODE_ID: optionalString,
  METRICS_TOKEN: z.string().trim().min(16, 'at least 16 characters').optional(),
  METRICS_ORG_LABELS: z.enum(['0', '1', 'true', 'false'], { error: '1 or 0' }).default('0').transform((v) => v === '1' || v === 'true'),
  SIGN_IN_LIMIT_PER_MIN: z.coerce.number({ error: 'a whole number' }).int().min(1).max(10_000).default(DEFAULT_SIGN_IN_LIMIT_PER_MIN),
  RATE_LIMIT_PER_MIN: z.coerce.number({ error: 'a whole number' }).int().min(1).max(1_000_000).default(DEFAULT_RATE_LIMIT_PER_MIN),
  AUTH_FAILURE_LIMIT: z.coerce.number({ error: 'a whole number' }).int().min(1).max(100_000).default(DEFAULT_AUTH_FAILURE_LIMIT),
  AUTH_FAILURE_WINDOW_S: z.coerce.number({ error: 'a number of seconds' }).int().min(1).max(7 * 24 * 3600).default(DEFAULT_AUTH_FAILURE_WINDOW_S),
});

/** Never echoed back in an error: they hold credentials. */
const SECRET_VARIABLES = new Set(['METRICS_TOKEN', 'ADMIN_TOKEN', 'SESSION_ENCRYPTION_KEY', 'OPENAI_API_KEY', 'DATABASE_URL', 'REDIS_URL']);

export type Env = z.input<typeof envSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly openai: {
    readonly apiKey: string | undefined;
    readonly baseUrl: string | undefined;
    readonly model: string;
    readonly auroraModel: string;
    readonly transcribeModel: string;
  };
  readonly adminToken: string | undefined;
  readonly sessionEncryptionKey: string | undefined;
  readonly waTransport: 'simulator' | 'baileys';
  readonly actorsConfig: string | undefined;
  readonly logLevel: string;
  readonly defaultTimezone: string;
  readonly seedDemo: boolean;
  readonly nodeId: string | undefined;
  readonly metrics: {
    /** Bearer token for /metrics; unset: loopback clients only. */
    readonly token: string | undefined;
    /** Org and instance ids as metric labels. */
    readonly orgLabels: boolean;
  };
  readonly authThrottle: { readonly limit: number; readonly windowMs: number };
  /** Requests per minute per API token on /admin and /api/orgs. */
  readonly rateLimitPerMin: number;
  /** Dashboard sign-in attempts per minute per client address. */
  readonly signInLimitPerMin: number;
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  const relevant = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const shown = SECRET_VARIABLES.has(name) ? 'a value, hidden' : JSON.stringify(relevant[name] ?? null);
      return `${name}: expected ${describeIssue(issue.message)} (got ${shown})`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return deepFreeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      auroraModel: e.AURORA_MODEL,
      transcribeModel: e.OPENAI_TRANSCRIBE_MODEL,
    },
    adminToken: e.ADMIN_TOKEN,
    sessionEncryptionKey: e.SESSION_ENCRYPTION_KEY,
    waTransport: e.WA_TRANSPORT,
    actorsConfig: e.ACTORS_CONFIG,
    logLevel: e.LOG_LEVEL,
    defaultTimezone: e.TZ_DEFAULT,
    seedDemo: e.SEED_DEMO,
    nodeId: e.NODE_ID,
    metrics: { token: e.METRICS_TOKEN, orgLabels: e.METRICS_ORG_LABELS },
    authThrottle: { limit: e.AUTH_FAILURE_LIMIT, windowMs: e.AUTH_FAILURE_WINDOW_S * 1000 },
    rateLimitPerMin: e.RATE_LIMIT_PER_MIN,
    signInLimitPerMin: e.SIGN_IN_LIMIT_PER_MIN,
  });
}

function describeIssue(message: string): string {
  return message.replace(/^Invalid input: expected /, '').replace(/^Invalid /, '');
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
