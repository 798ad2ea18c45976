import { expect } from 'chai';
import { recordRestart } from '../../runtime/restart-window.js';

describe('recordRestart', () => {
  const intensity = { maxRestarts: 3, withinMs: 1_000 };

  it('should allow maxRestarts restarts in the window and flag the next one', () => {
    let history: readonly number[] = [];
    const exceeded: boolean[] = [];
    for (const now of [0, 100, 200, 300]) {
      const decision = recordRestart(history, now, intensity);
      history = decision.history;
      exceeded.push(decision.exceeded);
    }
    expect(exceeded).to.deep.equal([false, false, false, true]);
  });

  it('should forget restarts that slid out of the window', () => {
    let history: readonly number[] = [];
    for (const now of [0, 100, 200]) history = recordRestart(history, now, intensity).history;
    const decision = recordRestart(history, 1_050, intensity);
    expect(decision.exceeded).to.equal(false);
    expect(decision.history).to.deep.equal([100, 200, 1_050]);
  });

  it('should treat a restart exactly withinMs ago as outside the window', () => {
    const decision = recordRestart([0, 500, 600], 1_000, intensity);
    expect(decision.history).to.deep.equal([500, 600, 1_000]);
    expect(decision.exceeded).to.equal(false);
  });

  it('should escalate on the first restart when maxRestarts is 0', () => {
    expect(recordRestart([], 0, { maxRestarts: 0, withinMs: 1_000 }).exceeded).to.equal(true);
  });

  it('should not mutate the history it was given', () => {
    const history = Object.freeze([0, 1]);
    recordRestart(history, 2, intensity);
    expect(history).to.deep.equal([0, 1]);
  });
});
