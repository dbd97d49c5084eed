import type { WritePacket } from '@nestjs/microservices';
import { summarizeError } from '../runtime/error-summary';
import type { MessageCodec } from '../runtime/message-codec';
import { BrokerEncodeError } from '../runtime/runtime.errors';
import { REPLY_CHANNEL_PREFIX, REQUEST_CHANNEL_PREFIX } from './broker.constants';

/**
 * Request–reply over pub/sub. `BrokerClient.send(pattern, data)` publishes an envelope to
 * `nb:rpc:<pattern>` whose id is the request id and whose `rt` names the client's reply channel;
 * a server with a `@MessagePattern(pattern)` handler publishes one reply packet per value of the
 * handler's result there, the last marked `isDisposed`. Every server instance subscribed answers;
 * the client follows the first instance to reply and ignores the others.
 */

/** The channel requests for `pattern` (as Nest normalises it) travel on. */
export function requestChannel(pattern: string): string {
  return `${REQUEST_CHANNEL_PREFIX}${pattern}`;
}

/** The reply channel of the client with this id. */
export function replyChannel(clientId: string): string {
  return `${REPLY_CHANNEL_PREFIX}${clientId}`;
}

/** A reply as it travels: Nest's `WritePacket` plus the request id. */
export interface ReplyPacket extends WritePacket {
  readonly id: string;
  /** The answering server instance (its consumer name). */
  readonly responder: string;
}

/** Encodes a reply; one the codec cannot encode becomes an error reply saying so. */
export function encodeReply(codec: MessageCodec, packet: ReplyPacket): string {
  const plain: ReplyPacket =
    packet.err instanceof Error ? { ...packet, err: errorBody(packet.err) } : packet;
  try {
    return codec.encode(plain).text;
  } catch (error) {
    const reason =
      error instanceof BrokerEncodeError ? error.message : summarizeError(error).message;
    const failure = (message: string): string =>
      codec.encode({
        id: packet.id,
        responder: packet.responder,
        err: { status: 'error', message },
        isDisposed: true,
      } satisfies ReplyPacket).text;
    try {
      return failure(reason);
    } catch {
      // Even the explanation is over a tiny maxPayloadBytes: the shortest error that says why.
      return failure('The reply could not be sent: it is over maxPayloadBytes.');
    }
  }
}

/** Reads a reply packet; undefined when the text is not one. */
export function decodeReply(codec: MessageCodec, text: string): ReplyPacket | undefined {
  const data = codec.decode(text).message.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const packet = data as Partial<ReplyPacket>;
  return typeof packet.id === 'string' && typeof packet.responder === 'string'
    ? (packet as ReplyPacket)
    : undefined;
}

function errorBody(error: Error): { status: 'error'; name: string; message: string } {
  return { status: 'error', name: error.name, message: error.message };
}
