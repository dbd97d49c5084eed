import { describeConformance } from './conformance';
import { inboxes, message, pmessage, smessage } from './pubsub-inbox';

describeConformance('pub/sub', 'standalone', (ctx) => {
  const inbox = inboxes(() => ctx().port);

  describe('§2.1 subscribe counts', () => {
    it('§2.1 counts channels + patterns after the last argument; a repeated channel adds nothing', async () => {
      const { subscriber } = await inbox();
      const [c1, c2] = [ctx().key('c1'), ctx().key('c2')];
      expect(await subscriber.subscribe([c1, c2, c1])).toBe(2);
      expect(await subscriber.psubscribe([ctx().key('p*')])).toBe(3);
    });

    it('§2.1 counts shard channels apart from channels and patterns', async () => {
      const { subscriber } = await inbox();
      const [s1, s2, s3] = [ctx().key('s1'), ctx().key('s2'), ctx().key('s3')];
      expect(await subscriber.subscribe([s1])).toBe(1);
      expect(await subscriber.ssubscribe([s1])).toBe(1);
      expect(await subscriber.ssubscribe([s2, s3])).toBe(3);
      expect(await subscriber.psubscribe([ctx().key('p')])).toBe(2);
    });

    it('§2.1 SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE without arguments are arity errors', async () => {
      const { subscriber } = await inbox();
      for (const command of ['subscribe', 'psubscribe', 'ssubscribe'] as const) {
        await expect(subscriber[command]([])).rejects.toMatchObject({
          message: `ERR wrong number of arguments for '${command}' command`,
        });
      }
    });
  });

  describe('§2.2 unsubscribe counts', () => {
    it('§2.2 answers for names never subscribed', async () => {
      const { subscriber } = await inbox();
      expect(await subscriber.unsubscribe([ctx().key('x'), ctx().key('y')])).toBe(0);
      expect(await subscriber.punsubscribe([ctx().key('x*')])).toBe(0);
      expect(await subscriber.sunsubscribe([ctx().key('x')])).toBe(0);
    });

    it('§2.2 without arguments drops every channel; the patterns still count', async () => {
      const { subscriber } = await inbox();
      await subscriber.subscribe([ctx().key('z1'), ctx().key('z2'), ctx().key('z3')]);
      await subscriber.psubscribe([ctx().key('p*')]);
      expect(await subscriber.unsubscribe()).toBe(1);
      expect(await subscriber.punsubscribe()).toBe(0);
      expect(await ctx().port.pubsubChannels(ctx().key('*'))).toEqual([]);
    });

    it('§2.2 without arguments and nothing of that kind held: 0', async () => {
      const { subscriber } = await inbox();
      expect(await subscriber.unsubscribe()).toBe(0);
      expect(await subscriber.punsubscribe()).toBe(0);
      expect(await subscriber.sunsubscribe()).toBe(0);
      await subscriber.ssubscribe([ctx().key('s')]);
      expect(await subscriber.unsubscribe()).toBe(0);
      expect(await subscriber.sunsubscribe()).toBe(0);
    });

    it('§2.2 without arguments, sent before the subscribe has answered: drops what it subscribed', async () => {
      const { subscriber, received } = await inbox();
      const [x, p, s, sentinel] = [
        ctx().key('x'),
        ctx().key('x*'),
        ctx().key('s'),
        ctx().key('sentinel'),
      ];
      expect(await Promise.all([subscriber.subscribe([x]), subscriber.unsubscribe()])).toEqual([
        1, 0,
      ]);
      expect(await Promise.all([subscriber.psubscribe([p]), subscriber.punsubscribe()])).toEqual([
        1, 0,
      ]);
      expect(await Promise.all([subscriber.ssubscribe([s]), subscriber.sunsubscribe()])).toEqual([
        1, 0,
      ]);
      expect(await ctx().port.publish(x, 'lost')).toBe(0);
      expect(await ctx().port.spublish(s, 'lost')).toBe(0);
      expect(await subscriber.subscribe([sentinel])).toBe(1);
      await ctx().port.publish(sentinel, 'sentinel');
      expect(await received(1)).toEqual([message(sentinel, 'sentinel')]);
    });

    it('§2.2 a channel unsubscribed then subscribed again before either answered is held', async () => {
      const { subscriber } = await inbox();
      const y = ctx().key('y');
      await subscriber.subscribe([y]);
      expect(await Promise.all([subscriber.unsubscribe([y]), subscriber.subscribe([y])])).toEqual([
        0, 1,
      ]);
      expect(await subscriber.unsubscribe()).toBe(0);
      expect(await ctx().port.publish(y, 'lost')).toBe(0);
    });

    it('§2.2 an unsubscribed channel is no longer delivered', async () => {
      const { subscriber, received } = await inbox();
      const [a, b] = [ctx().key('a'), ctx().key('b')];
      await subscriber.subscribe([a, b]);
      expect(await subscriber.unsubscribe([a])).toBe(1);
      expect(await ctx().port.publish(a, 'lost')).toBe(0);
      await ctx().port.publish(b, 'sentinel');
      expect(await received(1)).toEqual([message(b, 'sentinel')]);
    });
  });

  describe('§2.3 PUBLISH and delivery', () => {
    it('§2.3 returns the receivers and delivers message frames to each subscriber', async () => {
      const [one, two] = [await inbox(), await inbox()];
      const channel = ctx().key('news');
      await one.subscriber.subscribe([channel]);
      await two.subscriber.subscribe([channel]);
      expect(await ctx().port.publish(channel, 'héllo wörld')).toBe(2);
      expect(await one.received(1)).toEqual([message(channel, 'héllo wörld')]);
      expect(await two.received(1)).toEqual([message(channel, 'héllo wörld')]);
    });

    it('§2.3 one client with channel c1 and patterns c*, c? gets 3 messages, the message first', async () => {
      const { subscriber, received } = await inbox();
      const channel = ctx().key('c1');
      const [star, single] = [ctx().key('c*'), ctx().key('c?')];
      await subscriber.subscribe([channel]);
      await subscriber.psubscribe([star, single, ctx().key('x*')]);
      expect(await ctx().port.publish(channel, 'm')).toBe(3);
      const [first, ...rest] = await received(3);
      expect(first).toEqual(message(channel, 'm'));
      expect(rest).toHaveLength(2);
      expect(rest).toEqual(
        expect.arrayContaining([pmessage(star, channel, 'm'), pmessage(single, channel, 'm')]),
      );
    });

    it('§2.3 delivers one publisher’s messages in publish order', async () => {
      const { subscriber, received } = await inbox();
      const channel = ctx().key('ordered');
      await subscriber.subscribe([channel]);
      for (let i = 1; i <= 5; i++) await ctx().port.publish(channel, String(i));
      expect((await received(5)).map((m) => m.payload)).toEqual(['1', '2', '3', '4', '5']);
    });

    it('§2.3 PUBLISH to a channel nobody holds answers 0', async () => {
      expect(await ctx().port.publish(ctx().key('nobody'), 'x')).toBe(0);
      expect(await ctx().port.spublish(ctx().key('nobody'), 'x')).toBe(0);
    });

    it('§2.3 every listener of a subscriber gets every message; a removed listener gets no more', async () => {
      const { subscriber, received } = await inbox();
      const channel = ctx().key('c');
      const seen: string[] = [];
      const remove = subscriber.onMessage((m) => seen.push(m.payload));
      await subscriber.subscribe([channel]);
      await ctx().port.publish(channel, '1');
      await received(1);
      expect(seen).toEqual(['1']);
      remove();
      await ctx().port.publish(channel, '2');
      expect((await received(2)).map((m) => m.payload)).toEqual(['1', '2']);
      expect(seen).toEqual(['1']);
    });

    it('§2.3 accepts the empty channel name', async () => {
      const { subscriber, received } = await inbox();
      expect(await subscriber.subscribe([''])).toBe(1);
      expect(await ctx().port.publish('', 'x')).toBe(1);
      expect(await received(1)).toEqual([message('', 'x')]);
    });
  });

  describe('§2.4 pattern syntax', () => {
    // Same matcher for PSUBSCRIBE and PUBSUB CHANNELS; the edge cases are Redis's, not textbook glob.
    it.each([
      ['[a-]', [']', 'a']], // a range up to `]`, left open
      ['[]a]', []], // `[]` is an empty set: never matches
      ['a\\', ['a\\']], // trailing backslash is literal
      ['[^', [']', 'a', 'b']], // unterminated negated set: any one byte
      ['?', [']', 'a', 'b']], // one byte: é (two bytes in UTF-8) is not matched
      ['??', ['ab', 'a\\', 'é']],
      // é is bytes c3 a9: the set is c3 plus the range a9..'a', compared as signed bytes (-87..97)
      ['[é-a]?', ['ab', 'a\\', 'é']],
    ])('§2.4 PUBSUB CHANNELS <prefix>%s lists exactly %j', async (tail, expected) => {
      const { subscriber } = await inbox();
      const names = [']', 'a', 'b', 'ab', 'a\\', 'é'];
      await subscriber.subscribe(names.map((n) => ctx().key(n)));
      const channels = await ctx().port.pubsubChannels(ctx().key(tail));
      expect(channels.sort()).toEqual(expected.map((n) => ctx().key(n)).sort());
    });

    it('§2.4 the observed pattern matrix: ? [ae] [^e] [a-b] [b-a] \\* and * over hello, hallo ...', async () => {
      const { subscriber, received } = await inbox();
      const channels = ['hello', 'hallo', 'hbllo', 'hxllo', 'h*llo', 'hllo'];
      const matches: Record<string, string[]> = {
        'h?llo': ['hello', 'hallo', 'hbllo', 'hxllo', 'h*llo'],
        'h[ae]llo': ['hello', 'hallo'],
        'h[^e]llo': ['hallo', 'hbllo', 'hxllo', 'h*llo'],
        'h[a-b]llo': ['hallo', 'hbllo'],
        'h[b-a]llo': ['hallo', 'hbllo'], // a reversed range is swapped
        'h\\*llo': ['h*llo'],
        '*': channels,
      };
      await subscriber.psubscribe(Object.keys(matches).map((p) => ctx().key(p)));
      const expected: string[] = [];
      for (const channel of channels) {
        const patterns = Object.keys(matches).filter((p) => matches[p].includes(channel));
        expect([channel, await ctx().port.publish(ctx().key(channel), channel)]).toEqual([
          channel,
          patterns.length,
        ]);
        expected.push(...patterns.map((p) => `${p} ${channel}`));
      }
      const got = await received(expected.length);
      const prefix = ctx().key('').length;
      const pairs = got.map((m) =>
        m.kind === 'pmessage' ? `${m.pattern.slice(prefix)} ${m.payload}` : '',
      );
      expect(pairs.sort()).toEqual(expected.sort());
    });

    it('§2.4 PSUBSCRIBE delivers pmessage frames for matching channels only', async () => {
      const { subscriber, received } = await inbox();
      const pattern = ctx().key('h[ae]llo');
      await subscriber.psubscribe([pattern]);
      expect(await ctx().port.publish(ctx().key('hillo'), 'no')).toBe(0);
      expect(await ctx().port.publish(ctx().key('hello'), 'yes')).toBe(1);
      expect(await received(1)).toEqual([pmessage(pattern, ctx().key('hello'), 'yes')]);
    });
  });

  describe('§2.6 PUBSUB introspection', () => {
    it('§2.6 CHANNELS lists channels with subscribers, not patterns', async () => {
      const [one, two] = [await inbox(), await inbox()];
      const [art, tech, sport] = [
        ctx().key('news.art'),
        ctx().key('news.tech'),
        ctx().key('sport'),
      ];
      await one.subscriber.subscribe([art, tech, sport]);
      await two.subscriber.subscribe([sport]);
      await two.subscriber.psubscribe([ctx().key('news.*')]);
      expect((await ctx().port.pubsubChannels(ctx().key('*'))).sort()).toEqual(
        [art, tech, sport].sort(),
      );
      expect((await ctx().port.pubsubChannels(ctx().key('news.*'))).sort()).toEqual(
        [art, tech].sort(),
      );
    });

    it('§2.6 NUMSUB counts channel subscribers in argument order, patterns not counted', async () => {
      const [one, two] = [await inbox(), await inbox()];
      const [x, y, z] = [ctx().key('x'), ctx().key('y'), ctx().key('z')];
      await one.subscriber.subscribe([x, y]);
      await two.subscriber.subscribe([x]);
      await two.subscriber.psubscribe([x, ctx().key('y*')]);
      expect(await ctx().port.pubsubNumsub([x, y, z, x])).toEqual([
        [x, 2],
        [y, 1],
        [z, 0],
        [x, 2],
      ]);
      expect(await ctx().port.pubsubNumsub([])).toEqual([]);
    });

    it('§2.6 NUMPAT counts a pattern held by two clients once', async () => {
      // NUMPAT is server-wide: compare with the count before, all patterns here are this test's own.
      const before = await ctx().port.pubsubNumpat();
      const [one, two] = [await inbox(), await inbox()];
      const [foo, bar] = [ctx().key('foo*'), ctx().key('bar*')];
      await one.subscriber.psubscribe([foo, bar]);
      await two.subscriber.psubscribe([foo]);
      expect((await ctx().port.pubsubNumpat()) - before).toBe(2);
      await one.subscriber.punsubscribe();
      expect((await ctx().port.pubsubNumpat()) - before).toBe(1);
    });

    it('§2.6 a closed subscriber no longer counts', async () => {
      const { subscriber } = await inbox();
      const channel = ctx().key('c');
      await subscriber.subscribe([channel]);
      await subscriber.close();
      expect(await ctx().port.pubsubNumsub([channel])).toEqual([[channel, 0]]);
    });
  });

  describe('§2.1 §2.3 independent namespaces', () => {
    it('§2.1 UNSUBSCRIBE of a pattern’s text leaves the pattern subscribed', async () => {
      const { subscriber, received } = await inbox();
      const pattern = ctx().key('p*');
      await subscriber.psubscribe([pattern]);
      expect(await subscriber.unsubscribe([pattern])).toBe(1);
      expect(await ctx().port.publish(ctx().key('px'), 'hi')).toBe(1);
      expect(await received(1)).toEqual([pmessage(pattern, ctx().key('px'), 'hi')]);
    });

    it('§2.3 PUBLISH never reaches shard subscribers and SPUBLISH never reaches channel ones', async () => {
      const [classic, sharded] = [await inbox(), await inbox()];
      const channel = ctx().key('both');
      await classic.subscriber.subscribe([channel]);
      await classic.subscriber.psubscribe([ctx().key('*')]);
      await sharded.subscriber.ssubscribe([channel]);
      expect(await ctx().port.spublish(channel, 'sharded')).toBe(1);
      expect(await ctx().port.publish(channel, 'classic')).toBe(2);
      await ctx().port.spublish(channel, 'sentinel');
      expect(await sharded.received(2)).toEqual([
        smessage(channel, 'sharded'),
        smessage(channel, 'sentinel'),
      ]);
      expect(await classic.received(2)).toEqual([
        message(channel, 'classic'),
        pmessage(ctx().key('*'), channel, 'classic'),
      ]);
    });
  });

  describe('§2.7 sharded pub/sub outside a cluster', () => {
    it('§2.7 SSUBSCRIBE may combine channels of different slots; SPUBLISH delivers smessage', async () => {
      const { subscriber, received } = await inbox();
      const [a, b] = [ctx().key('{a}s'), ctx().key('{b}s')];
      expect(await subscriber.ssubscribe([a, b])).toBe(2);
      expect(await ctx().port.spublish(a, '1')).toBe(1);
      expect(await ctx().port.spublish(b, '2')).toBe(1);
      expect(await received(2)).toEqual([smessage(a, '1'), smessage(b, '2')]);
      const prefix = a.slice(a.indexOf(':') + 1);
      expect((await ctx().port.pubsubShardChannels(`*:${prefix}`)).sort()).toEqual([a, b].sort());
      expect(await ctx().port.pubsubChannels(`*:${prefix}`)).toEqual([]);
      expect(await ctx().port.pubsubShardNumsub([a, b])).toEqual([
        [a, 1],
        [b, 1],
      ]);
      expect(await subscriber.sunsubscribe([a, b])).toBe(0);
      expect(await ctx().port.spublish(a, 'lost')).toBe(0);
    });
  });
});
