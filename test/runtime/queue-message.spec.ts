import { JsonCodec } from '../../lib/runtime/codec';
import { type DeadLetterInfo, readEnvelope, writeEnvelope } from '../../lib/runtime/envelope';
import { MessageCodec } from '../../lib/runtime/message-codec';
import {
  deadLetterRecord,
  handlerMessage,
  readDeadLetter,
  readElement,
  withFailures,
} from '../../lib/runtime/queue/queue-message';

const NOW = 1_700_000_000_000;
const codec = new MessageCodec(new JsonCodec(), 10_000, () => NOW);
const failed = (reason: DeadLetterInfo['reason'], attempts = 3): DeadLetterInfo => ({
  reason,
  error: { name: 'Error', message: 'boom' },
  attempts,
  failedAt: NOW + 5,
});

describe('queue elements', () => {
  it('count failed attempts in the envelope; a raw payload is wrapped and still reads as the string', () => {
    expect(readElement('hi')).toEqual({ stored: 'hi', content: 'hi', failures: 0 });
    const once = withFailures('hi', 1, NOW) as string;
    expect(readElement(once)).toEqual({ stored: once, content: once, failures: 1 });
    const decoded = codec.decode(once);
    expect(handlerMessage(decoded)).toEqual({
      id: undefined,
      data: 'hi',
      headers: {},
      publishedAt: undefined,
    });
    // The wrapper keeps its id from one retry to the next.
    const twice = withFailures(once, 2, NOW + 1) as string;
    expect(readEnvelope(twice)?.header).toMatchObject({ id: decoded.header?.id, a: 2 });
  });

  it('keep the envelope of a published message, headers and id included', () => {
    const { text, id } = codec.encode({ x: 1 }, { headers: { k: 'v' } });
    const next = withFailures(text, 2, NOW) as string;
    const decoded = codec.decode(next);
    expect(decoded.message).toMatchObject({ id, data: { x: 1 }, headers: { k: 'v' } });
    expect(handlerMessage(decoded)).toBe(decoded.message);
    expect(readElement(next).failures).toBe(2);
  });

  it('a damaged envelope cannot carry a count', () => {
    expect(withFailures('\u001enb1{oops\nbody', 1, NOW)).toBeUndefined();
    expect(readElement('\u001enb1{oops\nbody').failures).toBe(0);
  });

  it('a replayed dead letter starts over: its original message, no failures', () => {
    const { text } = codec.encode('m');
    const record = deadLetterRecord(withFailures(text, 2, NOW) as string, failed('failed'), NOW);
    const element = readElement(record.text);
    expect(element.failures).toBe(0);
    expect(readEnvelope(element.content)?.header).not.toHaveProperty('dl');
    expect(readEnvelope(element.content)?.header).not.toHaveProperty('a');
    expect(codec.decode(element.content).message.data).toBe('m');
  });

  it('an undecodable record holds the text as taken, and a replay hands back exactly that text', () => {
    const damaged = '\u001enb1{oops\nbody';
    const record = deadLetterRecord(damaged, failed('undecodable', 0), NOW);
    expect(readElement(record.text).content).toBe(damaged);
    expect(readDeadLetter('q', record.text, codec.codec)).toMatchObject({
      id: record.id,
      messageId: undefined,
      data: undefined,
      raw: damaged,
      reason: 'undecodable',
      attempts: 0,
      publishedAt: undefined,
      failedAt: new Date(NOW + 5),
    });
  });
});

describe('dead-letter records', () => {
  it('read back the message, its headers and why it failed', () => {
    const { text, id } = codec.encode([1, 2], { headers: { k: 'v' } });
    const record = deadLetterRecord(text, failed('failed'), NOW);
    expect(record.id).toBe(id);
    expect(readDeadLetter('q', record.text, codec.codec)).toEqual({
      id,
      kind: 'queue',
      name: 'q',
      messageId: id,
      data: [1, 2],
      headers: { k: 'v' },
      reason: 'failed',
      error: { name: 'Error', message: 'boom' },
      attempts: 3,
      publishedAt: new Date(NOW),
      failedAt: new Date(NOW + 5),
    });
  });

  it('a body of another codec is listed raw instead of misread', () => {
    const text = writeEnvelope({ id: 'm1', t: NOW, c: 'msgpack' }, 'AAEC');
    const record = deadLetterRecord(text, failed('failed'), NOW);
    expect(readDeadLetter('q', record.text, codec.codec)).toMatchObject({
      data: undefined,
      raw: 'AAEC',
    });
  });

  it('elements that are no records are not listed', () => {
    expect(readDeadLetter('q', 'junk', codec.codec)).toBeUndefined();
    expect(readDeadLetter('q', codec.encode(1).text, codec.codec)).toBeUndefined();
  });
});
