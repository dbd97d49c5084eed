import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  type NestInterceptor,
} from '@nestjs/common';
import { Ctx, Payload, RpcException } from '@nestjs/microservices';
import { type Observable, catchError, throwError } from 'rxjs';

/**
 * Nest hands a transport only a serialised error (`Internal server error` for any plain `Error`).
 * To log, retry and dead-letter with the real reason, the broker's decorators record what a
 * handler threw, keyed by the message's context object, in one of two ways:
 * - stored messages (queues, streams): an interceptor next to the handler sees what the pipes and
 *   the method threw (a ValidationPipe's constraints decide "do not retry");
 * - pub/sub: a wrapper around the method sees what the method threw. Any interceptor makes Nest
 *   run every call through an rxjs pipeline (measured 5x slower on the in-process backend), and
 *   AsyncLocalStorage slows every promise on Node 20: both too high a price for fire-and-forget
 *   messages. The wrapper finds the message's context among the method's arguments instead.
 * Either way the error travels on unchanged, so the app's interceptors and filters still apply.
 */
const thrown = new WeakMap<object, unknown>();

function record(context: unknown, error: unknown): void {
  if (typeof context === 'object' && context !== null) thrown.set(context, error);
}

/** What the handler of `context` threw, when it was recorded; forgets it. */
export function takeHandlerError(context: object): unknown {
  const error = thrown.get(context);
  thrown.delete(context);
  return error;
}

/** The interceptor for stored messages (see above). */
export class HandlerErrorRecorder implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const key: unknown = context.switchToRpc().getContext();
    return next.handle().pipe(
      catchError((error: unknown) => {
        record(key, error);
        return throwError(() => error);
      }),
    );
  }
}

/** One recorder serves every handler: it keeps nothing itself. */
export const HANDLER_ERROR_RECORDER = new HandlerErrorRecorder();

/** Nest's ROUTE_ARGS_METADATA (param decorators of a method); the same key in Nest 11 and 12. */
const ROUTE_ARGS = '__routeArguments__';

/**
 * The method wrapper for pub/sub handlers (see above): replaces `descriptor.value`, carrying over
 * the metadata decorators below it already stored on the method (guards, pipes, filters). Nest
 * passes a method only what its param decorators ask for (the payload alone when it has none), so
 * an extra `@Ctx()` after the last one hands the wrapper the context, and the wrapper calls the
 * method without it.
 */
export function recordMethodErrors(
  target: object,
  key: string | symbol,
  descriptor: PropertyDescriptor,
): void {
  const declared = Reflect.getMetadata(ROUTE_ARGS, target.constructor, key) as
    Record<string, { index: number }> | undefined;
  const indexes = Object.values(declared ?? {}).map((param) => param.index);
  // Without param decorators Nest passes the payload alone; spelled out, that is @Payload() at 0.
  if (indexes.length === 0) Payload()(target, key, 0);
  const contextAt = indexes.length > 0 ? Math.max(...indexes) + 1 : 1;
  Ctx()(target, key, contextAt);
  const method = descriptor.value as (...args: unknown[]) => unknown;
  const recorded = function (this: unknown, ...args: unknown[]): unknown {
    const context = args[contextAt];
    try {
      const result = method.apply(this, args.slice(0, contextAt));
      if (context && result instanceof Promise) {
        return result.catch((error: unknown) => {
          record(context, error);
          throw error;
        });
      }
      return result;
    } catch (error) {
      record(context, error);
      throw error;
    }
  };
  for (const metadataKey of Reflect.getOwnMetadataKeys(method)) {
    Reflect.defineMetadata(metadataKey, Reflect.getOwnMetadata(metadataKey, method), recorded);
  }
  Object.defineProperty(recorded, 'name', { value: method.name });
  descriptor.value = recorded;
}

/**
 * A handler's failure as an `Error` saying what happened: an `RpcException`'s payload, an
 * `HttpException`'s response (a `ValidationPipe`'s list of constraints), or the error itself. The
 * original stays as `cause`; name and stack are the original's, for logs and dead-letter records.
 */
export function describeHandlerError(error: unknown): unknown {
  let detail: unknown;
  if (error instanceof RpcException) detail = error.getError();
  else if (error instanceof HttpException) detail = error.getResponse();
  else if (isNestUnknownError(error)) return new Error(OUTSIDE_THE_METHOD);
  else return error;
  const described = new Error(detailText(detail) ?? error.message, { cause: error });
  described.name = error.name;
  if (error.stack) described.stack = error.stack;
  // A rejected payload (what ValidationPipe throws) will be rejected again: no retry.
  if (error instanceof HttpException && REJECTED_INPUT.has(error.getStatus())) {
    return Object.assign(described, { retryable: false });
  }
  return described;
}

function detailText(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail;
  if (typeof detail !== 'object' || detail === null) return undefined;
  const { message } = detail as { message?: unknown };
  if (Array.isArray(message)) return message.map(String).join('; ');
  try {
    return JSON.stringify(detail);
  } catch {
    return undefined;
  }
}

/** HTTP statuses that mean "this input is wrong": 400 Bad Request, 422 Unprocessable Entity. */
const REJECTED_INPUT: ReadonlySet<number> = new Set([400, 422]);

/** What Nest hands over for an error it does not know (any plain `Error`, an HttpException). */
function isNestUnknownError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { status, message } = error as { status?: unknown; message?: unknown };
  return status === 'error' && message === 'Internal server error';
}

const OUTSIDE_THE_METHOD =
  'Internal server error, thrown outside the handler method (by a pipe or an interceptor; Nest ' +
  'does not say which). A ValidationPipe given exceptionFactory: (errors) => new ' +
  'RpcException(...) reports its reasons here.';
