import { expect } from 'chai';
import fc from 'fast-check';
import { sql } from 'kysely';
import { CUSTOMER } from '../support/pipeline-harness.js';
import { createOfflineCustomerAgent } from '../../agents/offline-customer-agent.js';
import { startFullApp, type FullApp } from '../support/full-app.js';
import { TEST_ADMIN_TOKEN } from '../support/test-app.js';
import { ConversationsRepository } from '../../storage/conversations.repository.js';

/**
 * Every route of the OpenAPI document, fed random, malformed and hostile
 * params, query strings, cursors and bodies. Whatever comes in: never a 5xx;
 * a 4xx changes no row; and another org keeps answering its customers.
 *
 * Seeded and bounded: FUZZ_SEED replays a run (the seed is printed), FUZZ_RUNS
 * asks for more (default 100, about 20 s).
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 100;

type JsonSchema = { type?: string | string[]; enum?: unknown[]; const?: unknown; format?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; additionalProperties?: JsonSchema | boolean };
type Operation = { parameters?: Array<{ name: string; in: 'path' | 'query'; schema: JsonSchema }>; requestBody?: { content: { 'application/json': { schema: JsonSchema } } } };
interface Route {
  method: string;
  path: string;
  op: Operation;
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const hostileText = fc.constantFrom(
  '\u0000', 'a\u0000b', '\uD800', 'x\uDFFFy', '\uDBFF\u0000', '', ' ', 'null', '[]', '{}', '../../etc/passwd', "'; drop table contacts; --",
  '%00', '%ED%A0%80', '0000-01-01', '10000-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '2026-02-30', 'WyJ4IiwieSJd', 'e30', '😀'.repeat(50),
  '-1', '1e309', 'NaN', UNKNOWN, 'not-a-uuid', '<script>alert(1)</script>',
);
const hugeText = fc.constantFrom('a'.repeat(5_000), 'ç'.repeat(20_000), 'x'.repeat(70_000));
const anyText = fc.oneof({ weight: 4, arbitrary: hostileText }, { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) }, { weight: 1, arbitrary: hugeText });
const wrongType = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constant([]), fc.constant({}), fc.jsonValue({ maxDepth: 3 }));
/** Random shop settings: any shape, hostile text included (`scheduling` is validated by another part of the code). */
const settingsObject = fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), hostileText).filter((k) => k !== 'scheduling'), fc.oneof(anyText, wrongType, fc.jsonValue({ maxDepth: 4 })), { maxKeys: 6 });

function valueFor(schema: JsonSchema | undefined, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  const plausible = plausibleFor(schema, ids, depth);
  return fc.oneof({ weight: 5, arbitrary: plausible }, { weight: 2, arbitrary: anyText }, { weight: 1, arbitrary: wrongType });
}

