import fc from 'fast-check';
import type { KeyedElement, ListEnd } from '../../../lib/core/lists/list.types';
import { createLists, flush } from './list-fixture';

const KEYS = ['a', 'b'] as const;
type Key = (typeof KEYS)[number];

type Op =
  | { kind: 'push'; key: Key; end: ListEnd; count: number }
  | { kind: 'pop'; key: Key; end: ListEnd }
  | { kind: 'bpop'; keys: Key[]; end: ListEnd; timeoutSec: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'abort'; pick: number };

const end = fc.constantFrom<ListEnd>('LEFT', 'RIGHT');
const key = fc.constantFrom<Key>(...KEYS);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      key,
      end,
      count: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pop' as const), key, end }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('bpop' as const),
      keys: fc.constantFrom<Key[]>(['a'], ['b'], ['a', 'b'], ['b', 'a']),
      end,
      timeoutSec: fc.constantFrom(0, 0.01, 0.05, 0.1),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 1, max: 120 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }) },
);

/** A blocked pop in the model: what it waits on and when it gives up. */
interface ModelWaiter {
  readonly id: number;
  readonly keys: Key[];
  readonly end: ListEnd;
  readonly deadline: number | null;
}

/**
 * The reference: arrays per key, and blocked pops in blocking order. A push serves, in blocking
 * order, the clients waiting on that key, each from its own end, while the list has elements
 * (§3.4.2–3.4.3); a client whose deadline passed or whose call was aborted gets null (§3.4.11).
 */
class Model {
  readonly lists = new Map<Key, string[]>(KEYS.map((k) => [k, []]));
  readonly blocked: ModelWaiter[] = [];
  readonly replies = new Map<number, KeyedElement | null>();
  now = 0;

  take(k: Key, side: ListEnd): string | undefined {
    const list = this.lists.get(k) as string[];
    return side === 'LEFT' ? list.shift() : list.pop();
  }

  push(k: Key, side: ListEnd, elements: string[]): number {
    const list = this.lists.get(k) as string[];
    for (const e of elements) {
      if (side === 'LEFT') list.unshift(e);
      else list.push(e);
    }
    const length = list.length;
    for (const w of [...this.blocked]) {
      if (list.length === 0) break;
      if (!w.keys.includes(k)) continue;
      this.settle(w, [k, this.take(k, w.end) as string]);
    }
    return length;
  }

  bpop(id: number, keys: Key[], side: ListEnd, timeoutSec: number): void {
    for (const k of keys) {
      if ((this.lists.get(k) as string[]).length > 0) {
        this.replies.set(id, [k, this.take(k, side) as string]);
        return;
      }
    }
    const ms = Math.ceil(timeoutSec * 1000);
    this.blocked.push({ id, keys, end: side, deadline: ms === 0 ? null : this.now + ms });
  }

  advance(ms: number): void {
    this.now += ms;
    for (const w of [...this.blocked]) {
      if (w.deadline !== null && w.deadline <= this.now) this.settle(w, null);
    }
  }

  settle(w: ModelWaiter, reply: KeyedElement | null): void {
    this.blocked.splice(this.blocked.indexOf(w), 1);
    this.replies.set(w.id, reply);
  }
}

describe('blocking pops against an array model (§3.3, §3.4)', () => {
  it('delivers every element exactly once, keeps lists FIFO and serves blocked pops in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const { lists, ctx } = createLists();
        const model = new Model();
        const replies = new Map<number, KeyedElement | null>();
        const aborts = new Map<number, AbortController>();
        const pushed: string[] = [];
        const popped: string[] = [];
        let next = 0;

        for (const o of ops) {
          if (o.kind === 'push') {
            const elements = Array.from({ length: o.count }, (_, i) => `e${pushed.length + i}`);
            pushed.push(...elements);
            const push = o.end === 'LEFT' ? lists.lpush : lists.rpush;
            expect(push.call(lists, o.key, elements)).toBe(model.push(o.key, o.end, elements));
          } else if (o.kind === 'pop') {
            const got = o.end === 'LEFT' ? lists.lpop(o.key) : lists.rpop(o.key);
            expect(got).toBe(model.take(o.key, o.end) ?? null);
            if (got !== null) popped.push(got);
          } else if (o.kind === 'bpop') {
            const id = next++;
            const controller = new AbortController();
            aborts.set(id, controller);
            const call = o.end === 'LEFT' ? lists.blpop : lists.brpop;
            void call
              .call(lists, o.keys, o.timeoutSec, { signal: controller.signal })
              .then((reply) => replies.set(id, reply));
            model.bpop(id, o.keys, o.end, o.timeoutSec);
          } else if (o.kind === 'advance') {
            ctx.clock.advance(o.ms);
            model.advance(o.ms);
          } else if (model.blocked.length > 0) {
            const w = model.blocked[o.pick % model.blocked.length];
            aborts.get(w.id)?.abort();
            model.settle(w, null);
          }
          expect(ctx.blocking.count()).toBe(model.blocked.length);
        }

        await flush();
        // Blocked pops got exactly the model's replies: same elements, same order of service.
        for (const [id, reply] of model.replies) expect(replies.get(id)).toEqual(reply);
        expect(replies.size).toBe(model.replies.size);
        for (const reply of replies.values()) if (reply) popped.push(reply[1]);
        for (const k of KEYS) expect(lists.lrange(k, 0, -1)).toEqual(model.lists.get(k));

        // Exactly once: what was taken and what is left is what was pushed, with no repeats.
        const left = KEYS.flatMap((k) => lists.lrange(k, 0, -1));
        expect(new Set(popped).size).toBe(popped.length);
        expect([...popped, ...left].sort()).toEqual([...pushed].sort());
      }),
      { numRuns: 300 },
    );
  });
});
