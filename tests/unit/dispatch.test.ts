import { describe, expect, it, vi } from 'vitest';
import { methods } from '../../electron/core/api.js';
import { createDispatcher, type Handlers } from '../../electron/core/dispatch.js';
import { ApiError } from '../../electron/core/errors.js';
import { handlers as appHandlers } from '../../electron/core/handlers.js';

interface Ctx {
  user: string;
  calls: unknown[];
}

function setup() {
  const onInternalError = vi.fn();
  const handlers = {
    'app.info': (_params: unknown, ctx: Ctx) => {
      ctx.calls.push(['app.info']);
      return { name: `hello ${ctx.user}`, version: '1', platform: 'test', dataDir: '/d', python: null };
    },
    'lessons.get': ({ lessonId }: { lessonId: string }, ctx: Ctx) => {
      ctx.calls.push(['lessons.get', lessonId]);
      if (lessonId === 'missing') throw new ApiError('not_found', `no lesson "${lessonId}"`);
      if (lessonId === 'boom') throw new Error('disk on fire');
      if (lessonId === 'string-throw') throw 'a bare string';
      return { lesson: { id: lessonId, title: 'T', exercises: [] }, markdown: '# hi' };
    },
    'terminal.resize': async ({ id, cols, rows }: { id: string; cols: number; rows: number }, ctx: Ctx) => {
      ctx.calls.push(['terminal.resize', id, cols, rows]);
      return null;
    },
  } as unknown as Handlers<Ctx>;
  const dispatch = createDispatcher(handlers, onInternalError);
  const ctx: Ctx = { user: 'ada', calls: [] };
  return { dispatch, ctx, onInternalError };
}

