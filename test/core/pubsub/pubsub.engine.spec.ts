import { BrokerConfigurationError } from '../../../lib/core/broker.errors';
import { PubSubEngine } from '../../../lib/core/pubsub/pubsub.engine';
import { BrokerReplyError } from '../../../lib/core/reply-error';
import { inbox, message, pmessage, smessage } from './pubsub-fixture';

describe('PubSubEngine, standalone', () => {
  let engine: PubSubEngine;
  beforeEach(() => {
    engine = new PubSubEngine({ shards: 0 });
  });

  describe('§2.1 SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE counts', () => {
    it('returns the channels + patterns held after the last argument; duplicates add nothing', () => {
      const client = engine.connect();
      expect(client.subscribe(['c1', 'c2', 'c1'])).toBe(2);
      expect(client.psubscribe(['p*'])).toBe(3);
      expect(client.subscribe(['c2'])).toBe(3);
    });

    it('counts shard channels apart: SUBSCRIBE s1, SSUBSCRIBE s1, SSUBSCRIBE s2 s3, PSUBSCRIBE p', () => {
      const client = engine.connect();
      expect(client.subscribe(['s1'])).toBe(1);
      expect(client.ssubscribe(['s1'])).toBe(1);
      expect(client.ssubscribe(['s2', 's3'])).toBe(3);
      expect(client.psubscribe(['p'])).toBe(2);
    });

    it.each(['subscribe', 'psubscribe', 'ssubscribe'] as const)(
      '%s without arguments is an arity error',
      (command) => {
        const client = engine.connect();
        expect(() => client[command]([])).toThrow(
          new BrokerReplyError(`ERR wrong number of arguments for '${command}' command`),
        );
        expect(() => client[command]([])).toThrow(BrokerReplyError);
      },
    );

    it('keeps channels, patterns and shard channels as independent namespaces', () => {
      const client = engine.connect();
      const received = inbox(client);
      client.psubscribe(['p*']);
      client.ssubscribe(['p*']);
      expect(client.unsubscribe(['p*'])).toBe(1);
      expect(client.sunsubscribe(['p*'])).toBe(0);
      expect(engine.publish('px', 'hi')).toBe(1);
      expect(received).toEqual([pmessage('p*', 'px', 'hi')]);
    });
  });

  describe('§2.2 UNSUBSCRIBE / PUNSUBSCRIBE / SUNSUBSCRIBE', () => {
    it('answers for names that were never subscribed', () => {
      const client = engine.connect();
      expect(client.unsubscribe(['x', 'y'])).toBe(0);
      expect(client.punsubscribe(['x'])).toBe(0);
      expect(client.sunsubscribe(['x'])).toBe(0);
    });

    it('without arguments (or with []) removes every name of that kind, and only that kind', () => {
      const client = engine.connect();
      client.subscribe(['z1', 'z2', 'z3']);
      client.psubscribe(['a*', 'b*']);
      client.ssubscribe(['s']);
      expect(client.unsubscribe()).toBe(2);
      expect(client.punsubscribe([])).toBe(0);
      expect(client.sunsubscribe()).toBe(0);
      expect(engine.channels()).toEqual([]);
      expect(engine.numpat()).toBe(0);
      expect(engine.shardChannels()).toEqual([]);
    });

    it('without arguments and nothing subscribed answers with the current count', () => {
      const client = engine.connect();
      client.psubscribe(['p']);
      expect(client.unsubscribe()).toBe(1);
      expect(client.sunsubscribe()).toBe(0);
    });

    it('stops deliveries for the removed names only', () => {
      const client = engine.connect();
      const received = inbox(client);
      client.subscribe(['a', 'b']);
      client.unsubscribe(['a']);
      expect(engine.publish('a', '1')).toBe(0);
      expect(engine.publish('b', '2')).toBe(1);
      expect(received).toEqual([message('b', '2')]);
    });
  });

  describe('§2.3 PUBLISH / SPUBLISH and delivery', () => {
    it('counts one delivery per subscribed client plus one per matching (client, pattern) pair', () => {
      const client = engine.connect();
      const received = inbox(client);
      client.subscribe(['c1']);
      client.psubscribe(['c*', 'c?', 'x*']);
      expect(engine.publish('c1', 'm')).toBe(3);
      expect(received[0]).toEqual(message('c1', 'm'));
      expect(received.slice(1)).toEqual(
        expect.arrayContaining([pmessage('c*', 'c1', 'm'), pmessage('c?', 'c1', 'm')]),
      );
      expect(received).toHaveLength(3);
    });

    it('delivers to every subscriber and every pattern holder, synchronously inside publish', () => {
      const [a, b, c] = [engine.connect(), engine.connect(), engine.connect()];
      const [ra, rb, rc] = [inbox(a), inbox(b), inbox(c)];
      a.subscribe(['news']);
      b.subscribe(['news']);
      b.psubscribe(['n*']);
      c.psubscribe(['n*']);
      expect(engine.publish('news', 'x')).toBe(4);
      expect(ra).toEqual([message('news', 'x')]);
      expect(rb).toEqual([message('news', 'x'), pmessage('n*', 'news', 'x')]);
      expect(rc).toEqual([pmessage('n*', 'news', 'x')]);
    });

    it('keeps publish order per client', () => {
      const client = engine.connect();
      const received = inbox(client);
      client.subscribe(['q']);
      for (const payload of ['1', '2', '3']) engine.publish('q', payload);
      expect(received.map((m) => m.payload)).toEqual(['1', '2', '3']);
    });

    it('never crosses between classic and shard channels; patterns never see shard channels', () => {
      const classic = engine.connect();
      const sharded = engine.connect();
      const [rc, rs] = [inbox(classic), inbox(sharded)];
      classic.subscribe(['ch']);
      classic.psubscribe(['*']);
      sharded.ssubscribe(['ch']);
      expect(engine.spublish('ch', 's')).toBe(1);
      expect(engine.publish('ch', 'p')).toBe(2);
      expect(rs).toEqual([smessage('ch', 's')]);
      expect(rc).toEqual([message('ch', 'p'), pmessage('*', 'ch', 'p')]);
    });

    it('accepts the empty channel name, which `*` does not match', () => {
      const client = engine.connect();
      const received = inbox(client);
      expect(engine.publish('', 'x')).toBe(0);
      client.psubscribe(['*']);
      expect(engine.publish('', 'x')).toBe(0);
      client.subscribe(['']);
      expect(engine.publish('', 'y')).toBe(1);
      expect(received).toEqual([message('', 'y')]);
    });

    it('delivers the snapshot taken at publish time even if a sink changes subscriptions', () => {
      const [a, b] = [engine.connect(), engine.connect()];
      const rb = inbox(b);
      a.setSink(() => {
        b.unsubscribe();
        a.subscribe(['t']); // already held: no second delivery, no loop
      });
      a.subscribe(['t']);
      b.subscribe(['t']);
      expect(engine.publish('t', '1')).toBe(2);
      expect(engine.publish('t', '2')).toBe(1);
      expect(rb).toEqual([message('t', '1')]);
    });
  });

  describe('§2.6 PUBSUB introspection', () => {
    it('CHANNELS lists channels with subscribers (not patterns), optionally filtered by a glob', () => {
      const [a, b] = [engine.connect(), engine.connect()];
      a.subscribe(['news.art', 'news.tech', 'sport']);
      b.subscribe(['sport']);
      b.psubscribe(['news.*']);
      expect(engine.channels().sort()).toEqual(['news.art', 'news.tech', 'sport']);
      expect(engine.channels('news.*').sort()).toEqual(['news.art', 'news.tech']);
      expect(engine.channels('x*')).toEqual([]);
      a.unsubscribe(['news.art']);
      expect(engine.channels('news.*')).toEqual(['news.tech']);
    });

    it('NUMSUB counts channel subscribers in argument order, not pattern subscriptions', () => {
      const [a, b] = [engine.connect(), engine.connect()];
      a.subscribe(['x', 'y']);
      b.subscribe(['x']);
      b.psubscribe(['x', 'y*']);
      expect(engine.numsub(['x', 'y', 'z', 'x'])).toEqual([
        ['x', 2],
        ['y', 1],
        ['z', 0],
        ['x', 2],
      ]);
      expect(engine.numsub([])).toEqual([]);
    });

    it('NUMPAT counts distinct patterns across clients', () => {
      const [a, b] = [engine.connect(), engine.connect()];
      a.psubscribe(['foo*', 'bar*']);
      b.psubscribe(['foo*']);
      expect(engine.numpat()).toBe(2);
      a.punsubscribe(['foo*']);
      expect(engine.numpat()).toBe(2);
      b.punsubscribe();
      expect(engine.numpat()).toBe(1);
    });

    it('SHARDCHANNELS and SHARDNUMSUB see shard channels only', () => {
      const [a, b] = [engine.connect(), engine.connect()];
      a.ssubscribe(['s1', 's2']);
      b.ssubscribe(['s1']);
      b.subscribe(['c1']);
      expect(engine.shardChannels().sort()).toEqual(['s1', 's2']);
      expect(engine.shardChannels('*2')).toEqual(['s2']);
      expect(engine.shardNumsub(['s1', 's2', 'c1'])).toEqual([
        ['s1', 2],
        ['s2', 1],
        ['c1', 0],
      ]);
      expect(engine.channels()).toEqual(['c1']);
    });
  });

  describe('§2.7 sharded pub/sub outside a cluster', () => {
    it('lets one SSUBSCRIBE combine channels of different slots', () => {
      const client = engine.connect();
      const received = inbox(client);
      expect(client.ssubscribe(['a', 'b'])).toBe(2);
      expect(engine.spublish('a', '1')).toBe(1);
      expect(engine.spublish('b', '2')).toBe(1);
      expect(client.sunsubscribe(['a', 'b'])).toBe(0);
      expect(received).toEqual([smessage('a', '1'), smessage('b', '2')]);
    });
  });

  describe('closing', () => {
    it('drops every subscription of the client, and later calls fail', () => {
      const [a, b] = [engine.connect(), engine.connect()];
      const ra = inbox(a);
      a.subscribe(['c']);
      a.psubscribe(['c*']);
      a.ssubscribe(['s']);
      b.subscribe(['c']);
      a.close();
      a.close(); // idempotent
      expect(engine.numsub(['c'])).toEqual([['c', 1]]);
      expect(engine.numpat()).toBe(0);
      expect(engine.shardNumsub(['s'])).toEqual([['s', 0]]);
      expect(engine.publish('c', 'x')).toBe(1);
      expect(ra).toEqual([]);
      expect(() => a.subscribe(['c'])).toThrow('Connection is closed.');
    });

    it('closeAll closes every client', () => {
      const clients = [engine.connect(), engine.connect()];
      clients.forEach((client, i) => client.subscribe([`c${i}`]));
      engine.closeAll();
      expect(engine.channels()).toEqual([]);
      expect(engine.nodes()[0].clients).toBe(0);
      expect(() => clients[0].unsubscribe()).toThrow('Connection is closed.');
    });
  });

  describe('node statistics', () => {
    it('reports one node owning every slot, with its counters', () => {
      const client = engine.connect();
      client.subscribe(['c']);
      client.psubscribe(['*']);
      client.ssubscribe(['s']);
      engine.publish('c', '1');
      engine.publish('other', '2');
      engine.spublish('s', '3');
      expect(engine.nodes()).toEqual([
        {
          node: 0,
          slots: { start: 0, end: 16383 },
          published: 2,
          shardPublished: 1,
          delivered: 4,
          clients: 1,
          channels: 1,
          patterns: 1,
          shardChannels: 1,
        },
      ]);
    });

    it('rejects an invalid shard count and unknown nodes', () => {
      expect(() => new PubSubEngine({ shards: -1 })).toThrow(BrokerConfigurationError);
      expect(() => new PubSubEngine({ shards: 1.5 })).toThrow(BrokerConfigurationError);
      expect(() => engine.connect(1)).toThrow(RangeError);
      expect(() => engine.publish('c', 'x', 1)).toThrow(RangeError);
    });
  });
});
