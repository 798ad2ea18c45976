import { expect } from 'chai';
import { DateTime } from 'luxon';

import { InvalidInstantError, toEpochMs, toUtcIso } from '../../domain/instant.js';
import { formatDateTimePtBr, formatHourPtBr, formatRelativeDayPtBr } from '../../domain/pt-br-calendar.js';
import {
  addDays,
  daysBetween,
  InvalidLocalDateError,
  InvalidTimeZoneError,
  isValidTimeZone,
  localDateOf,
  localTimeOf,
  localToEpochMs,
  toZonedIso,
  weekdayOf,
} from '../../domain/zoned-time.js';

describe('instants', () => {
  it('accepts Date, epoch ms and ISO strings with an offset, all alike', () => {
    const ms = Date.UTC(2026, 11, 12, 17, 0, 0);
    expect(toEpochMs(new Date(ms))).to.equal(ms);
    expect(toEpochMs(ms)).to.equal(ms);
    expect(toEpochMs('2026-12-12T14:00:00-03:00')).to.equal(ms);
    expect(toEpochMs('2026-12-12T17:00:00Z')).to.equal(ms);
    expect(toUtcIso('2026-12-12T14:00:00-03:00')).to.equal('2026-12-12T17:00:00.000Z');
  });

  it('rejects strings without a zone and impossible dates', () => {
    for (const bad of ['2026-12-12T14:00:00', '2026-02-30T10:00:00Z', 'amanhã', '']) {
      expect(() => toEpochMs(bad), bad).to.throw(InvalidInstantError);
    }
    expect(() => toEpochMs(Number.NaN)).to.throw(InvalidInstantError);
  });
});

