import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  type NestInterceptor,
} from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { type Observable, catchError, throwError } from 'rxjs';

/** What a handler really threw, keyed by the message's context object. */
const thrown = new WeakMap<object, unknown>();

/**
 * Nest hands a transport only a serialised error (`Internal server error` for any plain `Error`).
 * The broker's decorators put this interceptor next to the handler, where it sees what the pipes
 * and the method threw, keeps it for the server (retry decisions, dead letters, logs) and lets it
 * travel on unchanged, so the app's own interceptors and exception filters still apply.
 */
export class HandlerErrorRecorder implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const key: unknown = context.switchToRpc().getContext();
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (typeof key === 'object' && key !== null) thrown.set(key, error);
        return throwError(() => error);
      }),
    );
  }
}

/** One recorder serves every handler: it keeps nothing but the weak map. */
export const HANDLER_ERROR_RECORDER = new HandlerErrorRecorder();

/** What the handler of `context` threw, when the recorder saw it; forgets it. */
export function takeHandlerError(context: object): unknown {
  const error = thrown.get(context);
  thrown.delete(context);
  return error;
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
  else return error;
  const described = new Error(detailText(detail) ?? error.message, { cause: error });
  described.name = error.name;
  if (error.stack) described.stack = error.stack;
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
