import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../app/config.js';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({}, '/srv/patinha');
    expect(config).to.deep.include({
      port: 3000,
      dataDir: '/srv/patinha/data',
      databaseUrl: undefined,
      redisUrl: undefined,
      waTransport: 'simulator',
      logLevel: 'info',
      defaultTimezone: 'America/Sao_Paulo',
      seedDemo: true,
    });
    expect(config.openai).to.deep.equal({ apiKey: undefined, baseUrl: undefined, model: 'gpt-4o-mini', auroraModel: 'gpt-4o-mini', transcribeModel: 'whisper-1' });
  });

  it('reads the metrics access and failed-authentication throttle settings, with safe defaults', () => {
    const defaults = loadConfig({});
    expect(defaults.metrics).to.deep.equal({ token: undefined, orgLabels: false });
    expect(defaults.authThrottle).to.deep.equal({ limit: 20, windowMs: 600_000 });
    const set = loadConfig({ METRICS_TOKEN: 'metrics-token-0123456789', METRICS_ORG_LABELS: '1', AUTH_FAILURE_LIMIT: '5', AUTH_FAILURE_WINDOW_S: '60' });
    expect(set.metrics).to.deep.equal({ token: 'metrics-token-0123456789', orgLabels: true });
    expect(set.authThrottle).to.deep.equal({ limit: 5, windowMs: 60_000 });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).to.throw(ConfigError, /METRICS_TOKEN.*hidden/);
    expect(() => loadConfig({ AUTH_FAILURE_LIMIT: '0' })).to.throw(ConfigError, /AUTH_FAILURE_LIMIT/);
  });

  it('reads the API rate limit per token (600 a minute unless RATE_LIMIT_PER_MIN says otherwise)', () => {
    expect(loadConfig({}).rateLimitPerMin).to.equal(600);
    expect(loadConfig({ RATE_LIMIT_PER_MIN: '30' }).rateLimitPerMin).to.equal(30);
    expect(() => loadConfig({ RATE_LIMIT_PER_MIN: '0' })).to.throw(ConfigError, /RATE_LIMIT_PER_MIN: expected a whole number/);
    expect(() => loadConfig({ RATE_LIMIT_PER_MIN: 'lots' })).to.throw(ConfigError, /RATE_LIMIT_PER_MIN/);
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test' });
    expect(Object.isFrozen(config)).to.equal(true);
    expect(Object.isFrozen(config.openai)).to.equal(true);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).to.equal(3000);
  });

  it('reads every variable of the configuration table', () => {
    const key = 'ab'.repeat(32);
    const config = loadConfig({
      PORT: '8080', DATA_DIR: '/var/lib/patinha', DATABASE_URL: 'postgres://u:p@db:5432/patinha', REDIS_URL: 'redis://cache:6379',
      OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'llama3', AURORA_MODEL: 'gpt-4o',
      OPENAI_TRANSCRIBE_MODEL: 'gpt-4o-mini-transcribe', ADMIN_TOKEN: 'a-very-long-admin-token', SESSION_ENCRYPTION_KEY: key, WA_TRANSPORT: 'baileys', ACTORS_CONFIG: 'cluster.json',
      LOG_LEVEL: 'debug', TZ_DEFAULT: 'America/Manaus',
    });
    expect(config).to.deep.include({
      port: 8080, dataDir: '/var/lib/patinha', databaseUrl: 'postgres://u:p@db:5432/patinha', redisUrl: 'redis://cache:6379',
      adminToken: 'a-very-long-admin-token', sessionEncryptionKey: key, waTransport: 'baileys', actorsConfig: 'cluster.json',
      logLevel: 'debug', defaultTimezone: 'America/Manaus',
    });
    expect(config.openai).to.deep.equal({ apiKey: 'sk-x', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3', auroraModel: 'gpt-4o', transcribeModel: 'gpt-4o-mini-transcribe' });
    expect(loadConfig({}).openai.transcribeModel).to.equal('whisper-1');
  });

  it('names every bad variable in one error, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '70000', DATABASE_URL: 'mysql://root:hunter2@db/x', REDIS_URL: 'http://x', OPENAI_BASE_URL: 'not a url',
        SESSION_ENCRYPTION_KEY: 'xyz', WA_TRANSPORT: 'telegram', LOG_LEVEL: 'loud', TZ_DEFAULT: 'Mars/Olympus',
      });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems).to.have.members([
      'PORT', 'DATABASE_URL', 'REDIS_URL', 'OPENAI_BASE_URL', 'SESSION_ENCRYPTION_KEY', 'WA_TRANSPORT', 'LOG_LEVEL', 'TZ_DEFAULT',
    ]);
    expect((error as Error).message).to.not.contain('hunter2');
    expect((error as Error).message).to.contain('TZ_DEFAULT: expected an IANA time zone');
  });
});
