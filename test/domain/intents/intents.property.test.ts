import { expect } from 'chai';
import fc from 'fast-check';

import { classifyCustomerMessage } from '../../../domain/intents/classify-customer-message.js';
import { classifyOwnerMessage } from '../../../domain/intents/classify-owner-message.js';
import { CUSTOMER_INTENTS } from '../../../domain/intents/customer-intent.js';
import { OWNER_INTENTS } from '../../../domain/intents/owner-intent.js';
import { parseYesNo } from '../../../domain/intents/yes-no.js';

/**
 * Whatever arrives on WhatsApp, the classifiers answer with a known intent and
 * a confidence in 0..1, never throw, and read a message the same way however
 * it is capitalised or accented.
 */

// Words the rules care about, mixed with noise, so generated messages hit real paths.
const WORDS = [
  'oi', 'banho', 'tosa', 'quanto', 'custa', 'amanhã', 'às', '10h', 'sexta', 'de', 'manhã', 'marcar', 'cancela', 'não',
  'sim', 'vc', 'hj', 'Thor', 'pra', 'o', 'a', 'porte', 'grande', 'gato', 'cachorro', 'vacina', 'tem', 'vaga', 'pix',
  'onde', 'fica', 'obg', '👍', '🐶', 'kkkk', '12/12', 'urgente', 'campanha', 'resumo', 'semana', '?', '!', ',',
];
const message = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((ws) => ws.join(' ')),
);

function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '');
}

describe('intent classifiers (properties)', () => {
  it('always return a known customer intent with confidence in 0..1', () => {
    fc.assert(
      fc.property(message, (text) => {
        const r = classifyCustomerMessage(text);
        expect(CUSTOMER_INTENTS).to.include(r.intent);
        expect(r.confidence).to.be.within(0, 1);
      }),
      { numRuns: 500 },
    );
  });

  it('always return a known owner intent with confidence in 0..1', () => {
    fc.assert(
      fc.property(message, (text) => {
        const r = classifyOwnerMessage(text);
        expect(OWNER_INTENTS).to.include(r.intent);
        expect(r.confidence).to.be.within(0, 1);
      }),
      { numRuns: 500 },
    );
  });

  it('read a customer message the same without accents (slots aside from the pet name)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((ws) => ws.join(' ')), (text) => {
        const a = classifyCustomerMessage(text);
        const b = classifyCustomerMessage(stripAccents(text));
        expect(b.intent).to.equal(a.intent);
        const { pet_name: _a, ...restA } = a.slots;
        const { pet_name: _b, ...restB } = b.slots;
        expect(restB).to.deep.equal(restA);
      }),
      { numRuns: 300 },
    );
  });

  it('never answer yes and no to the same words', () => {
    fc.assert(
      fc.property(message, (text) => {
        const answer = parseYesNo(text);
        expect([null, 'yes', 'no']).to.include(answer);
        if (answer === 'yes') expect(parseYesNo(`não, ${text}`)).to.not.equal('yes');
      }),
      { numRuns: 300 },
    );
  });

  it('classify long messages in bounded time (no catastrophic backtracking)', () => {
    const long = `${'quero marcar banho pra sexta de manhã e '.repeat(200)}kkkkkkkk${'ha'.repeat(500)}x`;
    const start = process.hrtime.bigint();
    classifyCustomerMessage(long);
    classifyOwnerMessage(long);
    parseYesNo(long);
    expect(Number(process.hrtime.bigint() - start) / 1e6).to.be.below(500);
  });
});
