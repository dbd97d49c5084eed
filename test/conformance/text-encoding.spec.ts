import { describeConformance } from './conformance';
import { inboxes, message, pmessage } from './pubsub-inbox';

// Strings that are not well-formed UTF-16. Redis sees bytes: ioredis encodes each string to UTF-8,
// where a lone surrogate becomes U+FFFD (EF BF BD). So 'c\uD800' and 'c\uFFFD' are one name, and a
// lone surrogate in a value comes back as U+FFFD; the memory backend must agree.

const LONE_HIGH = '\uD800';
const LONE_LOW = '\uDC00';
const REPLACEMENT = '\uFFFD';

describeConformance('text encoding', 'standalone', (ctx) => {
  const inbox = inboxes(() => ctx().port);

  it('§2.3 a channel with a lone surrogate is the channel with U+FFFD in its place', async () => {
    const { subscriber, received } = await inbox();
    const [name, sent] = [ctx().key(`c${LONE_HIGH}`), ctx().key(`c${REPLACEMENT}`)];
    expect(await subscriber.subscribe([name])).toBe(1);
    expect(await ctx().port.publish(sent, 'one')).toBe(1);
    expect(await ctx().port.publish(name, `two${LONE_LOW}`)).toBe(1);
    expect(await received(2)).toEqual([message(sent, 'one'), message(sent, `two${REPLACEMENT}`)]);
    expect(await ctx().port.pubsubNumsub([name])).toEqual([[sent, 1]]);
    expect(await subscriber.unsubscribe([sent])).toBe(0);
  });

  it('§2.4 a pattern with a lone surrogate matches as its U+FFFD form', async () => {
    const { subscriber, received } = await inbox();
    const pattern = ctx().key(`p${LONE_HIGH}*`);
    const channel = ctx().key(`p${REPLACEMENT}x`);
    expect(await subscriber.psubscribe([pattern])).toBe(1);
    expect(await ctx().port.publish(channel, 'v')).toBe(1);
    expect(await received(1)).toEqual([pmessage(ctx().key(`p${REPLACEMENT}*`), channel, 'v')]);
  });
});

describeConformance('text encoding of data', 'all', (ctx) => {
  it('§3.1 list keys and elements with lone surrogates are stored as their U+FFFD form', async () => {
    const { port } = ctx();
    const [key, same] = [ctx().key(`{t}l${LONE_LOW}`), ctx().key(`{t}l${REPLACEMENT}`)];
    expect(await port.rpush(key, [`a${LONE_HIGH}`, 'b'])).toBe(2);
    expect(await port.llen(same)).toBe(2);
    expect(await port.lrange(key, 0, -1)).toEqual([`a${REPLACEMENT}`, 'b']);
    expect(await port.lrem(same, 0, `a${LONE_LOW}`)).toBe(1);
    expect(await port.blpop([key], 0)).toEqual([same, 'b']);
  });

  it('§4.2 stream fields, values and group names with lone surrogates come back as U+FFFD', async () => {
    const { port } = ctx();
    const key = ctx().key(`s${LONE_HIGH}`);
    const id = await port.xadd(key, '*', [`f${LONE_HIGH}`, `v${LONE_LOW}${LONE_HIGH}`]);
    expect(await port.xrange(key, '-', '+')).toEqual([
      { id, fields: [`f${REPLACEMENT}`, `v${REPLACEMENT}${REPLACEMENT}`] },
    ]);
    await port.xgroupCreate(key, `g${LONE_LOW}`, '0');
    expect((await port.xinfoGroups(key)).map((g) => g.name)).toEqual([`g${REPLACEMENT}`]);
    const read = await port.xreadgroup(`g${REPLACEMENT}`, `c${LONE_HIGH}`, [{ key, id: '>' }]);
    expect(read?.[0]?.[0]).toBe(ctx().key(`s${REPLACEMENT}`));
    expect((await port.xinfoConsumers(key, `g${LONE_LOW}`)).map((c) => c.name)).toEqual([
      `c${REPLACEMENT}`,
    ]);
  });
});