function plausibleFor(schema: JsonSchema | undefined, ids: string[], depth: number): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.jsonValue({ maxDepth: 2 });
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => plausibleFor(s, ids, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return fc.constantFrom(...ids);
      if (schema.format === 'date-time') return fc.oneof(fc.constantFrom('2026-12-01T12:00:00-03:00', '2026-12-31T23:59:59Z'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
      if (schema.format === 'date') return fc.constantFrom('2020-01-01', '2026-12-02', '1899-12-31');
      return fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('+5511987654321', '11 98765-4321', 'banho', 'P', 'M', '08:00', '18:00'));
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: -10, max: 500 }), fc.constantFrom(0, 1, 60, 5000, 2 ** 31, -1));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(plausibleFor(schema.items, ids, depth + 1), { maxLength: 3 });
    case 'object': {
      if (!schema.properties) return settingsObject;
      const entries = Object.entries(schema.properties).map(([k, s]) => [k, valueFor(k === 'settings' ? { type: 'object' } : s, ids, depth + 1)] as const);
      return fc.record(Object.fromEntries(entries), { requiredKeys: [] }).chain((obj) =>
        fc.oneof({ weight: 5, arbitrary: fc.constant(obj) }, { weight: 1, arbitrary: fc.record({ extra: anyText }).map((x) => ({ ...obj, ...x })) }),
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A path segment as a client could send it: lone surrogates cannot be URI-encoded, so they go raw-escaped. */
function segment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

describe('fuzzing every route', () => {
  let app: FullApp | undefined;
  after(async () => app?.close());

  async function checksum(a: FullApp): Promise<string> {
    const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely%' order by table_name`.execute(a.storage.db);
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const row = await sql<{ h: string | null }>`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${sql.table(name)} t`.execute(a.storage.db);
      parts.push(`${name}:${row.rows[0]?.h}`);
    }
    return parts.join(',');
  }

  it(`never answers 5xx, changes nothing on 4xx, and another org's customer still books with this org poisoned (seed ${SEED}, ${RUNS} runs)`, async function () {
    this.timeout(Math.max(120_000, RUNS * 1_000));
    console.log(`      fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays it), ${RUNS} runs`);
    app = await startFullApp({ agent: createOfflineCustomerAgent() });
    const a = app;
    // The org under fire: its own number, customer, service and conversation, so ids in the pool are real.
    const created = await a.http.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name: 'Alvo' } });
    const target = { id: created.body.org.id as string, token: created.body.token as string };
    const base = `/api/orgs/${target.id}`;
    const instance = await a.http.request('POST', `${base}/instances`, { token: target.token, json: { name: 'Alvo', transport: 'simulator' } });
    const contact = await a.http.request('POST', `${base}/contacts`, { token: target.token, json: { phone: '+5511912345678', name: 'Bia' } });
    const service = await a.http.request('POST', `${base}/services`, { token: target.token, json: { name: 'Tosa', category: 'tosa', bySize: { P: { durationMin: 60, priceCents: 5000 } } } });
    const conversation = await new ConversationsRepository(a.storage.db).findOrCreate(target.id, contact.body.id, instance.body.id, new Date(a.clock.now()));
    const ids = [instance.body.id, contact.body.id, service.body.id, conversation.id, UNKNOWN];
    const spec = (await a.http.request('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
    const routes: Route[] = Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
    expect(routes.length).to.be.greaterThan(40);

    const requestArb = fc.constantFrom(...routes).chain((route) => {
      const pathParams = (route.op.parameters ?? []).filter((p) => p.in === 'path');
      const queryParams = (route.op.parameters ?? []).filter((p) => p.in === 'query');
      const params = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, p.name === 'orgId' ? fc.oneof({ weight: 8, arbitrary: fc.constant(target.id) }, { weight: 1, arbitrary: anyText.map(String) }) : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: anyText.map(String) })])));
      const query = fc.record(
        {
          ...Object.fromEntries(queryParams.map((p) => [p.name, valueFor(p.name === 'cursor' ? { type: 'string' } : p.schema, ids).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))])),
          cursor: fc.oneof(hostileText, fc.base64String({ maxLength: 40 }), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString('base64url'))),
          junk: anyText,
        },
        { requiredKeys: [] },
      );
      const bodySchema = route.op.requestBody?.content['application/json'].schema;
      const body = fc.oneof(
        { weight: 6, arbitrary: valueFor(bodySchema ?? { type: 'object' }, ids).map((v) => ({ json: v })) },
        { weight: 1, arbitrary: fc.integer({ min: 30, max: 20_000 }).map((n) => ({ raw: `${'['.repeat(n)}${']'.repeat(n)}` })) },
        { weight: 1, arbitrary: fc.constantFrom('{"a":', '\u0000', '{"name":"\\ud800"}', '{"name":"\\u0000"}', 'null', '"str"', '1e999').map((raw) => ({ raw })) },
      );
      const token = fc.oneof({ weight: 9, arbitrary: fc.constant(route.path.startsWith('/admin') ? TEST_ADMIN_TOKEN : target.token) }, { weight: 1, arbitrary: fc.constant(TEST_ADMIN_TOKEN) });
      return fc.record({ route: fc.constant(route), params, query, body, token });
    });

    let requests = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ route, params, query, body, token }) => {
        const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => segment(String((params as Record<string, unknown>)[name])));
        const search = new URLSearchParams(Object.entries(query as Record<string, string>)).toString();
        const url = `${path}${search ? `?${search}` : ''}`;
        const writes = route.method !== 'GET';
        const before = writes ? await checksum(a) : '';
        const withBody = route.method !== 'GET' && route.method !== 'DELETE';
        const res = await a.http.request(route.method, url, { token, ...(withBody && ('raw' in body ? { rawBody: body.raw } : { json: body.json })) });
        requests++;
        const shown = `${route.method} ${url.slice(0, 300)} ${JSON.stringify(body).slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        expect(res.status, shown).to.be.below(500);
        if (res.status >= 400 && writes) expect(await checksum(a), `a ${res.status} changed rows: ${shown}`).to.equal(before);
        if (res.status < 300 && writes) {
          if (route.path === '/admin/orgs/{orgId}/token' && (params as Record<string, string>).orgId === target.id) target.token = res.body.token;
          await a.settle(); // what a success set in motion finishes before the next snapshot
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(requests).to.equal(RUNS);

    // Then the target org is poisoned for good (settings no version of the API would write, straight into the
    // database) while the harness's own org, never touched, books a bath through the simulator end to end.
    await sql`update organizations set settings = ${JSON.stringify({ dailySummaryTime: '99:99', scheduling: { slotIntervalMin: 0, capacity: { banho: -5 } } })}::jsonb where id = ${target.id}`.execute(a.storage.db);
    const booking = ['quero agendar um banho', 'meu cachorro se chama Thor, é um vira-lata de porte médio', 'sim', 'amanhã de manhã', '1', 'sim'];
    const inboxBefore = Number((await a.storage.db.selectFrom('inbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    for (const [i, text] of booking.entries()) {
      a.simulator.inject(a.instanceId, { from: CUSTOMER, text, id: `WA-FUZZ-${i}` });
      await a.untilInbox(inboxBefore + i + 1);
      await a.settle();
    }
    const replies = a.simulator.sentTo(a.instanceId, CUSTOMER).map((m) => m.text);
    expect(replies.at(-1)).to.match(/^Agendado! ✅ Banho para Thor/);
    const booked = await a.storage.db.selectFrom('bookings').select('status').where('org_id', '=', a.orgId).execute();
    expect(booked).to.deep.equal([{ status: 'scheduled' }]);
    expect((await a.http.request('GET', a.base, { token: a.token })).status).to.equal(200);
  });
});