describe('zoned time', () => {
  it('formats an instant in the org zone with its offset, for the API', () => {
    expect(toZonedIso('2026-12-12T17:00:00.000Z', 'America/Sao_Paulo')).to.equal('2026-12-12T14:00:00-03:00');
    expect(toZonedIso('2026-12-12T17:00:00.000Z', 'America/Manaus')).to.equal('2026-12-12T13:00:00-04:00');
    expect(toZonedIso('2026-07-01T12:00:00Z', 'America/New_York')).to.equal('2026-07-01T08:00:00-04:00');
  });

  it('gives the local date and time, which differ from UTC near midnight', () => {
    expect(localDateOf('2026-12-10T02:30:00Z', 'America/Sao_Paulo')).to.equal('2026-12-09');
    expect(localTimeOf('2026-12-10T02:30:00Z', 'America/Sao_Paulo')).to.equal('23:30');
  });

  it('turns local date + time into the instant, 24:00 being the next midnight', () => {
    expect(new Date(localToEpochMs('2026-12-12', '14:00', 'America/Sao_Paulo')).toISOString()).to.equal('2026-12-12T17:00:00.000Z');
    expect(new Date(localToEpochMs('2026-12-12', '24:00', 'America/Sao_Paulo')).toISOString()).to.equal('2026-12-13T03:00:00.000Z');
  });

  it('does calendar arithmetic across months and years', () => {
    expect(addDays('2026-12-30', 3)).to.equal('2027-01-02');
    expect(daysBetween('2026-12-30', '2027-01-02')).to.equal(3);
    expect(weekdayOf('2026-12-09')).to.equal(3);
    expect(weekdayOf('2026-12-13')).to.equal(0);
  });

  it('rejects unknown zones', () => {
    expect(() => toZonedIso(0, 'Mars/Olympus')).to.throw(InvalidTimeZoneError).with.property('code', 'INVALID_TIME_ZONE');
  });

  it('answers as luxon does for every spelling of a zone, on the first call and once the zone is cached', () => {
    const ms = Date.UTC(2026, 11, 12, 17, 0, 0);
    for (const zone of ['UTC', 'utc', 'Etc/UTC', 'GMT', 'america/sao_paulo', 'Etc/GMT+3', 'Asia/Kathmandu']) {
      const expected = DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true });
      expect([toZonedIso(ms, zone), toZonedIso(ms, zone)], zone).to.deep.equal([expected, expected]);
      expect(localToEpochMs('2026-12-12', '14:00', zone), zone).to.equal(DateTime.fromObject({ year: 2026, month: 12, day: 12, hour: 14 }, { zone }).toMillis());
    }
  });

  it('takes the first of a wall time the fall-back repeats (a shop closing at 01:00 closes when the clock first shows it)', () => {
    // Lisbon, 2026-10-25: 02:00 WEST falls back to 01:00 WET, so 01:00–01:59 happen twice.
    expect(new Date(localToEpochMs('2026-10-25', '01:00', 'Europe/Lisbon')).toISOString()).to.equal('2026-10-25T00:00:00.000Z');
    expect(new Date(localToEpochMs('2026-10-25', '01:30', 'Europe/Lisbon')).toISOString()).to.equal('2026-10-25T00:30:00.000Z');
    expect(new Date(localToEpochMs('2026-10-25', '02:00', 'Europe/Lisbon')).toISOString()).to.equal('2026-10-25T02:00:00.000Z');
    // New York, 2026-11-01: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(new Date(localToEpochMs('2026-11-01', '01:30', 'America/New_York')).toISOString()).to.equal('2026-11-01T05:30:00.000Z');
  });

  it('gives remembered wall-clock instants and days exactly as computed, and still refuses bad dates', () => {
    // 02:30 does not exist in New York on 2026-03-08 (DST gap): luxon moves it forward, every time.
    const gap = localToEpochMs('2026-03-08', '02:30', 'America/New_York');
    expect(new Date(gap).toISOString()).to.equal('2026-03-08T07:30:00.000Z');
    expect(localToEpochMs('2026-03-08', 150, 'America/New_York')).to.equal(gap);
    expect(localToEpochMs('2026-03-08', '02:30', 'America/Sao_Paulo')).to.not.equal(gap);
    expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
    expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
    for (const bad of ['2026-02-30', '2026-2-3', '']) {
      expect(() => localToEpochMs(bad, '10:00', 'America/Sao_Paulo'), bad).to.throw(InvalidLocalDateError);
      expect(() => weekdayOf(bad), bad).to.throw(InvalidLocalDateError);
    }
  });

  it('keeps refusing unknown zones and answering known ones after more distinct zones than it caches', () => {
    const all = Intl.supportedValuesOf('timeZone');
    expect(all.length).to.be.greaterThan(256);
    for (const zone of all) expect(isValidTimeZone(zone), zone).to.equal(true);
    for (const bad of ['Mars/Olympus', '', 'local', 'America/Sao_Paulo ', '+03:00']) expect(isValidTimeZone(bad), bad).to.equal(false);
    expect(toZonedIso('2026-12-12T17:00:00.000Z', 'America/Sao_Paulo')).to.equal('2026-12-12T14:00:00-03:00');
    expect(() => localToEpochMs('2026-12-12', '14:00', 'Mars/Olympus')).to.throw(InvalidTimeZoneError);
  });
});

describe('pt-BR calendar text', () => {
  it('writes hours the Brazilian way', () => {
    expect(['14:00', '09:30', '00:00'].map(formatHourPtBr)).to.deep.equal(['14h', '9h30', '0h']);
  });

  it('writes days relative to today', () => {
    expect(formatRelativeDayPtBr('2026-12-09', '2026-12-09')).to.equal('hoje, quarta-feira, 09/12');
    expect(formatRelativeDayPtBr('2026-12-10', '2026-12-09')).to.equal('amanhã, quinta-feira, 10/12');
    expect(formatRelativeDayPtBr('2026-12-12', '2026-12-09')).to.equal('sábado, 12/12');
  });

  it('writes an instant in the org zone', () => {
    expect(formatDateTimePtBr('2026-12-12T17:00:00Z', 'America/Sao_Paulo')).to.equal('sábado, 12/12, às 14h');
  });
});
