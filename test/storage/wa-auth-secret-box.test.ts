import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SecretBox, SecretBoxError } from '../../storage/secret-box.js';

const key = () => randomBytes(32).toString('hex');

function flipBase64Part(sealed: string, index: number): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[index]!, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64');
  return parts.join(':');
}

function openError(box: SecretBox, sealed: string, context?: string): unknown {
  try {
    box.open(sealed, context);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('SecretBox (AES-256-GCM)', () => {
  it('round-trips text, including non-ASCII and empty strings', () => {
    const box = new SecretBox(key());
    for (const text of ['', 'oi', 'Clínica São João 🐶', JSON.stringify({ noiseKey: 'x'.repeat(5000) })]) {
      expect(box.open(box.seal(text))).to.equal(text);
      expect(box.open(box.seal(text, 'ctx'), 'ctx')).to.equal(text);
    }
  });

  it('writes the versioned compact form with a fresh 12-byte IV every time', () => {
    const box = new SecretBox(key());
    const a = box.seal('same');
    const b = box.seal('same');
    expect(a).to.match(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
    expect(a).to.not.equal(b);
    expect(Buffer.from(a.split(':')[1]!, 'base64')).to.have.length(12);
    expect(Buffer.from(a.split(':')[2]!, 'base64')).to.have.length(16);
    expect(a).to.not.contain('same');
  });

  it('throws on any tampering: IV, tag, ciphertext, truncation, version', () => {
    const box = new SecretBox(key());
    const sealed = box.seal('segredo do Baileys');
    for (const tampered of [
      flipBase64Part(sealed, 1),
      flipBase64Part(sealed, 2),
      flipBase64Part(sealed, 3),
      sealed.slice(0, -4),
      sealed.replace(/^v1:/, 'v2:'),
      'plaintext',
      `${sealed}:extra`,
    ]) {
      const error = openError(box, tampered);
      expect(error, tampered).to.be.instanceOf(SecretBoxError).and.to.include({ code: 'SEALED_VALUE_INVALID' });
    }
  });

  it('throws under another key or another context (a row moved to another instance or key id)', () => {
    const box = new SecretBox(key());
    const sealed = box.seal('chave', 'wa_auth/a/session/1.0');
    expect(openError(new SecretBox(key()), sealed, 'wa_auth/a/session/1.0')).to.include({ code: 'SEALED_VALUE_INVALID' });
    expect(openError(box, sealed, 'wa_auth/b/session/1.0')).to.include({ code: 'SEALED_VALUE_INVALID' });
    expect(box.open(sealed, 'wa_auth/a/session/1.0')).to.equal('chave');
  });

  it('refuses a key that is not 32 bytes of hex', () => {
    for (const bad of ['', 'abc', 'z'.repeat(64), randomBytes(16).toString('hex'), randomBytes(33).toString('hex')]) {
      expect(() => new SecretBox(bad)).to.throw(SecretBoxError).with.property('code', 'INVALID_ENCRYPTION_KEY');
    }
  });
});
