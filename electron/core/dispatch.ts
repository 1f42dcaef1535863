/**
 * Method name -> handler, with params validated at the boundary. `dispatch` never throws: every failure
 * becomes a typed error response, so a bad request from any transport cannot crash the host.
 */
import type { z } from 'zod';
import { methods, type MethodName, type Response, type Result } from './api.js';
import { ApiError } from './errors.js';

type ParsedParams<M extends MethodName> = z.output<(typeof methods)[M]['params']>;
export type Handler<M extends MethodName, C> = (params: ParsedParams<M>, ctx: C) => Promise<Result<M>> | Result<M>;
export type Handlers<C> = { [M in MethodName]: Handler<M, C> };
export type Dispatch<C> = (ctx: C, method: unknown, params: unknown) => Promise<Response>;

function isMethodName(method: unknown): method is MethodName {
  return typeof method === 'string' && Object.prototype.hasOwnProperty.call(methods, method);
}

/** Formats zod issues as "path: reason" lines a developer can act on. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(params)'}: ${issue.message}`)
    .join('; ');
}

export function createDispatcher<C>(handlers: Handlers<C>, onInternalError?: (err: unknown) => void): Dispatch<C> {
  return async (ctx, method, params) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `unknown method ${JSON.stringify(method)}` } };
    }
    const parsed = methods[method].params.safeParse(params ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'bad_request', message: `${method}: invalid params: ${describeIssues(parsed.error)}` },
      };
    }
    try {
      const handler = handlers[method] as Handler<typeof method, C>;
      const result = await handler(parsed.data as never, ctx);
      return { ok: true, result };
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, error: err.toBody() };
      onInternalError?.(err);
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'internal', message: `${method} failed: ${message}` } };
    }
  };
}
