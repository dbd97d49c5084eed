import { BrokerEncodeError } from './runtime.errors';

/**
 * Turns handler data into the text stored in Redis and back. The codec encodes only the body of
 * a message; the envelope around it (id, time, headers) is the broker's own. Its `name` is written
 * into every envelope it encoded (except for the default `json`), so a consumer configured with
 * another codec reports such messages as undecodable instead of misreading them.
 */
export interface BrokerCodec {
  /** Short, stable name, e.g. `json` or `msgpack-base64`. */
  readonly name: string;
  /** Encodes `data`; throws when it cannot be represented. */
  encode(data: unknown): string;
  /** Decodes a body this codec encoded; throws when the text is not such a body. */
  decode(text: string): unknown;
}

/**
 * The default codec: `JSON.stringify` / `JSON.parse`. `undefined`, functions, symbols, BigInts and
 * cyclic structures cannot be encoded and are rejected before anything is sent; `Date`s arrive as
 * ISO strings (use a pipe or a custom codec to revive them).
 */
export class JsonCodec implements BrokerCodec {
  readonly name = 'json';

  encode(data: unknown): string {
    let text: string | undefined;
    try {
      text = JSON.stringify(data);
    } catch (error) {
      // TypeError: "Converting circular structure to JSON", "Do not know how to serialize a BigInt"
      throw new BrokerEncodeError(
        this.name,
        error instanceof Error ? error.message : String(error),
      );
    }
    if (text === undefined) {
      throw new BrokerEncodeError(this.name, `${typeof data} has no JSON form (send null instead)`);
    }
    return text;
  }

  decode(text: string): unknown {
    return JSON.parse(text);
  }
}
