import { describeConformance } from './conformance';
import { inboxes, message, pmessage, smessage } from './pubsub-inbox';

const CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";

/**
 * On the real cluster, which node a classic subscriber or a PUBLISH lands on is not under the
 * test's control, and PUBLISH counts local receivers only: these cases assert deliveries. Messages
 * that come in over different nodes (classic PUBLISHes, shard channels of different slots) may
 * arrive in either order, so only the order of one node's messages is asserted.
 */
describeConformance('sharded pub/sub', 'cluster', (ctx) => {
  const inbox = inboxes(() => ctx().port);

  it('§2.7 channels with one hash tag share a slot: one SSUBSCRIBE takes them all', async () => {
    const { subscriber, received } = await inbox();
    const [following, followers] = [
      ctx().key('{user1000}.following'),
      ctx().key('{user1000}.followers'),
    ];
    expect(await subscriber.ssubscribe([following, followers])).toBe(2);
    expect(await ctx().port.spublish(followers, 'f')).toBe(1);
    expect(await received(1)).toEqual([smessage(followers, 'f')]);
  });

  it('§2.7 SSUBSCRIBE across slots is CROSSSLOT, and subscribes to nothing', async () => {
    const { subscriber, received } = await inbox();
    const [a, b] = [ctx().key('{a}s'), ctx().key('{b}s')];
    await expect(subscriber.ssubscribe([a, b])).rejects.toMatchObject({ message: CROSSSLOT });
    expect(await ctx().port.spublish(a, 'lost')).toBe(0);
    expect(await subscriber.ssubscribe([b])).toBe(1);
    await ctx().port.spublish(b, 'sentinel');
    expect(await received(1)).toEqual([smessage(b, 'sentinel')]);
  });

  it('§2.2 SUNSUBSCRIBE without arguments, sent before the SSUBSCRIBE answered: drops it', async () => {
    const { subscriber, received } = await inbox();
    const [a, b] = [ctx().key('{a}s'), ctx().key('{b}s')];
    expect(await Promise.all([subscriber.ssubscribe([a]), subscriber.sunsubscribe()])).toEqual([
      1, 0,
    ]);
    expect(await ctx().port.spublish(a, 'lost')).toBe(0);
    expect(await subscriber.ssubscribe([b])).toBe(1);
    await ctx().port.spublish(b, 'sentinel');
    expect(await received(1)).toEqual([smessage(b, 'sentinel')]);
  });

  it('§2.7 SUNSUBSCRIBE across slots is CROSSSLOT too', async () => {
    const { subscriber } = await inbox();
    const [a, b] = [ctx().key('{a}s'), ctx().key('{b}s')];
    await expect(subscriber.sunsubscribe([a, b])).rejects.toMatchObject({ message: CROSSSLOT });
  });

  it('§2.7 one subscriber can hold shard channels of several slots, one slot per call', async () => {
    const { subscriber, received } = await inbox();
    const [a, b] = [ctx().key('{a}s'), ctx().key('{b}s')];
    await subscriber.ssubscribe([a]);
    await subscriber.ssubscribe([b]);
    expect(await ctx().port.spublish(a, '1')).toBe(1);
    expect(await ctx().port.spublish(b, '2')).toBe(1);
    // Two slots, two nodes, two connections: the two messages may come in either order.
    const got = await received(2);
    expect(got).toHaveLength(2);
    expect(got).toEqual(expect.arrayContaining([smessage(a, '1'), smessage(b, '2')]));
    await subscriber.sunsubscribe();
    expect(await ctx().port.spublish(a, 'lost')).toBe(0);
    expect(await ctx().port.spublish(b, 'lost')).toBe(0);
  });

  it('§2.7 S(UN)SUBSCRIBE counts the shard channels held on the slot owner’s node', async () => {
    // A cluster client holds one connection per node; {a} (slot 15495) and {b} (3300) are on
    // different masters of a 3-master cluster.
    const { subscriber } = await inbox();
    const [a, b, a2] = [ctx().key('{a}s'), ctx().key('{b}s'), ctx().key('{a}t')];
    expect(await subscriber.ssubscribe([a])).toBe(1);
    expect(await subscriber.ssubscribe([b])).toBe(1);
    expect(await subscriber.ssubscribe([a2])).toBe(2);
    expect(await subscriber.sunsubscribe([b])).toBe(0);
    expect(await subscriber.sunsubscribe([a])).toBe(1);
    expect(await subscriber.sunsubscribe()).toBe(0);
  });

  it('§2.7 SUBSCRIBE and PSUBSCRIBE are not slot-checked: one call may span slots', async () => {
    const { subscriber, received } = await inbox();
    const [a, b] = [ctx().key('{a}c'), ctx().key('{b}c')];
    const [pa, pb] = [ctx().key('{a}p*'), ctx().key('{b}p*')];
    expect(await subscriber.subscribe([a, b])).toBe(2);
    expect(await subscriber.psubscribe([pa, pb])).toBe(4);
    await ctx().port.publish(b, 'to b');
    expect(await received(1)).toEqual([message(b, 'to b')]);
    expect(await subscriber.punsubscribe([pa, pb])).toBe(2);
    expect(await subscriber.unsubscribe([a, b])).toBe(0);
  });

  it('§2.3 a classic PUBLISH reaches subscribers whichever node they are on', async () => {
    const listeners = await Promise.all([inbox(), inbox(), inbox(), inbox()]);
    const channel = ctx().key('broadcast');
    const pattern = ctx().key('broad*');
    for (const { subscriber } of listeners.slice(0, 3)) await subscriber.subscribe([channel]);
    await listeners[3].subscriber.psubscribe([pattern]);
    await ctx().port.publish(channel, 'hello');
    for (const { received } of listeners.slice(0, 3)) {
      expect(await received(1)).toEqual([message(channel, 'hello')]);
    }
    expect(await listeners[3].received(1)).toEqual([pmessage(pattern, channel, 'hello')]);
  });

  it('§2.7 SPUBLISH reaches the shard channel’s subscribers and no classic subscriber', async () => {
    const [first, second, classic] = [await inbox(), await inbox(), await inbox()];
    const channel = ctx().key('{tenant42}.events');
    await first.subscriber.ssubscribe([channel]);
    await second.subscriber.ssubscribe([channel]);
    await classic.subscriber.subscribe([channel]);
    await classic.subscriber.psubscribe([ctx().key('{tenant42}*')]);
    // Both shard subscribers are on the slot's owner, where SPUBLISH runs: it counts them both.
    expect(await ctx().port.spublish(channel, 'sharded')).toBe(2);
    expect(await first.received(1)).toEqual([smessage(channel, 'sharded')]);
    expect(await second.received(1)).toEqual([smessage(channel, 'sharded')]);
    await ctx().port.publish(channel, 'sentinel');
    // One PUBLISH, delivered by one node: the message comes before the pmessage (§2.3).
    expect(await classic.received(2)).toEqual([
      message(channel, 'sentinel'),
      pmessage(ctx().key('{tenant42}*'), channel, 'sentinel'),
    ]);
  });

  it('§2.7 SHARDNUMSUB counts a shard channel’s subscribers on its slot owner', async () => {
    const [one, two] = [await inbox(), await inbox()];
    const [a, b] = [ctx().key('{a}s'), ctx().key('{b}s')];
    await one.subscriber.ssubscribe([a]);
    await two.subscriber.ssubscribe([a]);
    await two.subscriber.ssubscribe([b]);
    expect(await ctx().port.pubsubShardNumsub([a, b, ctx().key('{a}none')])).toEqual([
      [a, 2],
      [b, 1],
      [ctx().key('{a}none'), 0],
    ]);
  });

  it('§2.6 §2.7 introspection answers for the whole cluster, whichever node holds a subscriber', async () => {
    const before = await ctx().port.pubsubNumpat();
    const listeners = await Promise.all([inbox(), inbox(), inbox()]);
    const [x, y] = [ctx().key('x'), ctx().key('y')];
    const [a, b] = [ctx().key('{a}s'), ctx().key('{b}s')];
    for (const { subscriber } of listeners) await subscriber.subscribe([x]);
    await listeners[0].subscriber.subscribe([y]);
    // Distinct patterns, one client each: counted once whichever node holds them.
    await listeners[1].subscriber.psubscribe([ctx().key('p1*')]);
    await listeners[2].subscriber.psubscribe([ctx().key('p2*')]);
    await listeners[0].subscriber.ssubscribe([a]);
    await listeners[1].subscriber.ssubscribe([b]);
    await listeners[2].subscriber.ssubscribe([a]);
    const prefix = x.slice(0, x.indexOf(':'));
    const mine = (names: string[]) => names.filter((n) => n.includes(prefix)).sort();
    expect(mine(await ctx().port.pubsubChannels(ctx().key('*')))).toEqual([x, y].sort());
    expect(await ctx().port.pubsubNumsub([x, y, ctx().key('none')])).toEqual([
      [x, 3],
      [y, 1],
      [ctx().key('none'), 0],
    ]);
    expect((await ctx().port.pubsubNumpat()) - before).toBe(2);
    expect(mine(await ctx().port.pubsubShardChannels())).toEqual([a, b].sort());
    expect(await ctx().port.pubsubShardNumsub([a, b])).toEqual([
      [a, 2],
      [b, 1],
    ]);
  });

  it('§2.7 a shard channel with an empty first tag `{}` hashes whole and is still delivered', async () => {
    const { subscriber, received } = await inbox();
    const channel = ctx().key('ch{}{tenant}');
    expect(await subscriber.ssubscribe([channel])).toBe(1);
    expect(await ctx().port.spublish(channel, 'ok')).toBe(1);
    expect(await received(1)).toEqual([smessage(channel, 'ok')]);
  });
});
