import fc from 'fast-check';
import { Deque } from '../../../lib/core/lists/deque';

type Op =
  | { kind: 'pushFront' | 'pushBack'; item: number }
  | { kind: 'popFront' | 'popBack' }
  | { kind: 'removeWhere'; value: number; limit: number; fromBack: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom('pushFront', 'pushBack'),
      item: fc.integer({ min: 0, max: 5 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('popFront', 'popBack') }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('removeWhere'),
      value: fc.integer({ min: 0, max: 5 }),
      limit: fc.integer({ min: 0, max: 3 }),
      fromBack: fc.boolean(),
    }),
  },
) as fc.Arbitrary<Op>;

/** Applies `o` to the array model; returns what the deque should answer. */
function applyToModel(model: number[], o: Op): unknown {
  switch (o.kind) {
    case 'pushFront':
      return void model.unshift(o.item);
    case 'pushBack':
      return void model.push(o.item);
    case 'popFront':
      return model.shift();
    case 'popBack':
      return model.pop();
    case 'removeWhere': {
      let removed = 0;
      const indexes = model.map((_, i) => (o.fromBack ? model.length - 1 - i : i));
      const drop = new Set<number>();
      for (const i of indexes) {
        if (model[i] === o.value && (o.limit === 0 || removed < o.limit)) {
          drop.add(i);
          removed++;
        }
      }
      const kept = model.filter((_, i) => !drop.has(i));
      model.splice(0, model.length, ...kept);
      return removed;
    }
  }
}

function applyToDeque(deque: Deque<number>, o: Op): unknown {
  switch (o.kind) {
    case 'pushFront':
      return void deque.pushFront(o.item);
    case 'pushBack':
      return void deque.pushBack(o.item);
    case 'popFront':
      return deque.popFront();
    case 'popBack':
      return deque.popBack();
    case 'removeWhere':
      return deque.removeWhere((item) => item === o.value, o.limit, o.fromBack);
  }
}

describe('Deque (the list storage of §3)', () => {
  it('pushes and pops at both ends, growing past its initial capacity', () => {
    const deque = new Deque<number>();
    for (let i = 0; i < 20; i++) deque.pushBack(i);
    for (let i = 1; i <= 20; i++) deque.pushFront(-i);
    expect(deque.length).toBe(40);
    expect(deque.at(0)).toBe(-20);
    expect(deque.at(39)).toBe(19);
    expect(deque.at(40)).toBeUndefined();
    expect(deque.popFront()).toBe(-20);
    expect(deque.popBack()).toBe(19);
    expect(deque.slice(0, 3)).toEqual([-19, -18, -17]);
  });

  it('answers undefined when popping an empty deque', () => {
    const deque = new Deque<string>();
    expect(deque.popFront()).toBeUndefined();
    expect(deque.popBack()).toBeUndefined();
    expect(deque.length).toBe(0);
  });

  it('behaves like an array under any sequence of operations (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const model: number[] = [];
        const deque = new Deque<number>();
        for (const o of ops) {
          expect(applyToDeque(deque, o)).toEqual(applyToModel(model, o));
          expect(deque.length).toBe(model.length);
        }
        expect(deque.toArray()).toEqual(model);
        model.forEach((item, i) => expect(deque.at(i)).toBe(item));
      }),
      { numRuns: 300 },
    );
  });
});
