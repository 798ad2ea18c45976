import { z } from 'zod';
import { ERROR_STATUS } from './errors.js';
import type { OpenApiRegistry } from './api-router.js';
import { errorBody } from './schema-primitives.js';

/** OpenAPI 3.1 from the same zod schemas that validate the requests. */
export function buildOpenApi(registry: OpenApiRegistry, info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  };
  const errorSchema = jsonSchema(errorBody, 'output');

  for (const { spec, fullPath, auth } of registry.routes) {
    const path = fullPath.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1');
    const parameters: unknown[] = [];
    for (const name of [...fullPath.matchAll(/:(\w+)/g)].map((m) => m[1]!)) {
      parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
    }
    if (spec.query) {
      const query = jsonSchema(spec.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
      }
    }
    const status = String(spec.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]: spec.response
        ? { description: 'Success', content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } } }
        : { description: 'Success' },
      '400': { description: 'VALIDATION_FAILED or MALFORMED_JSON', content: { 'application/json': { schema: errorSchema } } },
      '404': { description: 'NOT_FOUND (also another organization\'s id)', content: { 'application/json': { schema: errorSchema } } },
    };
    if (auth !== 'none') responses['401'] = { description: 'UNAUTHORIZED', content: { 'application/json': { schema: errorSchema } } };
    for (const code of spec.errors ?? []) {
      const codeStatus = String(ERROR_STATUS[code] ?? 400);
      responses[codeStatus] ??= { description: code, content: { 'application/json': { schema: errorSchema } } };
      if (!(responses[codeStatus] as { description: string }).description.includes(code)) {
        (responses[codeStatus] as { description: string }).description += ` or ${code}`;
      }
    }
    paths[path] ??= {};
    paths[path]![spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(auth !== 'none' && { security: [{ [auth === 'admin' ? 'adminToken' : 'orgToken']: [] }] }),
      ...(parameters.length && { parameters }),
      ...(spec.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } }),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
        orgToken: { type: 'http', scheme: 'bearer', description: 'The organization\'s API token (the admin token also works)' },
      },
    },
  };
}
