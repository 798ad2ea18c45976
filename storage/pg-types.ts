import pg from 'pg';

/**
 * How column values come back from the driver. `date` stays a 'YYYY-MM-DD'
 * string: the default parser turns it into a Date at *local* midnight, which
 * silently shifts a shop's day when the server runs in another time zone.
 */
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

const overrides = new Map<number, (value: string) => unknown>([
  [DATE_OID, (value) => value],
  [INT8_OID, (value) => Number(value)],
  [NUMERIC_OID, (value) => Number(value)],
]);

export const patinhaTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const override = overrides.get(oid);
    if (override && format !== 'binary') return override;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;
