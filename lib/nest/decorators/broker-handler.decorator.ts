import { UseInterceptors, applyDecorators } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { BROKER_EXTRAS_KEY, BROKER_HANDLER_MARK, BROKER_TRANSPORT } from '../broker.constants';
import { HANDLER_ERROR_RECORDER, recordMethodErrors } from '../handler-errors';
import type { DeliveryKind } from '../../runtime/broker-message';
import type { BrokerHandlerMetadata } from './broker-handler.metadata';

/** A handler's metadata before the decorator knows the method's name. */
type BrokerHandlerSpec = BrokerHandlerMetadata extends infer M
  ? M extends BrokerHandlerMetadata
    ? Omit<M, 'label'>
    : never
  : never;

/** Makes every handler's Nest pattern unique, so two handlers never merge into one. */
let handlerCount = 0;

/** Kinds whose messages are stored (retried, dead-lettered): they need the pipes' errors too. */
const STORED_KINDS: ReadonlySet<DeliveryKind> = new Set(['queue', 'stream']);

/**
 * The one factory behind every broker decorator: an `EventPattern` tagged with the broker's
 * transport, carrying the handler's metadata in its extras, plus the error recorder. The pattern
 * itself is an internal, unique route key — what the handler listens to lives in the metadata.
 */
export function brokerHandler(metadata: BrokerHandlerSpec): MethodDecorator {
  return (target, key, descriptor) => {
    const label = `${target.constructor.name}.${String(key)}`;
    const pattern = { nestjsBroker: metadata.kind, handler: label, n: ++handlerCount };
    const stored = STORED_KINDS.has(metadata.kind);
    // Before EventPattern, so the pattern lands on the wrapper Nest will call.
    if (!stored) recordMethodErrors(target, key, descriptor);
    applyDecorators(
      EventPattern(pattern, BROKER_TRANSPORT, { [BROKER_EXTRAS_KEY]: { ...metadata, label } }),
      ...(stored ? [UseInterceptors(HANDLER_ERROR_RECORDER)] : []),
    )(target, key, descriptor);
    Reflect.defineMetadata(BROKER_HANDLER_MARK, label, descriptor.value as object);
  };
}
