import { assertOwnerOrToken } from './auth.js';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { assertSafeInput, validate } from './validation.js';

/**
 * Routes declared as data: method, path, zod schemas for params, query and
 * body, and the response schema. The same declaration validates requests and
 * feeds the OpenAPI document, so the two cannot drift apart.
 */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  /** Status of a successful answer (default 200). */
  status?: number;
  /** Extra error codes this route documents. */
  errors?: string[];
  /** Changes the shop itself (services, hours, settings, numbers, people): refused to staff accounts (OWNER_ONLY). */
  ownerOnly?: boolean;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

export interface DocumentedRoute {
  spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>;
  fullPath: string;
  auth: 'admin' | 'org' | 'none';
}

export class OpenApiRegistry {
  readonly routes: DocumentedRoute[] = [];
}

export class ApiRouter {
  readonly router = Router({ mergeParams: true });

  constructor(
    readonly registry: OpenApiRegistry,
    readonly prefix: string,
    readonly auth: 'admin' | 'org' | 'none',
    middleware: RequestHandler[] = [],
  ) {
    for (const m of middleware) this.router.use(m);
  }

  route<P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<P, Q, B>,
    handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<unknown>,
  ): this {
    const documented = spec.ownerOnly ? { ...spec, errors: [...(spec.errors ?? []), 'OWNER_ONLY'] } : spec;
    this.registry.routes.push({ spec: documented as unknown as DocumentedRoute['spec'], fullPath: this.prefix + spec.path, auth: this.auth });
    this.router[spec.method](spec.path, async (req, res) => {
      if (spec.ownerOnly) assertOwnerOrToken(res);
      assertSafeInput(req.params, 'params');
      assertSafeInput(req.query, 'query');
      if (spec.body !== undefined) assertSafeInput(req.body, 'body');
      const params = spec.params ? validate(spec.params, req.params, 'params') : req.params;
      const query = spec.query ? validate(spec.query, req.query, 'query') : req.query;
      const needsBody = spec.body !== undefined;
      const body = needsBody ? validate(spec.body!, req.body ?? {}, 'body') : undefined;
      const result = await handler({ params, query, body, req, res } as RouteInput<z.output<P>, z.output<Q>, z.output<B>>);
      if (res.headersSent) return;
      const status = spec.status ?? 200;
      if (result === undefined) res.status(status === 200 ? 204 : status).end();
      else res.status(status).json(result);
    });
    return this;
  }
}
