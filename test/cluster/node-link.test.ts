import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { ClusterError } from '../../cluster/cluster-error.js';
import { nodeChannel } from '../../cluster/keys.js';
import { NodeLink, type NodeRequestHandler } from '../../cluster/node-link.js';
import type { RedisLink } from '../../storage/redis-link.js';
import { eventually } from '../support/eventually.js';
import { FakeClock } from '../support/fake-clock.js';
import { recordingLogger, testClusterPrefix, testRedisLinks } from '../support/test-cluster.js';

/** Two node links on the real Redis, each with its own connection, as on two machines. */
describe('node link (Redis pub/sub, real redis-server)', function () {
  this.timeout(20_000);
  let redis: Awaited<ReturnType<typeof testRedisLinks>> | undefined;
  let prefix: string;
  let clock: FakeClock;
  const opened: NodeLink[] = [];

  beforeEach(async function () {
    prefix = testClusterPrefix();
    clock = new FakeClock();
    redis = await testRedisLinks(this, 2, prefix);
  });
  afterEach(async () => {
    for (const link of opened.splice(0)) await link.close();
    await redis?.close();
    redis = undefined;
  });

  const open = async (nodeId: string, via: RedisLink, options: { handler?: NodeRequestHandler; maxMessageBytes?: number; logger?: ReturnType<typeof recordingLogger> } = {}) => {
    const link = new NodeLink({ nodeId, publisher: via.commands, subscriber: via.subscriber(), clock, prefix, logger: options.logger, maxMessageBytes: options.maxMessageBytes });
    if (options.handler) link.onRequest(options.handler);
    opened.push(link);
    await link.start();
    return link;
  };
  const rejection = async (promise: Promise<unknown>): Promise<ClusterError> => {
    try {
      await promise;
    } catch (error) {
      return error as ClusterError;
    }
    throw new Error('expected a rejection');
  };

  it('tells and asks between two nodes, naming the sender, pt-BR text and emoji intact', async () => {
    const heard: Array<{ payload: unknown; from: string }> = [];
    await open('node-b', redis!.links[1]!, {
      handler: (payload, from) => {
        heard.push({ payload, from });
        return { echo: payload, by: 'node-b' };
      },
    });
    const a = await open('node-a', redis!.links[0]!);

    await a.tell('node-b', { type: 'hello', text: 'não, obrigado 🐶' });
    await eventually(() => heard.length === 1, 'node-b to hear the tell');
    expect(heard[0]).to.deep.equal({ payload: { type: 'hello', text: 'não, obrigado 🐶' }, from: 'node-a' });

    const answer = await a.ask('node-b', { type: 'ping', n: 1 }, 5_000);
    expect(answer).to.deep.equal({ echo: { type: 'ping', n: 1 }, by: 'node-b' });
    expect(heard[1]!.from).to.equal('node-a');
    expect(a.pendingAsks).to.equal(0);
    expect(clock.pendingTimers).to.equal(0); // the ask's timeout was cleared by the reply
  });

  it('rejects an ask with the code the other node answered with, and hides an uncoded failure as INTERNAL', async () => {
    await open('node-b', redis!.links[1]!, {
      handler: (payload) => {
        if ((payload as { type: string }).type === 'missing') throw new ClusterError('NOT_FOUND', 'No actor at aurora/x');
        throw new Error('secret stack detail');
      },
    });
    const a = await open('node-a', redis!.links[0]!);
    const notFound = await rejection(a.ask('node-b', { type: 'missing' }, 5_000));
    expect([notFound.code, notFound.message, notFound.nodeId]).to.deep.equal(['NOT_FOUND', 'No actor at aurora/x', 'node-b']);
    const internal = await rejection(a.ask('node-b', { type: 'boom' }, 5_000));
    expect([internal.code, internal.message]).to.deep.equal(['INTERNAL', 'Internal error']);
  });

  it('fails NODE_UNREACHABLE at once when no node listens, and after the timeout when one does not answer; a late reply is ignored', async () => {
    const logger = recordingLogger();
    let answerLate: ((value: unknown) => void) | undefined;
    await open('node-b', redis!.links[1]!, { handler: () => new Promise((resolve) => (answerLate = resolve)) });
    const a = await open('node-a', redis!.links[0]!, { logger });

    const nobody = await rejection(a.ask('node-gone', { type: 'x' }, 60_000));
    expect(nobody.code).to.equal('NODE_UNREACHABLE');
    expect(nobody.message).to.contain('no node listens');

    const asked = a.ask('node-b', { type: 'slow' }, 2_000);
    const outcome = rejection(asked);
    await eventually(() => answerLate !== undefined, 'node-b to receive the ask');
    await clock.advance(2_000);
    const timedOut = await outcome;
    expect([timedOut.code, timedOut.nodeId]).to.deep.equal(['NODE_UNREACHABLE', 'node-b']);
    expect(a.pendingAsks).to.equal(0);

    answerLate!({ tooLate: true });
    await eventually(() => logger.lines.some((l) => l.msg === 'node link: reply to no pending ask ignored'), 'the late reply to be dropped');
  });

  it('ignores malformed, foreign and oversized messages on its channel, and keeps listening', async () => {
    const logger = recordingLogger();
    const heard: unknown[] = [];
    await open('node-b', redis!.links[1]!, { logger, maxMessageBytes: 1_000, handler: (payload) => void heard.push(payload) });
    const direct: Redis = redis!.direct;
    const channel = nodeChannel('node-b', prefix);
    // One connection publishes in order: once the last arrives, the others were seen first.
    await direct.publish(channel, 'not json {');
    await direct.publish(channel, JSON.stringify({ v: 1, kind: 'ask', payload: 'no sender, no id' }));
    await direct.publish(channel, JSON.stringify({ v: 99, kind: 'tell', from: 'node-a', payload: 1 }));
    await direct.publish(channel, JSON.stringify({ v: 1, kind: 'reply', from: 'node-a', id: 'never-asked', payload: 1 }));
    await direct.publish(channel, JSON.stringify({ v: 1, kind: 'tell', from: 'node-a', payload: 'x'.repeat(2_000) }));
    await direct.publish(channel, JSON.stringify({ v: 1, kind: 'tell', from: 'node-a', payload: 'still here' }));
    await eventually(() => heard.length > 0, 'node-b to hear the valid tell');
    expect(heard).to.deep.equal(['still here']);
    const why = logger.lines.filter((l) => l.level === 'debug').map((l) => l.obj.why ?? l.msg);
    expect(why).to.deep.equal(['not JSON', 'not a node message', 'not a node message', 'node link: reply to no pending ask ignored', 'over the size limit']);
  });

  it('refuses to send a message over the size limit, and tells the asker when its answer would be', async () => {
    await open('node-b', redis!.links[1]!, { maxMessageBytes: 1_000, handler: () => ({ tree: 'y'.repeat(5_000) }) });
    const a = await open('node-a', redis!.links[0]!, { maxMessageBytes: 1_000 });
    const tooBig = await rejection(a.tell('node-b', { blob: 'x'.repeat(2_000) }));
    expect(tooBig.code).to.equal('PAYLOAD_TOO_LARGE');
    const answerTooBig = await rejection(a.ask('node-b', { type: 'tree' }, 60_000)); // no clock advance: answered, not timed out
    expect(answerTooBig.code).to.equal('PAYLOAD_TOO_LARGE');
  });

  it('fails the asks still waiting when it closes, and refuses new ones', async () => {
    await open('node-b', redis!.links[1]!, { handler: () => new Promise(() => undefined) });
    const a = await open('node-a', redis!.links[0]!);
    const waiting = rejection(a.ask('node-b', { type: 'never' }, 60_000));
    await eventually(() => a.pendingAsks === 1, 'the ask to be in flight');
    await a.close();
    expect((await waiting).code).to.equal('NODE_UNREACHABLE');
    expect((await rejection(a.ask('node-b', { type: 'x' }, 1_000))).code).to.equal('NODE_UNREACHABLE');
  });
});
