import { JsonCodec } from '../../lib/runtime/codec';
import { ENVELOPE_FIELD, writeEnvelope } from '../../lib/runtime/envelope';
import { DeadLetterError } from '../../lib/runtime/handler-failure';
import { MessageCodec } from '../../lib/runtime/message-codec';
import { appendToStream, deadLetterStream, StreamDeadLetters } from '../../lib/runtime/stream';
import { describeDelivery } from './delivery-targets';
import { Fleet, gate } from './stream-fixtures';

describeDelivery('stream consumer: failures, retries and dead letters', 'all', (ctx) => {
  const pending = async (stream: string, group: string) =>
    (await ctx().port.xpending(stream, group)).count;

  it('a throw is delivered again after each backoff, with the group delivery count, then dead-lettered and acked', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const delayMs = ctx().manualTime ? 1000 : 30;
    const at: number[] = [];
    const runner = await fleet.consumer(
      s,
      { group: 'billing', maxDeliveries: 3, backoff: { type: 'exponential', delayMs } },
      () => {
        at.push(ctx().clock.now());
        throw new Error('card declined');
      },
    );
    const id = await appendToStream(fleet.deps(), s, { amount: 10 }, { headers: { trace: 't' } });
    await fleet.until(() => fleet.seen.length === 1, 'the first delivery');
    if (ctx().manualTime) {
      await ctx().elapse(delayMs - 1);
      expect(fleet.seen.length).toBe(1); // not before its backoff
    }
    await ctx().elapse(ctx().manualTime ? 1 : delayMs);
    await fleet.until(() => fleet.seen.length === 2, 'the second delivery');
    await ctx().elapse(2 * delayMs);
    await fleet.until(() => fleet.seen.length === 3, 'the third delivery');
    await fleet.until(async () => (await pending(s, 'billing')) === 0, 'the ack');

    expect(fleet.seen.map((x) => x.info.deliveryCount)).toEqual([1, 2, 3]);
    expect(fleet.seen.map((x) => x.info.entryId)).toEqual([id, id, id]);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(delayMs);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(2 * delayMs);
    const [record] = await new StreamDeadLetters(fleet.deps()).list(s);
    expect(record).toMatchObject({
      kind: 'stream',
      name: s,
      messageId: fleet.seen[0].message.id,
      data: { amount: 10 },
      headers: { trace: 't' },
      reason: 'failed',
      error: { name: 'Error', message: 'card declined' },
      attempts: 3,
      group: 'billing',
      consumer: 'instance-a',
      entryId: id,
    });
    expect(record.publishedAt).toEqual(fleet.seen[0].message.publishedAt);
    // The two failures that were retried are warnings; the dead letter is one structured line.
    const warnings = ctx()
      .logs.filter((l) => l.level === 'warn')
      .map((l) => l.message);
    expect(warnings.slice(0, 2)).toEqual([
      expect.stringMatching(
        /\(delivery 1 of 3\): card declined; it is delivered again in \d+ ms\.$/,
      ),
      expect.stringMatching(
        /\(delivery 2 of 3\): card declined; it is delivered again in \d+ ms\.$/,
      ),
    ]);
    expect(warnings.slice(2)).toEqual([
      {
        event: 'dead-letter',
        kind: 'stream',
        stream: s,
        group: 'billing',
        entryId: id,
        messageId: fleet.seen[0].message.id,
        deliveries: 3,
        reason: 'failed',
        error: { name: 'Error', message: 'card declined' },
      },
    ]);
    await fleet.stop();
    expect(runner.stats()).toEqual({
      handled: 0,
      failed: 3,
      retried: 2,
      deadLettered: 1,
      reclaimed: 0,
      inFlight: 0,
    });
  });

  it('a DeadLetterError goes to the dead letter at once, as unrecoverable', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    await fleet.consumer(s, { group: 'billing' }, () => {
      throw new DeadLetterError('no such account');
    });
    await appendToStream(fleet.deps(), s, { account: 'gone' });
    const letters = new StreamDeadLetters(fleet.deps());
    await fleet.until(async () => (await letters.list(s)).length === 1, 'the dead letter');
    await fleet.until(async () => (await pending(s, 'billing')) === 0, 'the ack');
    expect(fleet.seen.length).toBe(1);
    expect((await letters.list(s))[0]).toMatchObject({
      reason: 'unrecoverable',
      attempts: 1,
      error: { name: 'DeadLetterError', message: 'no such account' },
    });
    await fleet.stop();
  });

  it('an undecodable entry goes to the dead letter at once, kept as it was; the handler never sees it', async () => {
    const fleet = new Fleet(ctx());
    const { port } = ctx();
    const s = ctx().name('payments');
    const runner = await fleet.consumer(s, { group: 'billing' });
    const broken = `${ENVELOPE_FIELD}{"id":`;
    const foreign = writeEnvelope({ id: 'm1', t: 5, c: 'msgpack' }, 'body');
    const ids = [
      (await port.xadd(s, '*', [ENVELOPE_FIELD, broken]))!,
      (await port.xadd(s, '*', [ENVELOPE_FIELD, foreign]))!,
    ];
    await appendToStream(fleet.deps(), s, 'fine');
    const letters = new StreamDeadLetters(fleet.deps());
    await fleet.until(async () => (await letters.list(s)).length === 2, 'two dead letters');
    await fleet.until(async () => (await pending(s, 'billing')) === 0, 'the acks');
    expect(fleet.data()).toEqual(['fine']);
    const records = await letters.list(s);
    expect(records.map((r) => [r.entryId, r.reason, r.data, r.raw, r.attempts])).toEqual([
      [ids[0], 'undecodable', undefined, broken, 1],
      [ids[1], 'undecodable', undefined, foreign, 1],
    ]);
    expect(records[0].error.message).toMatch(/the envelope has no body/);
    expect(records[1].error.message).toMatch(/msgpack codec/);
    expect(records[1].messageId).toBe('m1');
    expect(runner.stats()).toMatchObject({ handled: 1, failed: 0, deadLettered: 2 });
    await fleet.stop();
  });

  it('an entry over maxPayloadBytes goes to the dead letter as too-large, envelope or raw', async () => {
    const fleet = new Fleet(ctx());
    const { port, clock } = ctx();
    const s = ctx().name('payments');
    const codec = new MessageCodec(new JsonCodec(), 200, () => clock.now());
    await fleet.consumer(s, { group: 'billing' }, undefined, { deps: { codec } });
    const big = 'x'.repeat(300);
    const envelopeId = await appendToStream(fleet.deps(), s, big);
    const rawId = (await port.xadd(s, '*', ['note', big]))!;
    await appendToStream(fleet.deps(), s, 'small');
    const letters = new StreamDeadLetters({ ...fleet.deps(), codec });
    await fleet.until(async () => (await letters.list(s)).length === 2, 'two dead letters');
    const records = await letters.list(s);
    expect(records.map((r) => [r.entryId, r.reason, r.data])).toEqual([
      [envelopeId, 'too-large', undefined],
      [rawId, 'too-large', undefined],
    ]);
    expect(records[1].raw).toBe(JSON.stringify({ note: big }));
    expect(records[0].error.name).toBe('BrokerPayloadTooLargeError');
    expect(fleet.data()).toEqual(['small']);
    await fleet.stop();
  });

  it('a slow entry does not hold back the others of its group', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const slow = gate();
    await fleet.consumer(s, { group: 'billing', concurrency: 2 }, (seen) =>
      seen.message.data === 'slow' ? slow.promise : undefined,
    );
    for (const data of ['slow', 'a', 'b', 'c']) await appendToStream(fleet.deps(), s, data);
    await fleet.until(() => fleet.seen.length === 4, 'every entry');
    expect(fleet.data()).toEqual(['slow', 'a', 'b', 'c']);
    slow.open();
    await fleet.stop();
  });

  it('a failing entry waits for its retry on a timer, not in a slot: the others go on', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const delayMs = ctx().manualTime ? 60_000 : 50;
    let failures = 0;
    const runner = await fleet.consumer(
      s,
      { group: 'billing', concurrency: 1, backoff: { type: 'fixed', delayMs } },
      (seen) => {
        if (seen.message.data === 'bad' && failures++ === 0) throw new Error('not yet');
      },
    );
    for (const data of ['bad', 'a', 'b']) await appendToStream(fleet.deps(), s, data);
    await fleet.until(() => fleet.seen.length === 3, 'the others, during the backoff');
    expect(fleet.data()).toEqual(['bad', 'a', 'b']);
    expect(await runner.busy()).toMatch(/1 waiting to be retried/);
    await ctx().elapse(delayMs);
    await fleet.until(() => fleet.seen.length === 4, 'the retry');
    expect(fleet.seen[3].info.deliveryCount).toBe(2);
    await fleet.until(async () => (await runner.busy()) === undefined, 'quiet');
    await fleet.stop();
  });

  it('the dead-letter stream shares the stream’s slot', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('{tenant-7}.payments');
    await fleet.consumer(s, { group: 'billing' }, () => {
      throw new DeadLetterError('no');
    });
    await appendToStream(fleet.deps(), s, 1);
    expect(deadLetterStream(s)).toBe(`${s}:dead`);
    await fleet.until(async () => (await ctx().port.xlen(deadLetterStream(s))) === 1, 'dead');
    await fleet.stop();
  });
});
