import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { installProcessGuards, type ProcessEvents } from '../../app/process-guards.js';

describe('process guards', () => {
  it('logs a stray rejection and an uncaught exception instead of letting them end the process', () => {
    const lines: Array<{ level: number; msg: string; err?: { message: string } }> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const fakeProcess = new EventEmitter();
    installProcessGuards(pino({ level: 'info' }, sink), fakeProcess as unknown as ProcessEvents);
    // With a listener attached, Node neither exits on these events nor on emit() here.
    fakeProcess.emit('unhandledRejection', new Error('Connection is closed.'));
    fakeProcess.emit('uncaughtException', new Error('boom'));
    expect(lines.map((l) => [l.level, l.msg, l.err?.message])).to.deep.equal([
      [50, 'unhandled promise rejection (kept running)', 'Connection is closed.'],
      [50, 'uncaught exception (kept running)', 'boom'],
    ]);
  });
});
