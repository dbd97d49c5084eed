import fc from 'fast-check';
import { compareNames } from '../../../lib/core/streams/name-order';
import { createGroupCore } from './group-fixture';

// A consumer group against a plain model (redis-semantics.md §5): pending entries in a Map, the
// stream as a set of live ids. Entry ids are `n-0`; the model keeps the number n.

interface ModelNack {
  consumer: string;
  count: number;
  time: number;
}

class Model {
  live = new Set<number>();
  added = 0;
  lastId = 0;
  pel = new Map<number, ModelNack>();
  consumers = new Set<string>();
  now = 0;

  sortedPel(): [number, ModelNack][] {
    return [...this.pel.entries()].sort(([a], [b]) => a - b);
  }

  readNew(consumer: string, count: number, noAck: boolean): number[] {
    const fresh = [...this.live].filter((n) => n > this.lastId).sort((a, b) => a - b);
    if (fresh.length === 0) return [];
    this.consumers.add(consumer);
    const served = count > 0 ? fresh.slice(0, count) : fresh;
    for (const n of served) {
      this.lastId = n;
      if (!noAck) this.pel.set(n, { consumer, count: 1, time: this.now });
    }
    return served;
  }

  readHistory(consumer: string, count: number): number[] {
    this.consumers.add(consumer);
    const own = this.sortedPel().filter(([, nack]) => nack.consumer === consumer);
    const served = count > 0 ? own.slice(0, count) : own;
    for (const [n, nack] of served) {
      if (!this.live.has(n)) continue;
      nack.count++;
      nack.time = this.now;
    }
    return served.map(([n]) => n);
  }

  claim(
    consumer: string,
    ids: number[],
    minIdle: number,
    justId: boolean,
    force: boolean,
  ): number[] {
    const claimed: number[] = [];
    for (const n of ids) {
      let nack = this.pel.get(n);
      if (!this.live.has(n)) {
        this.pel.delete(n);
        continue;
      }
      if (!nack) {
        if (!force) continue;
        nack = { consumer: '', count: 1, time: this.now };
        this.pel.set(n, nack);
      }
      if (nack.consumer !== '' && minIdle > 0 && this.now - nack.time < minIdle) continue;
      this.take(nack, consumer, justId);
      claimed.push(n);
    }
    return claimed;
  }

  autoClaim(consumer: string, start: number, count: number, minIdle: number, justId: boolean) {
    let attempts = count * 10;
    let left = count;
    const claimed: number[] = [];
    const deleted: number[] = [];
    const ids = this.sortedPel()
      .map(([n]) => n)
      .filter((n) => n >= start);
    let i = 0;
    for (; attempts-- > 0 && left > 0 && i < ids.length; i++) {
      const n = ids[i];
      const nack = this.pel.get(n) as ModelNack;
      if (!this.live.has(n)) {
        this.pel.delete(n);
        deleted.push(n);
        left--;
      } else if (minIdle === 0 || this.now - nack.time >= minIdle) {
        this.take(nack, consumer, justId);
        claimed.push(n);
        left--;
      }
    }
    return { next: i < ids.length ? ids[i] : 0, claimed, deleted };
  }

  delConsumer(consumer: string): number {
    let dropped = 0;
    for (const [n, nack] of this.pel) {
      if (nack.consumer !== consumer) continue;
      this.pel.delete(n);
      dropped++;
    }
    this.consumers.delete(consumer);
    return dropped;
  }

  private take(nack: ModelNack, consumer: string, justId: boolean): void {
    this.consumers.add(consumer);
    nack.consumer = consumer;
    nack.time = this.now;
    if (!justId) nack.count++;
  }
}

/** Ids drawn from a small range, so ops often name entries that exist, are pending or deleted. */
const MAX_N = 12;

const consumerName = fc.constantFrom('alice', 'bob', 'Carol');
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    kind: fc.constant('read' as const),
    consumer: consumerName,
    count: fc.integer({ min: -1, max: 4 }),
    noAck: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('history' as const),
    consumer: consumerName,
    count: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('ack' as const),
    ids: fc.array(fc.integer({ min: 1, max: MAX_N }), { maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('claim' as const),
    consumer: consumerName,
    ids: fc.array(fc.integer({ min: 1, max: MAX_N }), { minLength: 1, maxLength: 4 }),
    minIdle: fc.constantFrom(0, 50, 100),
    justId: fc.boolean(),
    force: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('autoclaim' as const),
    consumer: consumerName,
    start: fc.integer({ min: 0, max: MAX_N }),
    count: fc.integer({ min: 1, max: 3 }),
    minIdle: fc.constantFrom(0, 50, 100),
    justId: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('del' as const), id: fc.integer({ min: 1, max: MAX_N }) }),
  fc.record({ kind: fc.constant('delconsumer' as const), consumer: consumerName }),
  fc.record({ kind: fc.constant('setid' as const), id: fc.integer({ min: 0, max: MAX_N }) }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 80 }) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const toId = (n: number) => `${n}-0`;
const toN = (id: string) => Number(id.split('-')[0]);

