import { expect } from 'chai';
import type { BackoffPolicy } from '../../runtime/backoff.js';
import { EscalationError } from '../../runtime/errors.js';
import { RestartPolicy, type RestartRecord } from '../../runtime/restart-policy.js';

describe('RestartPolicy', () => {
  const defaultBackoff: BackoffPolicy = { minMs: 100, maxMs: 1_000, factor: 2, jitter: 0 };
  const policy = (maxRestarts = 100, withinMs = 10_000) =>
    new RestartPolicy({ maxRestarts, withinMs }, { random: () => 0.5, defaultBackoff });
  const child = (): RestartRecord => ({ failures: 0, startedAt: 0 });

  it('should delay consecutive restarts of a child by its backoff, counting attempts', () => {
    const restarts = policy();
    const record = child();
    const decisions = [0, 1, 2, 3, 4].map((i) => restarts.decide(record, 100 * i, undefined));
    expect(decisions).to.deep.equal([0, 1, 2, 3, 4].map((attempt) => ({ escalate: false, delayMs: Math.min(1_000, 100 * 2 ** attempt), attempt })));
    expect(record.failures).to.equal(5);
  });

  it("should use the child's own backoff over the default", () => {
    const decision = policy().decide(child(), 0, { minMs: 7, maxMs: 7, factor: 1, jitter: 0 });
    expect(decision).to.deep.equal({ escalate: false, delayMs: 7, attempt: 0 });
  });

  it('should start the backoff over for a child that stayed up a whole window', () => {
    const record: RestartRecord = { failures: 3, startedAt: 0 };
    expect(policy(100, 1_000).decide(record, 999, undefined)).to.deep.include({ attempt: 3 });
    record.startedAt = 1_000;
    expect(policy(100, 1_000).decide(record, 2_000, undefined)).to.deep.include({ attempt: 0, delayMs: 100 });
    expect(record.failures).to.equal(1);
  });

  it('should escalate on the (maxRestarts + 1)th restart in the window, across children, until reset', () => {
    const restarts = policy(2, 1_000);
    expect(restarts.decide(child(), 0, undefined).escalate).to.equal(false);
    expect(restarts.decide(child(), 1, undefined).escalate).to.equal(false);
    expect(restarts.decide(child(), 2, undefined)).to.deep.equal({ escalate: true });
    restarts.reset();
    expect(restarts.decide(child(), 3, undefined).escalate).to.equal(false);
  });

  it('should describe the escalation with its intensity and cause', () => {
    const cause = new Error('boom');
    const error = policy(2, 1_000).escalation('orgs', cause);
    expect(error).to.be.instanceOf(EscalationError).with.property('code', 'ESCALATED');
    expect(error.message).to.equal('supervisor orgs exceeded 2 restarts in 1000 ms');
    expect(error.cause).to.equal(cause);
  });
});
