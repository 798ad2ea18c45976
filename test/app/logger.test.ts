import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '../../app/logger.js';

function capture(level: string) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

describe('createLogger', () => {
  it('never writes tokens, credentials or keys', () => {
    const { logger, lines } = capture('info');
    logger.info({ token: 'pat_secret', req: { headers: { authorization: 'Bearer pat_secret' } }, auth: { creds: { noiseKey: 'k' } }, org: { apiKey: 'sk-1' } }, 'x');
    const out = lines.join('');
    expect(out).to.not.contain('pat_secret');
    expect(out).to.not.contain('noiseKey');
    expect(out).to.not.contain('sk-1');
    expect(out).to.contain('[redacted]');
  });

  it('hides message bodies at info but shows them at debug', () => {
    const info = capture('info');
    info.logger.info({ orgId: 'o1', message: { text: 'meu cachorro está doente' } }, 'inbound');
    expect(info.lines.join('')).to.not.contain('doente');
    expect(info.lines.join('')).to.contain('o1');
    const debug = capture('debug');
    debug.logger.debug({ message: { text: 'meu cachorro está doente' } }, 'inbound');
    expect(debug.lines.join('')).to.contain('doente');
  });
});