async function apply(
  fixture: ReturnType<typeof createGroupCore>,
  model: Model,
  step: Op,
): Promise<void> {
  const { groups, streams, clock } = fixture;
  switch (step.kind) {
    case 'add':
      for (let i = 0; i < step.n; i++) {
        model.added++;
        model.live.add(model.added);
        streams.xadd('s', toId(model.added), ['f', String(model.added)]);
      }
      return;
    case 'read': {
      const reply = await groups.xreadgroup('g', step.consumer, [{ key: 's', id: '>' }], step);
      expect((reply?.[0][1] ?? []).map((e) => toN(e.id))).toEqual(
        model.readNew(step.consumer, step.count, step.noAck),
      );
      return;
    }
    case 'history': {
      const reply = await groups.xreadgroup('g', step.consumer, [{ key: 's', id: '0' }], step);
      expect(reply?.[0][1].map((e) => toN(e.id))).toEqual(
        model.readHistory(step.consumer, step.count),
      );
      return;
    }
    case 'ack': {
      const expected = new Set(step.ids.filter((n) => model.pel.has(n))).size;
      for (const n of step.ids) model.pel.delete(n);
      expect(groups.xack('s', 'g', ['0-1', ...step.ids.map(toId)])).toBe(expected);
      return;
    }
    case 'claim': {
      const call = step.justId ? groups.xclaimJustId.bind(groups) : groups.xclaim.bind(groups);
      const reply = call('s', 'g', step.consumer, step.minIdle, step.ids.map(toId), {
        force: step.force,
      });
      const ids = reply.map((e) => toN(typeof e === 'string' ? e : e.id));
      expect(ids).toEqual(
        model.claim(step.consumer, step.ids, step.minIdle, step.justId, step.force),
      );
      return;
    }
    case 'autoclaim': {
      const options = { count: step.count };
      const reply = step.justId
        ? groups.xautoclaimJustId('s', 'g', step.consumer, step.minIdle, toId(step.start), options)
        : groups.xautoclaim('s', 'g', step.consumer, step.minIdle, toId(step.start), options);
      const expected = model.autoClaim(
        step.consumer,
        step.start,
        step.count,
        step.minIdle,
        step.justId,
      );
      expect({
        next: toN(reply.nextId),
        claimed: reply.claimed.map((e) => toN(typeof e === 'string' ? e : e.id)),
        deleted: reply.deletedIds.map(toN),
      }).toEqual(expected);
      return;
    }
    case 'del':
      expect(streams.xdel('s', [toId(step.id)])).toBe(model.live.delete(step.id) ? 1 : 0);
      return;
    case 'delconsumer':
      expect(groups.xgroupDelConsumer('s', 'g', step.consumer)).toBe(
        model.delConsumer(step.consumer),
      );
      return;
    case 'setid':
      groups.xgroupSetId('s', 'g', toId(step.id));
      model.lastId = step.id;
      return;
    case 'tick':
      clock.advance(step.ms);
      model.now += step.ms;
      return;
  }
}

/** The invariants of §5.1 and agreement with the model. */
function check(fixture: ReturnType<typeof createGroupCore>, model: Model): void {
  const group = fixture.groupState('s', 'g');
  let owned = 0;
  for (const consumer of group.consumers.values()) {
    for (const { id, value } of consumer.pel.entries()) {
      expect(group.pel.get(id)).toBe(value);
      expect(value.consumer).toBe(consumer);
      owned++;
    }
  }
  expect(owned).toBe(group.pel.size);

  const rows = model.sortedPel();
  const byConsumer = new Map<string, number>();
  for (const [, nack] of rows)
    byConsumer.set(nack.consumer, (byConsumer.get(nack.consumer) ?? 0) + 1);
  const summary = fixture.groups.xpending('s', 'g');
  expect(summary).toEqual({
    count: rows.length,
    smallestId: rows.length > 0 ? toId(rows[0][0]) : null,
    greatestId: rows.length > 0 ? toId(rows[rows.length - 1][0]) : null,
    consumers:
      rows.length > 0
        ? [...byConsumer.entries()]
            .sort(([a], [b]) => compareNames(a, b))
            .map(([name, pending]) => ({ name, pending }))
        : null,
  });
  expect(fixture.pendingRows('s', 'g')).toEqual(
    rows.map(([n, nack]) => [toId(n), nack.consumer, nack.count]),
  );
  const idle = fixture.groups
    .xpendingRange('s', 'g', { start: '-', end: '+', count: 1000 })
    .map((r) => r.idleMs);
  expect(idle).toEqual(rows.map(([, nack]) => model.now - nack.time));
  expect(fixture.groups.xinfoConsumers('s', 'g').map((c) => c.name)).toEqual(
    [...model.consumers].sort(compareNames),
  );
}

describe('consumer group state machine against a model (§5.1–§5.9)', () => {
  it('property: PEL ownership, counts, XPENDING and delivery counts agree with the model', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 20, maxLength: 80, size: 'large' }),
        async (ops) => {
          const fixture = createGroupCore();
          const model = new Model();
          fixture.groups.xgroupCreate('s', 'g', '0', { mkStream: true });
          for (const step of ops) {
            await apply(fixture, model, step);
            check(fixture, model);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
