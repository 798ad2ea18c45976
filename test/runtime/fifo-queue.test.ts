import { expect } from 'chai';
import fc from 'fast-check';
import { FifoQueue } from '../../runtime/fifo-queue.js';

describe('FifoQueue', () => {
  it('behaves exactly like an array used as a queue, for any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant('shift' as const), fc.constant('drain' as const)), { maxLength: 5000 }), (ops) => {
        const queue = new FifoQueue<number>();
        let model: number[] = [];
        for (const op of ops) {
          if (op === 'shift') expect(queue.shift()).to.equal(model.shift());
          else if (op === 'drain') {
            expect(queue.drain()).to.deep.equal(model);
            model = [];
          } else {
            queue.push(op);
            model.push(op);
          }
          expect(queue.length).to.equal(model.length);
        }
      }),
      { seed: 42, numRuns: 50 },
    );
  });

  it('keeps order across compactions of a long queue', () => {
    const queue = new FifoQueue<number>();
    for (let i = 0; i < 10_000; i++) queue.push(i);
    for (let i = 0; i < 9_000; i++) expect(queue.shift()).to.equal(i);
    queue.push(10_000);
    expect(queue.drain()).to.deep.equal(Array.from({ length: 1001 }, (_, i) => 9_000 + i));
  });
});
