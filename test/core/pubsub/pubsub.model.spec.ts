import fc from 'fast-check';
import { keySlot, slotRanges } from '../../../lib/core/pubsub/key-slot';
import type { PubSubClient } from '../../../lib/core/pubsub/pubsub.client';
import { PubSubEngine } from '../../../lib/core/pubsub/pubsub.engine';
import type { PubSubMessage } from '../../../lib/core/pubsub/pubsub.types';

/** Channel names ('a' and '{a}x' share a slot, 'b' is elsewhere) and patterns with their meaning. */
const CHANNELS = ['a', 'b', 'ab', '', '*', '{a}x'];
const PATTERNS: Record<string, RegExp> = {
  'a*': /^a.*$/s,
  '*': /^.+$/s, // `*` does not match the empty channel
  '?': /^.$/s,
  '[ab]': /^[ab]$/,
  b: /^b$/,
  '\\*': /^\*$/,
};
const CLIENTS = 3;

type Kind = 'channel' | 'pattern' | 'shard';
type Subscribe = 'subscribe' | 'psubscribe' | 'ssubscribe';
type Unsubscribe = 'unsubscribe' | 'punsubscribe' | 'sunsubscribe';
type Op =
  | { op: Subscribe; client: number; names: string[] }
  | { op: Unsubscribe; client: number; names?: string[] }
  | { op: 'publish'; channel: string; node: number }
  | { op: 'spublish'; channel: string }
  | { op: 'close'; client: number };

const KIND: Record<Subscribe | Unsubscribe, Kind> = {
  subscribe: 'channel',
  unsubscribe: 'channel',
  psubscribe: 'pattern',
  punsubscribe: 'pattern',
  ssubscribe: 'shard',
  sunsubscribe: 'shard',
};

const client = fc.nat(CLIENTS - 1);
const names = (kind: Kind) =>
  fc.subarray(kind === 'pattern' ? Object.keys(PATTERNS) : CHANNELS, { maxLength: 3 });
const subscribeOp = (op: Subscribe) =>
  fc.record({ op: fc.constant(op), client, names: names(KIND[op]) });
const unsubscribeOp = (op: Unsubscribe) =>
  fc.record(
    { op: fc.constant(op), client, names: names(KIND[op]) },
    { requiredKeys: ['op', 'client'] },
  );
const opArb: fc.Arbitrary<Op> = fc.oneof(
  subscribeOp('subscribe'),
  subscribeOp('psubscribe'),
  subscribeOp('ssubscribe'),
  unsubscribeOp('unsubscribe'),
  unsubscribeOp('punsubscribe'),
  unsubscribeOp('sunsubscribe'),
  fc.record({
    op: fc.constant('publish' as const),
    channel: fc.constantFrom(...CHANNELS),
    node: fc.nat(2),
  }),
  fc.record({ op: fc.constant('spublish' as const), channel: fc.constantFrom(...CHANNELS) }),
  fc.record({ op: fc.constant('close' as const), client }),
);

/** One client in the model: its node, what it holds, whether it is closed. */
interface ModelClient {
  readonly node: number;
  closed: boolean;
  readonly held: Record<Kind, Set<string>>;
}

/** Runs each op on the engine and on the model and compares replies, deliveries and PUBSUB answers. */
class Harness {
  private readonly engine: PubSubEngine;
  private readonly nodes: number;
  private readonly clients: PubSubClient[] = [];
  private readonly model: ModelClient[] = [];
  /** What each client received during the current op. */
  private readonly received: PubSubMessage[][] = [];

  constructor(private readonly shards: number) {
    this.engine = new PubSubEngine({ shards });
    this.nodes = Math.max(shards, 1);
    for (let i = 0; i < CLIENTS; i++) {
      const node = i % this.nodes;
      const inbox: PubSubMessage[] = [];
      const c = this.engine.connect(node);
      c.setSink((m) => inbox.push(m));
      this.clients.push(c);
      this.received.push(inbox);
      this.model.push({
        node,
        closed: false,
        held: { channel: new Set(), pattern: new Set(), shard: new Set() },
      });
    }
  }

  apply(op: Op): void {
    this.received.forEach((inbox) => (inbox.length = 0));
    const expected: PubSubMessage[][] = this.model.map(() => []);
    if (op.op === 'publish') this.publish(op.channel, op.node % this.nodes, expected);
    else if (op.op === 'spublish') this.spublish(op.channel, expected);
    else if (this.model[op.client].closed) this.onClosed(op);
    else if (op.op === 'close') this.close(op.client);
    else this.subscription(op);
    expected.forEach((messages, i) => this.expectReceived(i, messages));
    this.checkIntrospection();
  }

