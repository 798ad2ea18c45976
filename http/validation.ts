import type { z } from 'zod';
import { hasUnsafeText, stripUnsafeText } from '../domain/text-hygiene.js';
import { HttpError } from './errors.js';

type Where = 'body' | 'query' | 'params';
interface Problem {
  path: string;
  message: string;
}

/** Deeper than any request the API defines; refusing early keeps recursive code (zod, JSON.stringify, jsonb) away from hostile nesting. */
export const MAX_INPUT_DEPTH = 32;
const MAX_PROBLEMS = 20;

function fail(where: Where, problems: Problem[]): never {
  throw new HttpError(400, 'VALIDATION_FAILED', `Invalid ${where}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, { problems });
}

/**
 * Every string (and object key) in a request must be safe text: no NUL, no
 * lone surrogate. Checked once here, for every route, before any schema, so
 * no field can forget it. Iterative, so hostile nesting cannot blow the stack.
 */
export function assertSafeInput(value: unknown, where: Where): void {
  const problems: Problem[] = [];
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [where] }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (hasUnsafeText(current)) problems.push({ path: path.join('.'), message: 'must not contain NUL characters or lone surrogates' });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (path.length > MAX_INPUT_DEPTH) {
      problems.push({ path: path.slice(0, 4).join('.') + '…', message: `nested deeper than ${MAX_INPUT_DEPTH} levels` });
      continue;
    }
    for (const [key, child] of Object.entries(current)) {
      const childPath = [...path, key];
      if (hasUnsafeText(key)) problems.push({ path: path.join('.'), message: 'has a key with NUL characters or lone surrogates' });
      stack.push({ value: child, path: childPath });
    }
  }
  if (problems.length > 0) fail(where, problems.map((p) => ({ ...p, path: safePath(p.path) })));
}

/** Echoing hostile text back would hand the client the very bytes we refuse. */
function safePath(path: string): string {
  const clean = stripUnsafeText(path);
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/** Parses `value` with `schema` or throws 400 VALIDATION_FAILED listing each problem by path. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: Where): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  fail(where, problems.map((p) => ({ ...p, path: safePath(p.path) })));
}
