import type { BrokerMessage } from '../../lib/runtime/broker-message';
import { appendToStream, StreamDeadLetters } from '../../lib/runtime/stream';
import { describeDelivery } from './delivery-targets';
import { Fleet } from './stream-fixtures';

interface Payment {
  readonly account: string;
  readonly n: number;
}

const byAccount = (message: BrokerMessage) => (message.data as Payment).account;

describeDelivery('stream consumer: orderBy', 'all', (ctx) => {
  /** Handlers that wait until the test lets them finish, one by one. */
  function held(fleet: Fleet) {
    const release = new Map<string, () => void>();
    const started = () => fleet.seen.map((x) => label(x.message.data as Payment));
    const behaviour = (seen: { message: BrokerMessage }) =>
      new Promise<void>((resolve) => release.set(label(seen.message.data as Payment), resolve));
    return { release, started, behaviour };
  }
  const label = (p: Payment) => `${p.account}${p.n}`;

  it('one key at a time, in stream order; other keys in parallel', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const h = held(fleet);
    await fleet.consumer(s, { group: 'billing', concurrency: 4, orderBy: byAccount }, h.behaviour);
    for (const [account, n] of [
      ['A', 1],
      ['A', 2],
      ['B', 1],
      ['A', 3],
      ['B', 2],
      ['C', 1],
    ] as const) {
      await appendToStream(fleet.deps(), s, { account, n });
    }
    await fleet.until(() => h.started().length === 3, 'the head of each key');
    expect(h.started()).toEqual(['A1', 'B1', 'C1']);
    h.release.get('A1')?.();
    await fleet.until(() => h.started().length === 4, 'A2');
    expect(h.started()[3]).toBe('A2');
    h.release.get('B1')?.();
    h.release.get('A2')?.();
    await fleet.until(() => h.started().length === 6, 'B2 and A3');
    expect(h.started().slice(4).sort()).toEqual(['A3', 'B2']);
    for (const name of ['A3', 'B2', 'C1']) h.release.get(name)?.();
    await fleet.stop();
  });

  it("a key's later entries wait while an earlier one is retried; other keys go on", async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const delayMs = ctx().manualTime ? 5000 : 40;
    let failed = false;
    const runner = await fleet.consumer(
      s,
      { group: 'billing', concurrency: 2, orderBy: byAccount, backoff: { delayMs } },
      (seen) => {
        const p = seen.message.data as Payment;
        if (label(p) === 'A1' && !failed) {
          failed = true;
          throw new Error('retry me');
        }
      },
    );
    for (const [account, n] of [
      ['A', 1],
      ['A', 2],
      ['B', 1],
      ['B', 2],
    ] as const) {
      await appendToStream(fleet.deps(), s, { account, n });
    }
    const order = () => fleet.seen.map((x) => label(x.message.data as Payment));
    await fleet.until(() => order().includes('B2'), 'key B meanwhile');
    expect(order()).not.toContain('A2');
    await ctx().elapse(delayMs);
    await fleet.until(() => order().length === 5, 'A1 again, then A2');
    const a = order().filter((x) => x.startsWith('A'));
    expect(a).toEqual(['A1', 'A1', 'A2']);
    await fleet.until(async () => (await runner.busy()) === undefined, 'quiet');
    await fleet.stop();
  });

  it('entries without a key keep no order; a key function that throws dead-letters the entry', async () => {
    const fleet = new Fleet(ctx());
    const s = ctx().name('payments');
    const orderBy = (message: BrokerMessage) => {
      const data = message.data as { account?: string; broken?: boolean };
      if (data.broken) throw new TypeError('no account on this payment');
      return data.account;
    };
    const h = held(fleet);
    await fleet.consumer(s, { group: 'billing', concurrency: 3, orderBy }, h.behaviour);
    await appendToStream(fleet.deps(), s, { n: 1 });
    await appendToStream(fleet.deps(), s, { broken: true });
    await appendToStream(fleet.deps(), s, { n: 2 });
    await fleet.until(() => fleet.seen.length === 2, 'both keyless entries at once');
    const letters = new StreamDeadLetters(fleet.deps());
    await fleet.until(async () => (await letters.list(s)).length === 1, 'the dead letter');
    expect((await letters.list(s))[0]).toMatchObject({
      reason: 'unrecoverable',
      data: { broken: true },
      error: { name: 'TypeError', message: 'no account on this payment' },
    });
    for (const release of h.release.values()) release();
    await fleet.stop();
  });
});