  private publish(channel: string, taker: number, expected: PubSubMessage[][]): void {
    let local = 0;
    this.model.forEach((m, i) => {
      if (m.closed) return;
      if (m.held.channel.has(channel)) expected[i].push({ kind: 'message', channel, payload: 'x' });
      for (const pattern of [...m.held.pattern].sort()) {
        if (PATTERNS[pattern].test(channel))
          expected[i].push({ kind: 'pmessage', pattern, channel, payload: 'x' });
      }
      if (m.node === taker) local += expected[i].length;
    });
    expect(this.engine.publish(channel, 'x', taker)).toBe(local);
  }

  private spublish(channel: string, expected: PubSubMessage[][]): void {
    this.model.forEach((m, i) => {
      if (!m.closed && m.held.shard.has(channel))
        expected[i].push({ kind: 'smessage', channel, payload: 'x' });
    });
    expect(this.engine.spublish(channel, 'x')).toBe(expected.flat().length);
  }

  private onClosed(op: Exclude<Op, { op: 'publish' | 'spublish' }>): void {
    const c = this.clients[op.client];
    if (op.op === 'close') c.close();
    else expect(() => c[op.op](op.names ?? [])).toThrow('Connection is closed.');
  }

  private close(i: number): void {
    this.clients[i].close();
    this.model[i].closed = true;
  }

  private subscription(op: Extract<Op, { client: number; op: Subscribe | Unsubscribe }>): void {
    const m = this.model[op.client];
    const c = this.clients[op.client];
    const kind = KIND[op.op];
    const list = op.names ?? [];
    const adding = op.op === 'subscribe' || op.op === 'psubscribe' || op.op === 'ssubscribe';
    if (adding && list.length === 0) {
      expect(() => c[op.op](list)).toThrow(`ERR wrong number of arguments for '${op.op}' command`);
      return;
    }
    if (kind === 'shard' && this.shards > 0 && new Set(list.map(keySlot)).size > 1) {
      expect(() => c[op.op](list)).toThrow("CROSSSLOT Keys in request don't hash to the same slot");
      return;
    }
    const held = m.held[kind];
    if (adding) list.forEach((n) => held.add(n));
    else if (list.length === 0) held.clear();
    else list.forEach((n) => held.delete(n));
    expect(c[op.op](op.names as string[])).toBe(this.expectedCount(m, kind, list));
  }

  /**
   * Channels + patterns for the classic commands; for the S ones, the shard channels held on the
   * node owning the call's slot (a real cluster client has one connection per node); none left
   * after SUNSUBSCRIBE without arguments.
   */
  private expectedCount(m: ModelClient, kind: Kind, list: string[]): number {
    if (kind !== 'shard') return m.held.channel.size + m.held.pattern.size;
    if (list.length === 0) return 0;
    const node = this.owner(list[0]);
    return [...m.held.shard].filter((channel) => this.owner(channel) === node).length;
  }

  private owner(channel: string): number {
    const slot = keySlot(channel);
    return this.shards === 0 ? 0 : slotRanges(this.shards).findIndex((range) => slot <= range.end);
  }

  /** The client's `message` comes first; its `pmessage`s follow in unspecified order (§2.3). */
  private expectReceived(i: number, expected: PubSubMessage[]): void {
    const got = this.received[i];
    const leading = got.findIndex((m) => m.kind === 'pmessage');
    const head = leading === -1 ? got : got.slice(0, leading);
    const patterns = leading === -1 ? [] : got.slice(leading);
    const byPattern = (m: PubSubMessage) => (m.kind === 'pmessage' ? m.pattern : '');
    patterns.sort((x, y) =>
      byPattern(x) < byPattern(y) ? -1 : byPattern(x) > byPattern(y) ? 1 : 0,
    );
    expect(head.concat(patterns)).toEqual(expected);
  }

  /**
   * NUMSUB sums every node's subscribers, NUMPAT every node's distinct patterns; SHARDNUMSUB
   * answers for each channel's slot owner.
   */
  private checkIntrospection(): void {
    const open = this.model.filter((m) => !m.closed);
    const holders = (clients: ModelClient[], kind: Kind, name: string) =>
      clients.filter((m) => m.held[kind].has(name)).length;
    expect(this.engine.numsub(CHANNELS)).toEqual(
      CHANNELS.map((ch) => [ch, holders(open, 'channel', ch)]),
    );
    const nodes = new Set(open.map((m) => m.node));
    const distinctPerNode = [...nodes].map(
      (node) =>
        new Set(open.filter((m) => m.node === node).flatMap((m) => [...m.held.pattern])).size,
    );
    expect(this.engine.numpat()).toBe(distinctPerNode.reduce((a, b) => a + b, 0));
    expect(this.engine.shardNumsub(CHANNELS)).toEqual(
      CHANNELS.map((ch) => [ch, holders(open, 'shard', ch)]),
    );
  }
}

describe('PubSubEngine against a model (random command sequences)', () => {
  it.each([0, 3])('agrees on replies, deliveries and introspection with %i shards', (shards) => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const harness = new Harness(shards);
        for (const op of ops) harness.apply(op);
      }),
      { numRuns: 500 },
    );
  });
});
