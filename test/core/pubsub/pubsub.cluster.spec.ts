import { keySlot } from '../../../lib/core/pubsub/key-slot';
import { PubSubEngine } from '../../../lib/core/pubsub/pubsub.engine';
import { BrokerReplyError } from '../../../lib/core/reply-error';
import { inbox, message, pmessage, smessage } from './pubsub-fixture';

// Slots: 'b' 3300 → node 0 (0-5460); 'foo' 12182 and 'a' 15495 → node 2 (10923-16383).
describe('PubSubEngine, simulated 3-master cluster', () => {
  let engine: PubSubEngine;
  beforeEach(() => {
    engine = new PubSubEngine({ shards: 3 });
  });

  it('splits the slots like redis-cli --cluster create', () => {
    expect(engine.clustered).toBe(true);
    expect(engine.nodes().map((n) => n.slots)).toEqual([
      { start: 0, end: 5460 },
      { start: 5461, end: 10922 },
      { start: 10923, end: 16383 },
    ]);
  });

  it('attaches new clients to the nodes in turn, or to the node asked for', () => {
    for (let i = 0; i < 4; i++) engine.connect();
    engine.connect(2);
    expect(engine.nodes().map((n) => n.clients)).toEqual([2, 1, 2]);
  });

  describe('§2.3 classic PUBLISH is broadcast to every node', () => {
    it('reaches subscribers on every node but returns only the taking node’s deliveries', () => {
      const onNode = [0, 1, 2].map((node) => engine.connect(node));
      const received = onNode.map(inbox);
      onNode.forEach((client) => client.subscribe(['news']));
      onNode[1].psubscribe(['n*']);
      expect(engine.publish('news', 'x')).toBe(1);
      expect(engine.publish('news', 'y', 1)).toBe(2);
      expect(received[0]).toEqual([message('news', 'x'), message('news', 'y')]);
      expect(received[1]).toEqual([
        message('news', 'x'),
        pmessage('n*', 'news', 'x'),
        message('news', 'y'),
        pmessage('n*', 'news', 'y'),
      ]);
      expect(received[2]).toEqual([message('news', 'x'), message('news', 'y')]);
    });

    it('counts the message on every node, propagated or not', () => {
      engine.connect(2).subscribe(['c']);
      engine.publish('c', 'x', 1);
      expect(engine.nodes().map(({ published, delivered }) => ({ published, delivered }))).toEqual([
        { published: 1, delivered: 0 },
        { published: 1, delivered: 0 },
        { published: 1, delivered: 1 },
      ]);
    });

    it('answers CHANNELS / NUMSUB / NUMPAT for the whole cluster, as if asking every node', () => {
      engine.connect(0).subscribe(['c']);
      engine.connect(1).subscribe(['c', 'd']);
      engine.connect(1).psubscribe(['p*']);
      engine.connect(2).psubscribe(['p*']);
      expect(engine.channels().sort()).toEqual(['c', 'd']);
      expect(engine.numsub(['c', 'd', 'e'])).toEqual([
        ['c', 2],
        ['d', 1],
        ['e', 0],
      ]);
      // Each node counts its own distinct patterns; Redis offers no way to merge them.
      expect(engine.numpat()).toBe(2);
      expect(engine.nodes()[1]).toMatchObject({ channels: 2, patterns: 1 });
    });
  });

  describe('§2.7 sharded pub/sub', () => {
    it('registers a shard subscription on the node owning the slot, whatever the client’s node', () => {
      const client = engine.connect(1);
      client.ssubscribe(['foo']);
      client.ssubscribe(['b']);
      expect(engine.nodes().map((n) => n.shardChannels)).toEqual([1, 0, 1]);
      expect(engine.shardChannels().sort()).toEqual(['b', 'foo']);
      expect(engine.shardNumsub(['foo', 'b', 'a'])).toEqual([
        ['foo', 1],
        ['b', 1],
        ['a', 0],
      ]);
    });

    it('SPUBLISH reaches the shard channel’s subscribers on the owner only', () => {
      const [shard, classic] = [engine.connect(0), engine.connect(2)];
      const [rs, rc] = [inbox(shard), inbox(classic)];
      shard.ssubscribe(['foo']);
      classic.subscribe(['foo']);
      classic.psubscribe(['*']);
      expect(engine.spublish('foo', 'x')).toBe(1);
      expect(rs).toEqual([smessage('foo', 'x')]);
      expect(rc).toEqual([]);
      expect(engine.nodes().map((n) => n.shardPublished)).toEqual([0, 0, 1]);
      expect(engine.nodes().map((n) => n.published)).toEqual([0, 0, 0]);
    });

    it('rejects SSUBSCRIBE / SUNSUBSCRIBE across slots with CROSSSLOT and changes nothing', () => {
      const client = engine.connect();
      expect(keySlot('a')).not.toBe(keySlot('b'));
      for (const call of [
        () => client.ssubscribe(['a', 'b']),
        () => client.sunsubscribe(['a', 'b']),
      ]) {
        expect(call).toThrow(
          new BrokerReplyError("CROSSSLOT Keys in request don't hash to the same slot"),
        );
      }
      expect(engine.shardChannels()).toEqual([]);
    });

    it('accepts channels sharing a hash tag, and slot-by-slot subscriptions', () => {
      const client = engine.connect();
      const received = inbox(client);
      expect(client.ssubscribe(['{t}a', '{t}b'])).toBe(2);
      client.ssubscribe(['b']);
      expect(engine.spublish('{t}b', '1')).toBe(1);
      expect(engine.spublish('b', '2')).toBe(1);
      expect(received).toEqual([smessage('{t}b', '1'), smessage('b', '2')]);
      expect(client.sunsubscribe()).toBe(0);
      expect(engine.nodes().map((n) => n.shardChannels)).toEqual([0, 0, 0]);
    });

    it('counts the shard channels held on the slot owner, as a per-node connection does', () => {
      // {t}… (15891) and 'a' (15495) live on node 2, 'b' (3300) on node 0.
      const client = engine.connect();
      expect(client.ssubscribe(['{t}a', '{t}b'])).toBe(2);
      expect(client.ssubscribe(['a'])).toBe(3);
      expect(client.ssubscribe(['b'])).toBe(1);
      expect(client.sunsubscribe(['{t}a', '{t}b'])).toBe(1);
      expect(client.sunsubscribe(['b'])).toBe(0);
      expect(client.sunsubscribe(['foo'])).toBe(1); // node 2 still holds 'a'
      expect(client.sunsubscribe()).toBe(0);
    });

    it('leaves classic SUBSCRIBE unchecked for slots', () => {
      expect(engine.connect().subscribe(['a', 'b'])).toBe(2);
    });
  });

  it('closing a client removes its subscriptions from every node', () => {
    const client = engine.connect(1);
    client.subscribe(['c']);
    client.psubscribe(['p*']);
    client.ssubscribe(['b']);
    client.ssubscribe(['foo']);
    client.close();
    expect(
      engine
        .nodes()
        .map(({ clients, channels, patterns, shardChannels }) => [
          clients,
          channels + patterns + shardChannels,
        ]),
    ).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });
});