describe('createDispatcher', () => {
  it('returns the handler result for a valid call and passes the context', async () => {
    const { dispatch, ctx } = setup();
    const res = await dispatch(ctx, 'app.info', {});
    expect(res).toEqual({
      ok: true,
      result: { name: 'hello ada', version: '1', platform: 'test', dataDir: '/d', python: null },
    });
    expect(ctx.calls).toEqual([['app.info']]);
  });

  it('passes parsed params to the handler (async handler too)', async () => {
    const { dispatch, ctx } = setup();
    const res = await dispatch(ctx, 'terminal.resize', { id: 't1', cols: 80, rows: 24 });
    expect(res).toEqual({ ok: true, result: null });
    expect(ctx.calls).toEqual([['terminal.resize', 't1', 80, 24]]);
  });

  it('treats missing params of a no-params method as {}', async () => {
    const { dispatch, ctx } = setup();
    expect((await dispatch(ctx, 'app.info', undefined)).ok).toBe(true);
    expect((await dispatch(ctx, 'app.info', null)).ok).toBe(true);
  });

  it.each([['no.such.method'], ['app'], [''], ['APP.INFO']])('refuses the unknown method %j', async (method) => {
    const { dispatch, ctx } = setup();
    const res = await dispatch(ctx, method, {});
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('unknown_method');
      expect(res.error.message).toContain(JSON.stringify(method));
    }
    expect(ctx.calls).toEqual([]);
  });

  it.each([
    ['a number', 42],
    ['__proto__', '__proto__'],
    ['toString', 'toString'],
    ['constructor', 'constructor'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['null', null],
    ['undefined', undefined],
    ['an object', { method: 'app.info' }],
    ['an array', ['app.info']],
  ])('answers unknown_method (never throws) for %s', async (_label, method) => {
    const { dispatch, ctx, onInternalError } = setup();
    const res = await dispatch(ctx, method, {});
    expect(res).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(onInternalError).not.toHaveBeenCalled();
  });

  it('refuses params of the wrong type with bad_request naming the field', async () => {
    const { dispatch, ctx } = setup();
    const res = await dispatch(ctx, 'lessons.get', { lessonId: 42 });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!res.ok) {
      expect(res.error.message).toContain('lessons.get');
      expect(res.error.message).toContain('lessonId');
    }
    expect(ctx.calls).toEqual([]);
  });

  it('refuses a value that breaks a constraint (id regex, integer range)', async () => {
    const { dispatch, ctx } = setup();
    const badId = await dispatch(ctx, 'lessons.get', { lessonId: '../etc' });
    expect(badId).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!badId.ok) expect(badId.error.message).toContain('lessonId');

    const badRows = await dispatch(ctx, 'terminal.resize', { id: 't', cols: 80, rows: 2.5 });
    expect(badRows).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!badRows.ok) {
      expect(badRows.error.message).toContain('rows');
      expect(badRows.error.message).not.toMatch(/\bcols\b/);
    }
    expect(ctx.calls).toEqual([]);
  });

  it('refuses extra keys (schemas are strict) naming the key', async () => {
    const { dispatch, ctx } = setup();
    const res = await dispatch(ctx, 'lessons.get', { lessonId: 'x', sneaky: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!res.ok) expect(res.error.message).toContain('sneaky');

    const noParams = await dispatch(ctx, 'app.info', { extra: 1 });
    expect(noParams).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!noParams.ok) expect(noParams.error.message).toContain('extra');
    expect(ctx.calls).toEqual([]);
  });

  it('refuses missing params naming the missing field', async () => {
    const { dispatch, ctx } = setup();
    for (const params of [undefined, {}]) {
      const res = await dispatch(ctx, 'lessons.get', params);
      expect(res).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      if (!res.ok) expect(res.error.message).toContain('lessonId');
    }
    const partial = await dispatch(ctx, 'terminal.resize', { id: 't', cols: 80 });
    expect(partial).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!partial.ok) expect(partial.error.message).toContain('rows');
    expect(ctx.calls).toEqual([]);
  });

  it.each([['a string', 'params'], ['a number', 7], ['an array', [1, 2]], ['true', true]])(
    'refuses params that are %s',
    async (_label, params) => {
      const { dispatch, ctx } = setup();
      const res = await dispatch(ctx, 'lessons.get', params);
      expect(res).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    },
  );

  it('returns an ApiError thrown by the handler with its code and message', async () => {
    const { dispatch, ctx, onInternalError } = setup();
    const res = await dispatch(ctx, 'lessons.get', { lessonId: 'missing' });
    expect(res).toEqual({ ok: false, error: { code: 'not_found', message: 'no lesson "missing"' } });
    expect(onInternalError).not.toHaveBeenCalled();
  });

  it('turns a plain Error into internal and reports it to onInternalError', async () => {
    const { dispatch, ctx, onInternalError } = setup();
    const res = await dispatch(ctx, 'lessons.get', { lessonId: 'boom' });
    expect(res).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!res.ok) {
      expect(res.error.message).toContain('lessons.get');
      expect(res.error.message).toContain('disk on fire');
    }
    expect(onInternalError).toHaveBeenCalledTimes(1);
    const reported = onInternalError.mock.calls[0]![0] as Error;
    expect(reported).toBeInstanceOf(Error);
    expect(reported.message).toBe('disk on fire');
  });

  it('turns a thrown non-Error into internal too', async () => {
    const { dispatch, ctx, onInternalError } = setup();
    const res = await dispatch(ctx, 'lessons.get', { lessonId: 'string-throw' });
    expect(res).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!res.ok) expect(res.error.message).toContain('a bare string');
    expect(onInternalError).toHaveBeenCalledWith('a bare string');
  });

  it('works without an onInternalError callback', async () => {
    const handlers = {
      'app.info': () => {
        throw new Error('nope');
      },
    } as unknown as Handlers<null>;
    const res = await createDispatcher(handlers)(null, 'app.info', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('the app handlers map', () => {
  it('has exactly one handler for every method of the API', () => {
    expect(Object.keys(appHandlers).sort()).toEqual(Object.keys(methods).sort());
    for (const name of Object.keys(methods)) {
      expect(typeof (appHandlers as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
