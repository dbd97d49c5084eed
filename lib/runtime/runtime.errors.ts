import { BrokerError } from '../core/broker.errors';

/** Data given to the publisher (or returned by a request handler) cannot be encoded; nothing was sent. */
export class BrokerEncodeError extends BrokerError {
  constructor(
    /** The codec that refused it. */
    readonly codec: string,
    /** What the codec said. */
    readonly reason: string,
  ) {
    super(
      `Cannot encode the message with the ${codec} codec: ${reason}. Send plain data ` +
        `(objects, arrays, strings, numbers, booleans, null) or configure a codec that handles it.`,
    );
  }
}

/** A message taken from Redis is not something this app can decode. */
export class BrokerDecodeError extends BrokerError {
  constructor(
    /** Why, in a few words. */
    readonly reason: string,
  ) {
    super(`Cannot decode the message: ${reason}.`);
  }
}

/** A message is larger than the module's `maxPayloadBytes`. */
export class BrokerPayloadTooLargeError extends BrokerError {
  constructor(
    /** Size of the encoded message in bytes (UTF-8). */
    readonly bytes: number,
    /** The limit, `maxPayloadBytes`. */
    readonly limit: number,
  ) {
    super(
      `The message is ${bytes} bytes, over the limit of ${limit} bytes (maxPayloadBytes). Send ` +
        `less data per message (store large blobs elsewhere and send a reference) or raise ` +
        `maxPayloadBytes in BrokerModule.forRoot().`,
    );
  }
}

/** A request sent with `BrokerClient.send()` got no reply in time. */
export class BrokerRequestTimeoutError extends BrokerError {
  constructor(
    /** The request pattern, as normalised by Nest. */
    readonly pattern: string,
    /** The timeout that passed, in ms. */
    readonly timeoutMs: number,
  ) {
    super(
      `No reply to request "${pattern}" within ${timeoutMs} ms. Check that an app with a ` +
        `@MessagePattern handler for it is running and connected to the same broker, or raise ` +
        `requestTimeoutMs.`,
    );
    // Lets `catchError(e => e.name === 'TimeoutError')` written for rxjs's timeout() work too.
    this.name = 'TimeoutError';
  }
}

/** `BrokerClient.send()` found no app subscribed to the request's pattern (standalone servers only). */
export class BrokerNoResponderError extends BrokerError {
  constructor(
    /** The request pattern, as normalised by Nest. */
    readonly pattern: string,
  ) {
    super(
      `No app is subscribed to requests for "${pattern}". Start an app with a ` +
        `@MessagePattern(${JSON.stringify(pattern)}) handler on the same broker and connect its ` +
        `BrokerServer (connectMicroservice / createMicroservice).`,
    );
  }
}
