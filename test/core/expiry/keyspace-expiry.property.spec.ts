import fc from 'fast-check';
import { type Clock, ManualClock } from '../../../lib/core/clock';
import { Keyspace, type KeyValue } from '../../../lib/core/keyspace';

/**
 * Property test of key expiry against a model (key → deadline or none): whatever the order of
 * writes, new deadlines, deletions and clock moves, every key exists exactly while the model says
 * so, and each expired key is reported once — by the cleanup timer during the clock move itself,
 * before anything reads it. A second clock fires its timers late (as a busy event loop does), so
 * expired keys are also met by reads first and the timer finds several due at once, outdated
 * heap entries among them.
 */

type Op =
  | { readonly op: 'set'; readonly key: string }
  | { readonly op: 'expire'; readonly key: string; readonly inMs: number }
  | { readonly op: 'delete'; readonly key: string }
  | { readonly op: 'advance'; readonly ms: number };

const key = fc.constantFrom('a', 'b', 'c', 'd');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set' as const), key }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('expire' as const),
      key,
      inMs: fc.integer({ min: 1, max: 40 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), key }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: 30 }),
    }),
  },
);

const VALUE = { type: 'string' } as KeyValue;

/** The manual clock, with every timer firing `lagMs` after it is due. */
function lagging(clock: ManualClock, lagMs: number): Clock {
  return {
    now: () => clock.now(),
    setTimer: (ms, callback, options) => clock.setTimer(ms + lagMs, callback, options),
  };
}

describe('keyspace expiry against a model', () => {
  it('keys exist exactly until their deadline and are cleaned up without being read', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), fc.constantFrom(0, 7), (ops, lagMs) => {
        const clock = new ManualClock(0);
        const expired: string[] = [];
        const keyspace = new Keyspace(lagging(clock, lagMs), { expired: (k) => expired.push(k) });
        /** key → deadline (Infinity: no TTL); absent: missing. */
        const model = new Map<string, number>();
        /** Expiries the model saw minus those the keyspace reported. */
        const reported = new Map<string, number>();
        for (const o of ops) {
          if (o.op === 'set') {
            keyspace.set(o.key, VALUE);
            model.set(o.key, Infinity);
          } else if (o.op === 'expire') {
            // PEXPIRE's rule: only an existing key gets a deadline.
            if (keyspace.has(o.key)) keyspace.expireAt(o.key, clock.now() + o.inMs);
            if (model.has(o.key)) model.set(o.key, clock.now() + o.inMs);
          } else if (o.op === 'delete') {
            expect(keyspace.delete(o.key)).toBe(model.delete(o.key));
          } else {
            clock.advance(o.ms);
            const due = [...model].filter(([, deadline]) => clock.now() > deadline);
            for (const [k] of due) model.delete(k);
            // Reported during the advance, by the timer: nothing has read the keys yet.
            if (lagMs === 0) expect(expired.sort()).toEqual(due.map(([k]) => k).sort());
            for (const [k] of due) reported.set(k, (reported.get(k) ?? 0) + 1);
          }
          for (const k of ['a', 'b', 'c', 'd']) {
            expect(keyspace.has(k)).toBe(model.has(k));
            const deadline = model.get(k);
            expect(keyspace.deadlineOf(k)).toBe(deadline === Infinity ? undefined : deadline);
          }
          // Each expiry reported exactly once, whoever noticed it.
          for (const k of expired.splice(0)) reported.set(k, (reported.get(k) ?? 0) - 1);
          expect([...reported.values()].filter((n) => n !== 0)).toEqual([]);
        }
        keyspace.close();
        expect(clock.pendingTimers).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });
});
