import { expect } from 'chai';

import {
  backoffDelayMs,
  decideReconnect,
  type ReconnectAction,
  type ReconnectStatus,
  RECONNECT_MAX_ATTEMPTS,
  shouldAlert,
} from '../../domain/reconnect-policy.js';

const MID = () => 0.5; // jitter factor exactly 1.0

describe('decideReconnect: one row per close code', () => {
  const TABLE: [code: number | undefined, message: string | undefined, action: ReconnectAction, status: ReconnectStatus, reason: string, delayMs: number][] = [
    [undefined, undefined, 'stop', 'stopped', 'intentional', 0],
    [401, 'Connection Failure', 'stop', 'logged_out', 'loggedOut', 0],
    [402, undefined, 'stop', 'banned', 'temporarilyBanned', 0],
    [403, undefined, 'stop', 'banned', 'forbidden', 0],
    [405, 'Connection Failure', 'stop', 'failed', 'versionOutdated', 0],
    [406, undefined, 'stop', 'banned', 'banned', 0],
    [408, 'Connection was lost', 'reconnect', 'reconnecting', 'timedOut', 5_000],
    [408, 'QR refs attempts ended', 'stop', 'failed', 'qrExpired', 0],
    [411, undefined, 'stop', 'logged_out', 'multideviceMismatch', 0],
    [428, 'Connection Closed', 'reconnect', 'reconnecting', 'connectionClosed', 5_000],
    [440, 'Stream Errored (conflict)', 'stop', 'replaced', 'connectionReplaced', 0],
    [500, 'Stream Errored (bad-session)', 'reconnect', 'reconnecting', 'badSession', 5_000],
    [503, undefined, 'reconnect', 'reconnecting', 'unavailableService', 5_000],
    [515, 'Stream Errored (restart required)', 'reconnect-now', 'reconnecting', 'restartRequired', 0],
    [419, undefined, 'reconnect', 'reconnecting', 'unknown', 5_000],
    [429, undefined, 'reconnect', 'reconnecting', 'unknown', 5_000],
    [999, undefined, 'reconnect', 'reconnecting', 'unknown', 5_000],
  ];

  for (const [code, message, action, status, reason, delayMs] of TABLE) {
    it(`${code ?? 'undefined'}${message ? ` (${message})` : ''} → ${action} / ${status} / ${reason}`, () => {
      const d = decideReconnect({ code, message, attempt: 0, random: MID });
      expect(d).to.include({ action, status, reason, delayMs, code });
      expect(d.shouldReconnect).to.equal(action !== 'stop');
    });
  }
});

describe('decideReconnect: backoff', () => {
  it('grows 5 s × 1.5 per attempt up to the 60 s cap', () => {
    const delays = Array.from({ length: RECONNECT_MAX_ATTEMPTS }, (_, attempt) =>
      decideReconnect({ code: 428, attempt, random: MID }).delayMs,
    );
    expect(delays).to.deep.equal([5000, 7500, 11250, 16875, 25313, 37969, 56953, 60000, 60000, 60000]);
  });

  it('counts the attempt for a backoff reconnect', () => {
    expect(decideReconnect({ code: 503, attempt: 3, random: MID }).attempt).to.equal(4);
  });

  it('applies ±20 % jitter from the injected random()', () => {
    expect(decideReconnect({ code: 500, attempt: 0, random: () => 0 }).delayMs).to.equal(4_000);
    expect(decideReconnect({ code: 500, attempt: 0, random: () => 0.999999 }).delayMs).to.equal(6_000);
    expect(decideReconnect({ code: 500, attempt: 2, random: () => 0.25 }).delayMs).to.equal(10_125);
  });

  it('never waits longer than the cap, even with upward jitter', () => {
    for (let attempt = 0; attempt < RECONNECT_MAX_ATTEMPTS; attempt++) {
      for (const r of [0, 0.3, 0.7, 0.99]) {
        const delay = backoffDelayMs(attempt, () => r);
        expect(delay).to.be.at.most(60_000);
        expect(delay).to.be.at.least(4_000);
      }
    }
  });

  it('gives up with status failed after the 10th attempt', () => {
    const last = decideReconnect({ code: 408, attempt: RECONNECT_MAX_ATTEMPTS - 1, random: MID });
    expect(last.action).to.equal('reconnect');
    const over = decideReconnect({ code: 408, attempt: RECONNECT_MAX_ATTEMPTS, random: MID });
    expect(over).to.include({ action: 'stop', status: 'failed', shouldReconnect: false, delayMs: 0, reason: 'timedOut' });
  });

  it('reconnects at once on 515 without using up an attempt, even after many failures', () => {
    const d = decideReconnect({ code: 515, attempt: RECONNECT_MAX_ATTEMPTS + 3, random: MID });
    expect(d).to.include({ action: 'reconnect-now', delayMs: 0, shouldReconnect: true, attempt: RECONNECT_MAX_ATTEMPTS + 3 });
  });

  it('never reconnects a logout, whatever the attempt count', () => {
    for (const attempt of [0, 1, 5, 20]) {
      expect(decideReconnect({ code: 401, attempt, random: MID }).shouldReconnect).to.equal(false);
    }
  });

  it('tolerates odd attempt values and random() outside [0, 1)', () => {
    expect(decideReconnect({ code: 428, attempt: -3, random: MID })).to.include({ delayMs: 5_000, attempt: 1 });
    expect(decideReconnect({ code: 428, attempt: 0, random: () => 7 }).delayMs).to.equal(6_000);
  });
});

describe('shouldAlert', () => {
  it('fires once, when the streak reaches 5 failures', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(shouldAlert)).to.deep.equal([false, false, false, false, false, true, false, false]);
  });
});
