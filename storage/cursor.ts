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

/** Returns undefined for a missing or malformed cursor (treated as "from the start" only when absent). */
export function decodeCursor(cursor: string): CursorPosition | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  return undefined;
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
