import { BrokerConfigurationError } from '../../lib/core/broker.errors';
import type { BrokerCodec } from '../../lib/runtime/codec';
import { JsonCodec } from '../../lib/runtime/codec';
import { ENVELOPE_MARKER, readEnvelope, writeEnvelope } from '../../lib/runtime/envelope';
import { MessageCodec } from '../../lib/runtime/message-codec';
import {
  BrokerDecodeError,
  BrokerEncodeError,
  BrokerPayloadTooLargeError,
} from '../../lib/runtime/runtime.errors';

const codec = (max = 1024 * 1024, now = () => 1_700_000_000_000) =>
  new MessageCodec(new JsonCodec(), max, now);

describe('envelopes', () => {
  it('round-trips data with id, time and headers', () => {
    const { text, id } = codec().encode({ a: 1 }, { headers: { traceparent: 'tp' } });
    const { message, body } = codec().decode(text);
    expect(message).toEqual({
      id,
      data: { a: 1 },
      headers: { traceparent: 'tp' },
      publishedAt: new Date(1_700_000_000_000),
    });
    expect(body).toBe('{"a":1}');
  });

  it('keeps an id given by the caller and the reply channel of a request', () => {
    const { text } = codec().encode(1, { id: 'req-1', replyTo: 'nb:rpc-reply:c' });
    expect(codec().decode(text).message).toMatchObject({ id: 'req-1', replyTo: 'nb:rpc-reply:c' });
  });

  it.each(['hello', '{"id":"x","t":1}', '', '\u001e', `${ENVELOPE_MARKER.slice(0, 3)}{}`])(
    'text without the marker is a raw payload, taken as it is: %j',
    (raw) => {
      expect(codec().decode(raw).message).toEqual({
        id: undefined,
        data: raw,
        headers: {},
        publishedAt: undefined,
      });
    },
  );

  it.each([
    [`${ENVELOPE_MARKER}{"id":"x","t":1}`, 'no body'],
    [`${ENVELOPE_MARKER}{nope\n1`, 'not JSON'],
    [`${ENVELOPE_MARKER}[1]\n1`, 'not an object'],
    [`${ENVELOPE_MARKER}{"t":1}\n1`, 'no id'],
    [`${ENVELOPE_MARKER}{"id":"x"}\n1`, 'no time'],
    [`${ENVELOPE_MARKER}{"id":"x","t":1,"h":{"a":1}}\n1`, 'headers are not strings'],
    [`${ENVELOPE_MARKER}{"id":"x","t":1}\n{bad`, 'rejected the body'],
    [`${ENVELOPE_MARKER}{"id":"x","t":1,"c":"msgpack"}\n1`, 'msgpack codec'],
  ])('a damaged envelope is a BrokerDecodeError, not a raw payload: %j', (text, reason) => {
    expect(() => codec().decode(text)).toThrow(BrokerDecodeError);
    expect(() => codec().decode(text)).toThrow(reason);
  });

  it('a raw body kept in an envelope comes back as it was', () => {
    const text = writeEnvelope({ id: 'x', t: 1, raw: 'string' }, '{"looks":"json"}');
    expect(codec().decode(text).message.data).toBe('{"looks":"json"}');
    const fields = writeEnvelope({ id: 'y', t: 1, raw: 'fields' }, '{"amount":"10"}');
    expect(codec().decode(fields).message.data).toEqual({ amount: '10' });
  });

  it('readEnvelope splits at the first newline: bodies may hold newlines', () => {
    const text = writeEnvelope({ id: 'x', t: 1 }, '"a\\nb"\n');
    expect(readEnvelope(text)).toEqual({ header: { id: 'x', t: 1 }, body: '"a\\nb"\n' });
  });
});

describe('encoding errors and limits', () => {
  it.each([
    [
      'a cycle',
      (() => {
        const o: Record<string, unknown> = {};
        o.o = o;
        return o;
      })(),
    ],
    ['a BigInt', { n: 1n }],
    ['undefined', undefined],
    ['a function', () => 1],
  ])('the JSON codec refuses %s with a BrokerEncodeError', (_what, data) => {
    expect(() => codec().encode(data)).toThrow(BrokerEncodeError);
  });

  it('counts UTF-8 bytes of the whole envelope against maxPayloadBytes, both ways', () => {
    const small = codec(10_000).encode('x').text;
    const limit = Buffer.byteLength(small, 'utf8');
    expect(() => codec(limit).decode(small)).not.toThrow();
    expect(() => codec(limit - 1).decode(small)).toThrow(BrokerPayloadTooLargeError);
    // 'é' is two bytes: 60 of them are 120 bytes although the string is 60 characters long.
    expect(() => codec(100).encode('é'.repeat(60))).toThrow(BrokerPayloadTooLargeError);
    expect(() => codec(100).decode('é'.repeat(60))).toThrow(BrokerPayloadTooLargeError);
  });

  it('headers must be strings', () => {
    expect(() => codec().encode(1, { headers: { n: 2 as unknown as string } })).toThrow(
      BrokerConfigurationError,
    );
  });

  it('a custom codec names itself in the envelope', () => {
    const upper: BrokerCodec = {
      name: 'upper',
      encode: (data) => String(data).toUpperCase(),
      decode: (text) => text.toLowerCase(),
    };
    const custom = new MessageCodec(upper, 1000);
    const { text } = custom.encode('hello');
    expect(readEnvelope(text)!.header.c).toBe('upper');
    expect(custom.decode(text).message.data).toBe('hello');
    expect(() => codec().decode(text)).toThrow(
      /encoded with the upper codec and this app decodes json/,
    );
  });
});
