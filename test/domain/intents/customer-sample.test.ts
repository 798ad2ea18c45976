import { readFileSync } from 'node:fs';

import { expect } from 'chai';

import { classifyCustomerMessage } from '../../../domain/intents/classify-customer-message.js';
import { CUSTOMER_INTENTS } from '../../../domain/intents/customer-intent.js';

/**
 * The sample of real-style customer messages (test/data, kept in the
 * repository so every clone runs it). Every line must get its labelled
 * intent and every labelled slot; extra slots are allowed, because the label
 * lists what a good assistant must take, not all it may.
 */

interface SampleLine {
  readonly text: string;
  readonly intent: string;
  readonly slots: Readonly<Record<string, unknown>>;
}

const SAMPLE = new URL('../../data/pt-br-customer-messages.jsonl', import.meta.url);

const lines: SampleLine[] = readFileSync(SAMPLE, 'utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0)
  .map((l) => JSON.parse(l) as SampleLine);

function mismatches(line: SampleLine): string[] {
  const got = classifyCustomerMessage(line.text);
  const problems: string[] = [];
  if (got.intent !== line.intent) problems.push(`intent: got ${got.intent}, want ${line.intent}`);
  for (const [key, want] of Object.entries(line.slots)) {
    const value = (got.slots as Record<string, unknown>)[key];
    if (value !== want) problems.push(`${key}: got ${JSON.stringify(value)}, want ${JSON.stringify(want)}`);
  }
  return problems;
}

describe('classifyCustomerMessage on the shared pt-BR sample', () => {
  it('has the whole sample to check', () => {
    expect(lines.length).to.be.greaterThan(50);
  });

  it('uses every intent of the sample, and only known intents', () => {
    const labelled = new Set(lines.map((l) => l.intent));
    expect([...labelled].filter((i) => !(CUSTOMER_INTENTS as readonly string[]).includes(i))).to.deep.equal([]);
    expect([...CUSTOMER_INTENTS].filter((i) => !labelled.has(i))).to.deep.equal([]);
  });

  lines.forEach((line, i) => {
    it(`line ${i + 1}: ${JSON.stringify(line.text)} → ${line.intent} ${JSON.stringify(line.slots)}`, () => {
      expect(mismatches(line)).to.deep.equal([]);
    });
  });

  it('reports its accuracy (and requires all lines right)', () => {
    const intentHits = lines.filter((l) => classifyCustomerMessage(l.text).intent === l.intent).length;
    const fullHits = lines.filter((l) => mismatches(l).length === 0).length;
    const pct = (n: number) => ((100 * n) / lines.length).toFixed(1);
    console.log(
      `      sample accuracy: intent ${intentHits}/${lines.length} (${pct(intentHits)}%), ` +
        `intent+slots ${fullHits}/${lines.length} (${pct(fullHits)}%)`,
    );
    expect(fullHits).to.equal(lines.length);
  });
});
