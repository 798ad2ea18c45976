import type { z } from 'zod';
import { HttpError } from './errors.js';

/** Parses `value` with `schema` or throws 400 VALIDATION_FAILED listing each problem by path. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new HttpError(400, 'VALIDATION_FAILED', `Invalid ${where}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, {
    problems,
  });
}
