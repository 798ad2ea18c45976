import { expect } from 'chai';

import {
  formatPhoneBr,
  InvalidPhoneError,
  normalizePhone,
  normalizePhoneOrThrow,
  phoneToJid,
  phoneVariants,
  samePhone,
} from '../../domain/phone.js';

describe('normalizePhone', () => {
  const CASES: [string, string | null][] = [
    // Brazilian mobiles, every way they are typed
    ['+55 (11) 98765-4321', '+5511987654321'],
    ['11987654321', '+5511987654321'],
    ['5511987654321', '+5511987654321'],
    ['+5511987654321', '+5511987654321'],
    ['(11) 98765-4321', '+5511987654321'],
    ['011 98765-4321', '+5511987654321'],
    ['0 21 11 98765-4321', '+5511987654321'],
    ['0055 11 98765 4321', '+5511987654321'],
    ['  11 9 8765.4321 ', '+5511987654321'],
    // Legacy 8-digit mobiles get the 9th digit; landlines stay 8 digits
    ['(11) 8765-4321', '+5511987654321'],
    ['1187654321', '+5511987654321'],
    ['+55 21 7654-3210', '+5521976543210'],
    ['(11) 6123-4567', '+5511961234567'],
    ['(11) 3456-7890', '+551134567890'],
    ['(51) 2345-6789', '+555123456789'],
    ['+55 11 5555-1234', '+551155551234'],
    // WhatsApp JIDs, including the old 8-digit form and device/agent suffixes
    ['5511987654321@s.whatsapp.net', '+5511987654321'],
    ['551187654321@s.whatsapp.net', '+5511987654321'],
    ['5511999999999:0@s.whatsapp.net', '+5511999999999'],
    ['551187654321:12@s.whatsapp.net', '+5511987654321'],
    ['5511987654321@c.us', '+5511987654321'],
    ['5511987654321_1:3@s.whatsapp.net', '+5511987654321'],
    ['551134567890@s.whatsapp.net', '+551134567890'],
    // Other countries pass through, digits only
    ['+1 (415) 555-2671', '+14155552671'],
    ['+44 7911 123456', '+447911123456'],
    ['447911123456', '+447911123456'],
    ['14155552671@s.whatsapp.net', '+14155552671'],
    ['+351 912 345 678', '+351912345678'],
    // Not phone numbers
    ['', null],
    ['abc', null],
    ['11 98765-432a', null],
    ['98765-4321', null], // no area code
    ['(10) 98765-4321', null], // DDD 10 does not exist
    ['(20) 98765-4321', null],
    ['(11) 88765-4321', null], // 9 digits must start with 9
    ['(11) 1234-5678', null], // 8 digits starting with 1
    ['(11) 0234-5678', null],
    ['+55 11 98765-43210', null],
    ['123456789012345@lid', null], // a LID is not a phone
    ['120363025246125888@g.us', null],
    ['+0 123 4567 890', null],
    ['+1234567', null], // too short for E.164
    ['+1234567890123456', null], // too long for E.164
  ];

  for (const [input, expected] of CASES) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      expect(normalizePhone(input)).to.equal(expected);
    });
  }

  it('is idempotent on its own output', () => {
    for (const [, expected] of CASES) {
      if (expected !== null) expect(normalizePhone(expected)).to.equal(expected);
    }
  });
});

describe('normalizePhoneOrThrow', () => {
  it('returns E.164 for a valid number', () => {
    expect(normalizePhoneOrThrow('(11) 98765-4321')).to.equal('+5511987654321');
  });

  it('throws INVALID_PHONE with the input in details', () => {
    try {
      normalizePhoneOrThrow('12345');
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(InvalidPhoneError);
      expect((err as InvalidPhoneError).code).to.equal('INVALID_PHONE');
      expect((err as InvalidPhoneError).details).to.deep.equal({ input: '12345' });
    }
  });
});

describe('phoneToJid / samePhone / phoneVariants / formatPhoneBr', () => {
  it('builds the WhatsApp JID from E.164 or any accepted form', () => {
    expect(phoneToJid('+5511987654321')).to.equal('5511987654321@s.whatsapp.net');
    expect(phoneToJid('(11) 8765-4321')).to.equal('5511987654321@s.whatsapp.net');
    expect(phoneToJid('+14155552671')).to.equal('14155552671@s.whatsapp.net');
  });

  it('refuses to build a JID for garbage', () => {
    expect(() => phoneToJid('abc')).to.throw(InvalidPhoneError);
  });

  it('treats the 8-digit JID and the 9-digit number as the same person', () => {
    expect(samePhone('551187654321@s.whatsapp.net', '+55 (11) 98765-4321')).to.equal(true);
    expect(samePhone('5511999999999:0@s.whatsapp.net', '11999999999')).to.equal(true);
  });

  it('tells different numbers apart and never matches invalid input', () => {
    expect(samePhone('+5511987654321', '+5511987654322')).to.equal(false);
    expect(samePhone('abc', 'abc')).to.equal(false);
    // A landline is not the mobile with a 9 in front.
    expect(samePhone('(11) 3456-7890', '(11) 93456-7890')).to.equal(false);
  });

  it('lists both the 9-digit and legacy 8-digit forms of a Brazilian mobile', () => {
    expect(phoneVariants('+5511987654321')).to.deep.equal(['+5511987654321', '+551187654321']);
    expect(phoneVariants('(11) 3456-7890')).to.deep.equal(['+551134567890']);
    expect(phoneVariants('+14155552671')).to.deep.equal(['+14155552671']);
  });

  it('formats Brazilian numbers for people', () => {
    expect(formatPhoneBr('+5511987654321')).to.equal('(11) 98765-4321');
    expect(formatPhoneBr('+551134567890')).to.equal('(11) 3456-7890');
    expect(formatPhoneBr('+14155552671')).to.equal('+14155552671');
  });
});
