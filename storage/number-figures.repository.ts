import type { Executor } from './executor.js';

/** What a number did: Conexão's figures. */
export interface NumberFigures {
  inboundToday: number;
  outboundToday: number;
  /** Messages waiting to be sent (pending or being sent). */
  queued: number;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
}

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** Counts and last times of a number's messages; "today" starts at `dayStart` (the shop's local midnight). */
export async function findNumberFigures(db: Executor, orgId: string, instanceId: string, dayStart: Date): Promise<NumberFigures> {
  const [inbound, outbound] = await Promise.all([
    db.selectFrom('inbox')
      .select((eb) => [
        eb.fn.count<number>('id').filterWhere('received_at', '>=', dayStart).as('today'),
        eb.fn.max('received_at').as('last'),
      ])
      .where('org_id', '=', orgId).where('instance_id', '=', instanceId)
      .executeTakeFirstOrThrow(),
    db.selectFrom('outbox')
      .select((eb) => [
        eb.fn.count<number>('id').filterWhere((w) => w.and([w('status', '=', 'sent'), w('sent_at', '>=', dayStart)])).as('today'),
        eb.fn.count<number>('id').filterWhere('status', 'in', ['pending', 'sending']).as('queued'),
        eb.fn.max('sent_at').as('last'),
      ])
      .where('org_id', '=', orgId).where('instance_id', '=', instanceId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    inboundToday: Number(inbound.today),
    outboundToday: Number(outbound.today),
    queued: Number(outbound.queued),
    lastInboundAt: iso(inbound.last as Date | null),
    lastOutboundAt: iso(outbound.last as Date | null),
  };
}
