import { BrokerClosedError } from '../../lib/core/broker.errors';
import type { Redis } from 'ioredis';
import { BrokerReplyError } from '../../lib/core/reply-error';
import type { RedisBackend } from '../../lib/backends/redis/redis.backend';
import { waitUntilBlocked } from '../conformance/blocked-clients';
import {
  clientsOf,
  describeRedis,
  eventually,
  rawClient,
  recordingLogger,
  standaloneBackend,
  uniqueKey,
} from './redis-test-kit';

describeRedis('blocking calls', 'standalone', () => {
  let backend: RedisBackend;
  let raw: Redis;

  beforeEach(() => {
    backend = standaloneBackend();
    raw = rawClient();
  });
  afterEach(async () => {
    await backend.close();
    raw.disconnect();
  });

  const blockingConnections = async (): Promise<number> =>
    (await clientsOf(raw, backend)).filter((c) => c.name.includes(':blocking-')).length;

  describe('connection roles', () => {
    it('a BLPOP waiting forever does not hold up commands of the same backend', async () => {
      const key = uniqueKey('q');
      const popped = backend.blpop([key], 0);
      await waitUntilBlocked(backend, 1);
      expect(await backend.lpush(key, ['job'])).toBe(1);
      await expect(popped).resolves.toEqual([key, 'job']);
    });

    it('BLMOVE, XREAD BLOCK and XREADGROUP BLOCK wait on connections of their own too', async () => {
      const [src, dst, stream] = [uniqueKey('{m}src'), uniqueKey('{m}dst'), uniqueKey('s')];
      await backend.xgroupCreate(stream, 'g', '$', { mkStream: true });
      const moved = backend.blmove(src, dst, 'LEFT', 'RIGHT', 0);
      const read = backend.xread([{ key: stream, id: '$' }], { blockMs: 0 });
      const grouped = backend.xreadgroup('g', 'alice', [{ key: stream, id: '>' }], { blockMs: 0 });
      await waitUntilBlocked(backend, 3);
      expect(await blockingConnections()).toBe(3);
      await backend.rpush(src, ['x']);
      const id = await backend.xadd(stream, '*', ['f', 'v']);
      await expect(moved).resolves.toBe('x');
      await expect(read).resolves.toEqual([[stream, [{ id, fields: ['f', 'v'] }]]]);
      await expect(grouped).resolves.toEqual([[stream, [{ id, fields: ['f', 'v'] }]]]);
    });

    it('a blocking call answered at once still gives the reply types of the port', async () => {
      const key = uniqueKey('q');
      await backend.rpush(key, ['a', 'b']);
      expect(await backend.brpop([key], 1)).toEqual([key, 'b']);
      expect(await backend.blpop([uniqueKey('empty')], 0.01)).toBeNull();
      expect(
        await backend.xread([{ key: uniqueKey('none'), id: '0' }], { blockMs: 10 }),
      ).toBeNull();
    });

    it('an error reply of a blocking call is a BrokerReplyError with Redis text', async () => {
      const key = uniqueKey('s');
      await backend.xadd(key, '*', ['f', 'v']);
      const failure = backend.blpop([key], 0);
      await expect(failure).rejects.toBeInstanceOf(BrokerReplyError);
      await expect(failure).rejects.toMatchObject({
        message: 'WRONGTYPE Operation against a key holding the wrong kind of value',
        code: 'WRONGTYPE',
      });
      await expect(backend.blpop([key], -1)).rejects.toMatchObject({
        message: 'ERR timeout is negative',
      });
    });
  });

  describe('pool', () => {
    it('reuses one connection for calls made one after the other', async () => {
      const key = uniqueKey('q');
      await backend.rpush(key, ['1', '2', '3']);
      for (let i = 0; i < 3; i++) await backend.blpop([key], 0);
      expect(await blockingConnections()).toBe(1);
    });

    it('queues calls beyond blockingPoolSize until a connection is free', async () => {
      const small = standaloneBackend({ blockingPoolSize: 2 });
      try {
        const [a, b, c] = [uniqueKey('a'), uniqueKey('b'), uniqueKey('c')];
        const first = small.blpop([a], 0);
        const second = small.blpop([b], 0);
        const third = small.blpop([c], 0);
        await waitUntilBlocked(small, 2);
        expect(
          (await clientsOf(raw, small)).filter((x) => x.name.includes(':blocking-')),
        ).toHaveLength(2);
        await small.rpush(c, ['for-third']); // third is queued, not blocked: the element stays
        await small.rpush(a, ['for-first']);
        await expect(first).resolves.toEqual([a, 'for-first']);
        await expect(third).resolves.toEqual([c, 'for-third']);
        await small.rpush(b, ['for-second']);
        await expect(second).resolves.toEqual([b, 'for-second']);
      } finally {
        await small.close();
      }
    });

    it('opens connections on demand, up to blockingPoolSize', async () => {
      expect(backend.blockingDiagnostics()).toEqual({
        poolSize: 50,
        connections: 0,
        busy: 0,
        queued: 0,
      });
      const key = uniqueKey('q');
      const popped = backend.blpop([key], 0);
      await waitUntilBlocked(backend, 1);
      expect(backend.blockingDiagnostics()).toMatchObject({ connections: 1, busy: 1 });
      await backend.rpush(key, ['x']);
      await popped;
      expect(backend.blockingDiagnostics()).toMatchObject({ connections: 1, busy: 0 });
    });

    it('warns once when the pool runs out, and counts the queued calls', async () => {
      const logger = recordingLogger();
      const small = standaloneBackend({ blockingPoolSize: 1, logger });
      try {
        const [a, b, c] = [uniqueKey('a'), uniqueKey('b'), uniqueKey('c')];
        const calls = [small.blpop([a], 0)];
        await waitUntilBlocked(small, 1);
        expect(logger.warnings).toEqual([]);
        calls.push(small.blpop([b], 0), small.blpop([c], 0));
        await eventually('two calls queued', async () => small.blockingDiagnostics().queued === 2);
        expect(small.blockingDiagnostics()).toEqual({
          poolSize: 1,
          connections: 1,
          busy: 1,
          queued: 2,
        });
        expect(logger.warnings).toHaveLength(1);
        expect(logger.warnings[0]).toContain('all 1 blocking connections are busy');
        expect(logger.warnings[0]).toContain('blockingPoolSize');
        await small.rpush(a, ['1']);
        await small.rpush(b, ['2']);
        await small.rpush(c, ['3']);
        expect(await Promise.all(calls)).toEqual([
          [a, '1'],
          [b, '2'],
          [c, '3'],
        ]);
        expect(small.blockingDiagnostics().queued).toBe(0);
        expect(logger.warnings).toHaveLength(1);
      } finally {
        await small.close();
      }
    });

    describe('a call queued for a connection (blockingPoolSize: 1)', () => {
      let small: RedisBackend;
      let holder: Promise<unknown>;
      let holderKey: string;

      beforeEach(async () => {
        small = standaloneBackend({ blockingPoolSize: 1 });
        holderKey = uniqueKey('holder');
        holder = small.blpop([holderKey], 0); // holds the only connection
        await waitUntilBlocked(small, 1);
      });
      afterEach(async () => {
        await small.rpush(holderKey, ['release']);
        await holder;
        await small.close();
      });

      it('times out counting from the call, though the connection never became free', async () => {
        const since = Date.now();
        let holderDone = false;
        void holder.then(() => (holderDone = true));
        await expect(small.blpop([uniqueKey('q')], 0.3)).resolves.toBeNull();
        expect(Date.now() - since).toBeGreaterThanOrEqual(250);
        expect(holderDone).toBe(false);
      });

      it('is served at its deadline from data pushed while it queued, never null', async () => {
        const key = uniqueKey('q');
        const queued = small.blpop([key], 0.3);
        await small.rpush(key, ['x']); // no blocked client on it: the element waits in the list
        await expect(queued).resolves.toEqual([key, 'x']);
        expect(await small.exists([key])).toBe(0);
      });

      it('XREADGROUP queued past its deadline reads the entries already there', async () => {
        const key = uniqueKey('s');
        await small.xgroupCreate(key, 'g', '$', { mkStream: true });
        const queued = small.xreadgroup('g', 'c', [{ key, id: '>' }], { blockMs: 300 });
        const id = await small.xadd(key, '*', ['f', 'v']);
        await expect(queued).resolves.toEqual([[key, [{ id, fields: ['f', 'v'] }]]]);
        expect((await small.xpending(key, 'g')).count).toBe(1);
      });
    });

    it('a call that waited for a connection is sent with the time it has left', async () => {
      const small = standaloneBackend({ blockingPoolSize: 1 });
      const monitor = await raw.monitor();
      const [a, b] = [uniqueKey('a'), uniqueKey('b')];
      const sent: string[] = [];
      monitor.on('monitor', (_time: string, args: string[]) => {
        if (args[0]?.toUpperCase() === 'BLPOP' && args[1] === b) sent.push(args[2]);
      });
      try {
        const first = small.blpop([a], 0.2);
        const second = small.blpop([b], 5);
        await expect(first).resolves.toBeNull();
        await waitUntilBlocked(small, 1);
        await small.rpush(b, ['x']);
        await expect(second).resolves.toEqual([b, 'x']);
        expect(sent).toHaveLength(1);
        expect(Number(sent[0])).toBeGreaterThan(0);
        expect(Number(sent[0])).toBeLessThanOrEqual(4.8); // the 200 ms spent queued are gone
      } finally {
        monitor.disconnect();
        await small.close();
      }
    });

    it('close() ends every blocked and queued call with null and closes the connections', async () => {
      const small = standaloneBackend({ blockingPoolSize: 1 });
      const blocked = small.blpop([uniqueKey('a')], 0);
      const queued = small.xread([{ key: uniqueKey('s'), id: '$' }], { blockMs: 0 });
      await waitUntilBlocked(small, 1);
      await small.close();
      await expect(blocked).resolves.toBeNull();
      await expect(queued).resolves.toBeNull();
      await eventually(
        'no connection of the closed backend left',
        async () => (await clientsOf(raw, small)).length === 0,
      );
      await expect(small.blpop([uniqueKey('a')], 0)).rejects.toBeInstanceOf(BrokerClosedError);
    });
  });

  describe('abort', () => {
    it('an aborted call ends with null, via CLIENT UNBLOCK, and its connection is reused', async () => {
      const key = uniqueKey('q');
      const controller = new AbortController();
      const popped = backend.blpop([key], 0, { signal: controller.signal });
      await waitUntilBlocked(backend, 1);
      controller.abort();
      await expect(popped).resolves.toBeNull();
      expect(await backend.blockedClients()).toBe(0);
      await backend.rpush(key, ['kept']);
      expect(await backend.lrange(key, 0, -1)).toEqual(['kept']); // the aborted call took nothing
      await backend.blpop([key], 0);
      expect(await blockingConnections()).toBe(1);
    });

    it('aborts XREADGROUP BLOCK with null and no delivery', async () => {
      const key = uniqueKey('s');
      await backend.xgroupCreate(key, 'g', '$', { mkStream: true });
      const controller = new AbortController();
      const read = backend.xreadgroup('g', 'c', [{ key, id: '>' }], {
        blockMs: 0,
        signal: controller.signal,
      });
      await waitUntilBlocked(backend, 1);
      controller.abort();
      await expect(read).resolves.toBeNull();
      expect((await backend.xpending(key, 'g')).count).toBe(0);
    });

    it('an already aborted signal answers null without sending anything', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(
        backend.blpop([uniqueKey('q')], 0, { signal: controller.signal }),
      ).resolves.toBeNull();
      expect(await blockingConnections()).toBe(0);
    });

    it('aborting a call queued for a connection removes it from the queue', async () => {
      const small = standaloneBackend({ blockingPoolSize: 1 });
      try {
        const [a, b] = [uniqueKey('a'), uniqueKey('b')];
        const first = small.blpop([a], 0);
        const controller = new AbortController();
        const queued = small.blpop([b], 0, { signal: controller.signal });
        await waitUntilBlocked(small, 1);
        controller.abort();
        await expect(queued).resolves.toBeNull();
        await small.rpush(b, ['stays']);
        await small.rpush(a, ['x']);
        await expect(first).resolves.toEqual([a, 'x']);
        expect(await small.lrange(b, 0, -1)).toEqual(['stays']);
      } finally {
        await small.close();
      }
    });
  });

  describe('connection loss', () => {
    async function killBlockedConnection(target: RedisBackend): Promise<number> {
      const blocked = (await clientsOf(raw, target)).find((c) => c.flags.includes('b'));
      if (!blocked) throw new Error('no blocked client to kill');
      await raw.call('CLIENT', 'KILL', 'ID', blocked.id);
      return blocked.id;
    }

    it('a blocked BLPOP whose connection is killed is re-issued after the reconnect, once', async () => {
      const key = uniqueKey('q');
      const popped = backend.blpop([key], 0);
      await waitUntilBlocked(backend, 1);
      const killed = await killBlockedConnection(backend);
      await eventually('re-issued on a new connection', async () =>
        (await clientsOf(raw, backend)).some((c) => c.flags.includes('b') && c.id !== killed),
      );
      await backend.rpush(key, ['first', 'second']);
      await expect(popped).resolves.toEqual([key, 'first']);
      expect(await backend.lrange(key, 0, -1)).toEqual(['second']);
    });

    it('the re-issued command carries the time that remains, not the original timeout', async () => {
      const key = uniqueKey('q');
      const monitor = await raw.monitor();
      const sent: string[][] = [];
      monitor.on('monitor', (_time: string, args: string[]) => {
        if (args[0]?.toUpperCase() === 'BLPOP' && args[1] === key) sent.push(args);
      });
      try {
        const popped = backend.blpop([key], 30);
        await waitUntilBlocked(backend, 1);
        await killBlockedConnection(backend);
        await eventually('BLPOP sent twice', async () => sent.length === 2);
        // Both count from the call: the first send already leaves out the connection's handshake.
        const [first, left] = [Number(sent[0][2]), Number(sent[1][2])];
        expect(first).toBeLessThanOrEqual(30);
        expect(left).toBeGreaterThan(0);
        expect(left).toBeLessThan(30);
        expect(left).toBeLessThanOrEqual(first);
        await backend.rpush(key, ['x']);
        await expect(popped).resolves.toEqual([key, 'x']);
      } finally {
        monitor.disconnect();
      }
    });

    it('XREADGROUP BLOCK is re-issued too', async () => {
      const key = uniqueKey('s');
      await backend.xgroupCreate(key, 'g', '$', { mkStream: true });
      const read = backend.xreadgroup('g', 'c', [{ key, id: '>' }], { blockMs: 0, count: 1 });
      await waitUntilBlocked(backend, 1);
      const killed = await killBlockedConnection(backend);
      await eventually('re-issued', async () =>
        (await clientsOf(raw, backend)).some((c) => c.flags.includes('b') && c.id !== killed),
      );
      const id = await backend.xadd(key, '*', ['f', 'v']);
      await expect(read).resolves.toEqual([[key, [{ id, fields: ['f', 'v'] }]]]);
    });
  });

  describe('blockedClients()', () => {
    it('counts only the blocked connections of this backend instance', async () => {
      const other = standaloneBackend();
      try {
        const mine = backend.blpop([uniqueKey('a')], 0);
        const theirs = other.blpop([uniqueKey('b')], 0);
        await waitUntilBlocked(other, 1);
        await waitUntilBlocked(backend, 1);
        expect(await backend.blockedClients()).toBe(1);
        await other.close();
        await expect(theirs).resolves.toBeNull();
        await backend.close();
        await expect(mine).resolves.toBeNull();
      } finally {
        await other.close();
      }
    });
  });
});
