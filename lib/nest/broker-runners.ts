import { BrokerConfigurationError } from '../core/broker.errors';
import type { DeliveryHandler } from '../runtime/broker-message';
import type { DeliveryRunner, RuntimeDeps } from '../runtime/delivery-runner';
import { QueueWorkerRunner } from '../runtime/queue';
import { StreamConsumerRunner, type StreamOrderBy } from '../runtime/stream';
import { BrokerContext } from './broker.context';
import type {
  QueueHandlerMetadata,
  StreamHandlerMetadata,
} from './decorators/broker-handler.metadata';
import type { StreamConsumerDecoratorOptions } from './decorators/stream-consumer.decorator';

/** A queue or stream handler found on a controller, with its Nest pipeline as a runtime handler. */
export interface StoredRoute {
  readonly metadata: QueueHandlerMetadata | StreamHandlerMetadata;
  readonly handler: DeliveryHandler;
}

/**
 * The runners of an app's `@QueueWorker` and `@StreamConsumer` handlers. One worker per queue and
 * one consumer per stream and group in an app: a second would compete with the first under the
 * same consumer name, so it is refused (raise `concurrency` instead).
 */
export function createRunners(routes: readonly StoredRoute[], deps: RuntimeDeps): DeliveryRunner[] {
  const seen = new Map<string, string>();
  return routes.map(({ metadata, handler }) => {
    const [name] = metadata.names;
    const what =
      metadata.kind === 'queue'
        ? `queue "${name}"`
        : `stream "${name}" group "${metadata.options.group}"`;
    const other = seen.get(what);
    if (other) {
      throw new BrokerConfigurationError(
        `@${metadata.kind === 'queue' ? 'QueueWorker' : 'StreamConsumer'}(${JSON.stringify(name)})`,
        `${other} and ${metadata.label}`,
        `one handler for ${what} per app (raise its concurrency to run more at once)`,
      );
    }
    seen.set(what, metadata.label);
    const label = `${what} (${metadata.label})`;
    if (metadata.kind === 'queue') {
      return new QueueWorkerRunner(deps, {
        queue: name,
        label,
        handler,
        options: metadata.options,
      });
    }
    const { orderBy, ...options } = metadata.options;
    return new StreamConsumerRunner(deps, {
      stream: name,
      label,
      handler,
      options: { ...options, ...(orderBy ? { orderBy: orderKey(orderBy) } : {}) },
    });
  });
}

/** The user's `orderBy(payload, ctx)` as the runtime's `orderBy(message, delivery)`. */
function orderKey(orderBy: NonNullable<StreamConsumerDecoratorOptions['orderBy']>): StreamOrderBy {
  return (message, delivery) => {
    const key = orderBy(message.data, new BrokerContext([delivery, message]));
    return key === undefined ? undefined : String(key);
  };
}
