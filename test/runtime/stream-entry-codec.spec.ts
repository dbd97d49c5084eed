import { JsonCodec } from '../../lib/runtime/codec';
import { type DeadLetterInfo, ENVELOPE_FIELD, readEnvelope } from '../../lib/runtime/envelope';
import { MessageCodec } from '../../lib/runtime/message-codec';
import {
  deadLetterText,
  readDeadLetter,
  replayFields,
} from '../../lib/runtime/stream/stream-dead-letter.record';
import { decodeEntry, entryPayload } from '../../lib/runtime/stream/stream-entry.codec';
import { compareStreamIds, isStreamId, streamIdTime } from '../../lib/runtime/stream/stream-id';

const codec = new MessageCodec(new JsonCodec(), 1000, () => 42);
const info = (reason: DeadLetterInfo['reason']): DeadLetterInfo => ({
  reason,
  error: { name: 'Error', message: 'boom' },
  attempts: 3,
  failedAt: 99,
  group: 'billing',
  consumer: 'c1',
  entryId: '7-1',
});
/** The dead-letter entry written for `entry`, as it would be read back. */
const record = (fields: string[], reason: DeadLetterInfo['reason'] = 'failed') => {
  const entry = { id: '7-1', fields };
  let decoded;
  try {
    decoded = decodeEntry(codec, entry);
  } catch {
    decoded = undefined;
  }
  return { id: '9-0', fields: [ENVELOPE_FIELD, deadLetterText(entry, decoded, info(reason))] };
};

describe('stream entries as messages', () => {
  it('an envelope entry decodes to its message; a raw one to its fields', () => {
    const { text, id } = codec.encode({ a: 1 }, { headers: { h: 'v' } });
    expect(decodeEntry(codec, { id: '5-0', fields: [ENVELOPE_FIELD, text] }).message).toEqual({
      id,
      data: { a: 1 },
      headers: { h: 'v' },
      publishedAt: new Date(42),
    });
    const raw = decodeEntry(codec, { id: '1700-3', fields: ['a', '1', 'b', '2', 'a', '3'] });
    expect(raw.message).toEqual({
      id: undefined,
      data: { a: '3', b: '2' },
      headers: {},
      publishedAt: new Date(1700),
    });
    expect(entryPayload({ id: '1-0', fields: ['x', 'y'] })).toEqual({
      kind: 'fields',
      fields: { x: 'y' },
      text: '{"x":"y"}',
    });
  });

  it('a raw entry over the size limit is refused like an envelope', () => {
    expect(() => decodeEntry(codec, { id: '1-0', fields: ['x', 'y'.repeat(2000)] })).toThrow(
      /over the limit of 1000 bytes/,
    );
  });

  it('stream ids compare by time then sequence, as numbers', () => {
    expect(compareStreamIds('10-0', '9-5')).toBe(1);
    expect(compareStreamIds('9-10', '9-9')).toBe(1);
    expect(compareStreamIds('9-9', '9-9')).toBe(0);
    expect(compareStreamIds('18446744073709551615-0', '18446744073709551614-99')).toBe(1);
    expect(streamIdTime('1700-3')).toBe(1700);
    expect(['0', '$', '1-1', '12', 'a-1', '1-'].map(isStreamId)).toEqual([
      true,
      false,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('stream dead-letter records', () => {
  it('keep an envelope entry with its header and body, and replay it for the group', () => {
    const { text, id } = codec.encode('pay', { headers: { h: 'v' } });
    const dead = record([ENVELOPE_FIELD, text]);
    expect(readDeadLetter(codec, 'payments', dead)).toEqual({
      id: '9-0',
      kind: 'stream',
      name: 'payments',
      messageId: id,
      data: 'pay',
      headers: { h: 'v' },
      reason: 'failed',
      error: { name: 'Error', message: 'boom' },
      attempts: 3,
      publishedAt: new Date(42),
      failedAt: new Date(99),
      group: 'billing',
      consumer: 'c1',
      entryId: '7-1',
    });
    const [field, replayed] = replayFields(dead) ?? [];
    expect(field).toBe(ENVELOPE_FIELD);
    expect(readEnvelope(replayed)?.header).toEqual({ id, t: 42, h: { h: 'v' }, rg: 'billing' });
    expect(codec.decode(replayed).message.data).toBe('pay');
  });

  it('keep a raw entry as its fields, named by its entry id', () => {
    const dead = record(['amount', '10']);
    expect(readDeadLetter(codec, 's', dead)).toMatchObject({
      messageId: undefined,
      data: { amount: '10' },
      publishedAt: new Date(7),
    });
    const replayed = replayFields(dead)?.[1] ?? '';
    expect(readEnvelope(replayed)?.header).toMatchObject({
      id: '7-1',
      raw: 'fields',
      rg: 'billing',
    });
    expect(codec.decode(replayed).message.data).toEqual({ amount: '10' });
  });

  it('keep an unreadable entry verbatim, and replay it as it was', () => {
    const broken = `${ENVELOPE_FIELD}{"id":"m1","t":5}\n{not json`;
    const dead = record([ENVELOPE_FIELD, broken], 'undecodable');
    expect(readDeadLetter(codec, 's', dead)).toMatchObject({
      messageId: 'm1',
      data: undefined,
      raw: broken,
      reason: 'undecodable',
      publishedAt: new Date(5),
    });
    expect(replayFields(dead)).toEqual([ENVELOPE_FIELD, broken]);
  });

  it('are not made of anything else', () => {
    expect(readDeadLetter(codec, 's', { id: '1-0', fields: ['a', 'b'] })).toBeUndefined();
    const plain = { id: '1-0', fields: [ENVELOPE_FIELD, codec.encode(1).text] };
    expect(readDeadLetter(codec, 's', plain)).toBeUndefined();
    expect(replayFields(plain)).toBeUndefined();
  });
});
