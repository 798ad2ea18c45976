import { expect } from 'chai';

import { buildReminderText, parseReminderReply, remindersDue, type RemindableBooking } from '../../domain/reminders.js';

const TZ = 'America/Sao_Paulo';

describe('remindersDue', () => {
  // Wednesday 9 December 2026, 18:00 local (21:00 UTC).
  const now = '2026-12-09T18:00:00-03:00';
  const b = (id: string, startsAt: string, extra: Partial<RemindableBooking> = {}) => ({ id, startsAt, status: 'scheduled' as const, ...extra });

  it('picks active, un-reminded bookings that start tomorrow on the local calendar, earliest first', () => {
    const bookings = [
      b('late', '2026-12-10T17:00:00-03:00'),
      b('early', '2026-12-10T08:00:00-03:00', { status: 'confirmed' }),
      b('first-minute', '2026-12-10T00:00:00-03:00'),
      b('last-minute', '2026-12-10T23:59:00-03:00'),
      b('today', '2026-12-09T19:00:00-03:00'),
      b('after-tomorrow', '2026-12-11T00:00:00-03:00'),
      b('cancelled', '2026-12-10T09:00:00-03:00', { status: 'cancelled' }),
      b('no-show', '2026-12-10T09:00:00-03:00', { status: 'no_show' }),
      b('already', '2026-12-10T10:00:00-03:00', { reminderSentAt: '2026-12-09T12:00:00Z' }),
      b('null-sent', '2026-12-10T11:00:00-03:00', { reminderSentAt: null }),
    ];
    expect(remindersDue(bookings, now, TZ).map((x) => x.id)).to.deep.equal(['first-minute', 'early', 'null-sent', 'late', 'last-minute']);
  });

  it('uses the shop zone for "tomorrow", not UTC', () => {
    // 22:30 local on the 9th is 01:30 UTC on the 10th: tomorrow is still the 10th locally.
    const lateNight = '2026-12-10T01:30:00Z';
    const bookings = [b('tenth', '2026-12-10T09:00:00-03:00'), b('eleventh', '2026-12-11T09:00:00-03:00')];
    expect(remindersDue(bookings, lateNight, TZ).map((x) => x.id)).to.deep.equal(['tenth']);
    expect(remindersDue(bookings, lateNight, 'UTC').map((x) => x.id)).to.deep.equal(['eleventh']);
  });
});

describe('buildReminderText', () => {
  it('names the day, hour, service, pet and shop and asks for 1 or 2', () => {
    expect(
      buildReminderText({
        serviceName: 'Banho',
        petName: 'Rex',
        shopName: 'Pet Feliz',
        startsAt: '2026-12-11T14:00:00-03:00',
        now: '2026-12-10T18:00:00-03:00',
        timezone: TZ,
      }),
    ).to.equal('Olá! 🐾 Pet Feliz passando para lembrar: amanhã, sexta-feira, 11/12, às 14h, tem Banho para Rex.\nResponda 1 para confirmar, 2 para cancelar.');
  });

  it('works without pet and shop names and with minutes', () => {
    expect(
      buildReminderText({ serviceName: 'Consulta', startsAt: '2026-12-11T09:30:00-03:00', now: '2026-12-10T18:00:00-03:00', timezone: TZ }),
    ).to.equal('Olá! 🐾 Passando para lembrar: amanhã, sexta-feira, 11/12, às 9h30, tem Consulta.\nResponda 1 para confirmar, 2 para cancelar.');
  });

  it('says "hoje" when sent after midnight', () => {
    const text = buildReminderText({ serviceName: 'Tosa', startsAt: '2026-12-11T14:00:00-03:00', now: '2026-12-11T00:10:00-03:00', timezone: TZ });
    expect(text).to.contain('hoje, sexta-feira, 11/12, às 14h');
  });
});

describe('parseReminderReply', () => {
  const CASES: [string, 'confirm' | 'cancel' | null][] = [
    ['1', 'confirm'],
    [' 1 ', 'confirm'],
    ['1️⃣', 'confirm'],
    ['Sim', 'confirm'],
    ['sim, confirmo!', 'confirm'],
    ['Confirmado 👍', 'confirm'],
    ['ok', 'confirm'],
    ['2', 'cancel'],
    ['2️⃣', 'cancel'],
    ['cancelar', 'cancel'],
    ['pode cancelar', 'cancel'],
    ['Quero desmarcar', 'cancel'],
    ['não', null],
    ['não vou faltar', null],
    ['1 2', null],
    ['sim, mas pode cancelar o outro', null],
    ['tenho 2 cachorros', null],
    ['', null],
    ['qual o endereço de vocês mesmo? é perto do mercado? obrigado', null],
  ];
  for (const [text, expected] of CASES) {
    it(`${JSON.stringify(text)} → ${expected}`, () => {
      expect(parseReminderReply(text)).to.equal(expected);
    });
  }
});
