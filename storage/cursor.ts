/**
 * Opaque keyset cursors for list endpoints: the sort key and id of the last
 * row seen, base64url-encoded so clients treat them as tokens.
 */
export interface CursorPosition {
  key: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

/** A cursor the client tampered with, truncated or took from another list: 400, never a 500 from the query. */
export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('The cursor is not one this list issued; start again without it');
    this.name = 'InvalidCursorError';
  }
}

/** What a list sorts by: a timestamp (ISO, as `toISOString` writes it) or a row id. */
export type CursorKey = 'instant' | 'uuid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isKey = (key: CursorKey, value: string) =>
  key === 'uuid' ? UUID.test(value) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;

/** What identifies a row: a UUID, or a bigserial written in decimal. */
export type CursorId = 'uuid' | 'integer';
const isId = (id: CursorId, value: string) => (id === 'uuid' ? UUID.test(value) : /^[1-9]\d{0,17}$/.test(value));

/** The position a cursor holds; throws InvalidCursorError unless it is exactly what `encodeCursor` wrote for this kind of list. */
export function decodeCursor(cursor: string, key: CursorKey, idKind: CursorId = 'uuid'): CursorPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(value) || value.length !== 2) throw new InvalidCursorError();
  const [k, id] = value as unknown[];
  if (typeof k !== 'string' || typeof id !== 'string' || !isKey(key, k) || !isId(idKind, id)) throw new InvalidCursorError();
  return { key: k, id };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Builds a page from `limit + 1` fetched rows: the extra row only says there is more. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, position: (row: R) => CursorPosition): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: hasMore && last ? encodeCursor(position(last)) : null };
}
