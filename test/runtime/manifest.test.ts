import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManifestError } from '../../runtime/errors.js';
import { loadManifest, parseManifest } from '../../runtime/manifest.js';

const REPO_MANIFEST = fileURLToPath(new URL('../../actors.json', import.meta.url));

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ManifestError).with.property('code', 'MANIFEST_INVALID');
    return (error as ManifestError).problems;
  }
  expect.fail('expected a ManifestError');
}

const minimal = (actors: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  actors: { root: { kind: 'supervisor', strategy: 'one_for_one', children: Object.keys(actors) }, ...actors },
  ...extra,
});

describe('manifest', () => {
  it("should load the repo's actors.json with defaults filled in, deep-frozen", () => {
    const manifest = loadManifest({ path: REPO_MANIFEST });
    expect(manifest.root).to.equal('root');
    expect(manifest.actors['root']).to.deep.include({ kind: 'supervisor', strategy: 'rest_for_one', children: ['orgs', 'edge'] });
    expect(manifest.actors['conversation']).to.deep.include({
      kind: 'worker',
      mode: 'in-memory',
      idleMs: 600_000,
      mailboxCapacity: 256,
      restart: 'transient',
      keepAlive: false,
    });
    expect(manifest.actors['session']).to.deep.include({ mode: 'in-memory', keepAlive: true });
    expect(manifest.actors['aurora']?.backoff).to.deep.equal({ minMs: 100, maxMs: 30_000, factor: 2, jitter: 0.2 });
    expect(manifest.actors['orgs']?.shutdownMs).to.equal(Number.POSITIVE_INFINITY);
    expect(Object.isFrozen(manifest)).to.equal(true);
    expect(Object.isFrozen(manifest.actors)).to.equal(true);
    expect(Object.isFrozen(manifest.actors['conversation']?.backoff)).to.equal(true);
    expect(() => {
      (manifest.actors['conversation'] as { idleMs: number }).idleMs = 1;
    }).to.throw(TypeError);
  });

  it('should name every unknown key and bad value in one error', () => {
    const problems = problemsOf(() =>
      parseManifest({
        actorz: {},
        actors: {
          root: { kind: 'supervisor', strategy: 'one_for_one', children: ['worker'], colour: 'red' },
          worker: {
            mode: 'teleported',
            mailboxCapacity: -1,
            messageTimeoutMs: 1.5,
            backoff: { minMs: 10, jiter: 0.2 },
            intensity: { maxRestarts: 3 },
          },
        },
      }),
    );
    expect(problems).to.have.members([
      'actorz: unknown key',
      'actors.root.colour: unknown key',
      problems.find((p) => p.startsWith('actors.worker.mode:'))!,
      problems.find((p) => p.startsWith('actors.worker.mailboxCapacity:'))!,
      problems.find((p) => p.startsWith('actors.worker.messageTimeoutMs:'))!,
      'actors.worker.backoff.jiter: unknown key',
      problems.find((p) => p.startsWith('actors.worker.intensity.withinMs:'))!,
    ]);
    expect(problems).to.have.length(7);
    for (const path of ['mode', 'mailboxCapacity', 'messageTimeoutMs']) {
      expect(problems.some((p) => p.startsWith(`actors.worker.${path}:`)), path).to.equal(true);
    }
  });

  it('should report structural problems together', () => {
    const problems = problemsOf(() =>
      parseManifest({
        actors: {
          root: { kind: 'supervisor', strategy: 'one_for_one', children: ['a', 'ghost', 'remote'] },
          a: { kind: 'supervisor', strategy: 'simple_one_for_one' },
          remote: { mode: 'remote', strategy: 'one_for_one' },
          orphan: { keepAlive: true, idleMs: 10 },
          slow: { backoff: { minMs: 10_000, maxMs: 5_000 } },
        },
      }),
    );
    expect(problems).to.include.members([
      'actors.root: child type "ghost" is not defined',
      'actors.a.child: required for simple_one_for_one',
      'actors.remote.strategy: only supervisors have it',
      'actors.remote.hosts: required in remote mode',
      'actors.orphan.idleMs: contradicts keepAlive',
      'actors.orphan: not reachable from the root "root"',
      'actors.slow.backoff: minMs (10000) exceeds maxMs (5000)',
    ]);
  });

  it('should insist on a supervisor root and on one parent per type', () => {
    expect(problemsOf(() => parseManifest({ actors: { root: {} } }))).to.deep.equal(['actors.root: the root must be a static supervisor']);
    expect(
      problemsOf(() =>
        parseManifest({
          actors: {
            root: { kind: 'supervisor', strategy: 'one_for_one', children: ['s1', 's2'] },
            s1: { kind: 'supervisor', strategy: 'one_for_one', children: ['w'] },
            s2: { kind: 'supervisor', strategy: 'one_for_one', children: ['w'] },
            w: {},
          },
        }),
      ),
    ).to.deep.equal(['actors.s2: "w" already has a parent (s1); a type has one place in the tree']);
  });

  it('should read the cluster section, fill its defaults, and refuse timings under which a lease could lapse', () => {
    const worker = { w: {} };
    expect(parseManifest(minimal(worker)).cluster).to.deep.equal({ discovery: 'redis', transport: 'redis', leaseTtlMs: 15_000, renewMs: 5_000, marginMs: 4_000, heartbeatMs: 3_000, heartbeatTtlMs: 9_000 });
    expect(parseManifest(minimal(worker, { cluster: { leaseTtlMs: 30_000, renewMs: 8_000 } })).cluster).to.deep.include({ leaseTtlMs: 30_000, renewMs: 8_000, marginMs: 4_000 });
    expect(problemsOf(() => parseManifest(minimal(worker, { cluster: { leaseTtlMs: 8_000 } })))).to.deep.equal([
      'cluster: renewMs (5000) + marginMs (4000) must be below leaseTtlMs (8000), or a lease lapses between renewals',
      "cluster: heartbeatTtlMs (9000) + renewMs (5000) must not exceed leaseTtlMs (8000), or a dead node's shops wait longer than the lease",
    ]);
    expect(problemsOf(() => parseManifest(minimal(worker, { cluster: { transport: 'nats', peers: [] } })))).to.have.length(2);
  });

  it('should take ACTORS_CONFIG as inline JSON or as a path, passed in by the caller', () => {
    const inline = loadManifest({ actorsConfig: JSON.stringify(minimal({ w: { mailboxCapacity: 7 } })) });
    expect(inline.source).to.equal('ACTORS_CONFIG');
    expect(inline.actors['w']?.mailboxCapacity).to.equal(7);

    const dir = mkdtempSync(join(tmpdir(), 'patinha-manifest-'));
    writeFileSync(join(dir, 'custom.json'), JSON.stringify(minimal({ w: { module: './w.actor.ts' } })));
    const fromPath = loadManifest({ actorsConfig: 'custom.json', cwd: dir, path: REPO_MANIFEST });
    expect(fromPath.source).to.equal(join(dir, 'custom.json'));
    expect(fromPath.actors['w']?.module).to.equal(join(dir, 'w.actor.ts'));
  });

  it('should turn unreadable files and broken JSON into ManifestError', () => {
    expect(problemsOf(() => loadManifest({ path: '/nonexistent/actors.json' }))[0]).to.match(/cannot read the file/);
    expect(problemsOf(() => loadManifest({ actorsConfig: '{ "actors": ' }))[0]).to.match(/not valid JSON/);
  });
});
