import { BrokerClosedError } from '../../lib/core/broker.errors';
import type { BrokerPort } from '../../lib/port/broker.port';
import type { BrokerConnectionStatus } from '../../lib/port/connection.port';
import { waitUntilBlocked } from './blocked-clients';
import { describeConformance } from './conformance';

/** Resolves once `port` reports `status` (at once if it already does). */
function untilStatus(port: BrokerPort, status: BrokerConnectionStatus): Promise<void> {
  if (port.status === status) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = port.onStatusChange((now) => {
      if (now !== status) return;
      stop();
      resolve();
    });
  });
}

describeConformance('port lifecycle', 'all', (ctx) => {
  it('close() ends blocked calls with their timeout reply', async () => {
    const port = ctx().openPort();
    const [list, stream] = [ctx().key('list'), ctx().key('stream')];
    await port.xadd(stream, '1-0', ['f', 'v']);
    const pop = port.blpop([list], 0);
    const read = port.xread([{ key: stream, id: '$' }], { blockMs: 0 });
    await waitUntilBlocked(port, 2);
    await port.close();
    await expect(pop).resolves.toBeNull();
    await expect(read).resolves.toBeNull();
  });

  it('close() ends blocked BRPOP, BLMOVE and XREADGROUP with their timeout reply too', async () => {
    const port = ctx().openPort();
    const [list, stream] = [ctx().key('{t}list'), ctx().key('{t}stream')];
    await port.xgroupCreate(stream, 'g', '$', { mkStream: true });
    const calls = [
      port.brpop([list], 0),
      port.blmove(list, ctx().key('{t}dst'), 'LEFT', 'RIGHT', 0),
      port.xreadgroup('g', 'c', [{ key: stream, id: '>' }], { blockMs: 0 }),
    ];
    await waitUntilBlocked(port, 3);
    await port.close();
    expect(await Promise.all(calls)).toEqual([null, null, null]);
  });

  it('backend and clustered describe the deployment (for logs and health only)', () => {
    const { port, target } = ctx();
    // The one place a case names the target: these two fields exist to tell deployments apart.
    expect(port.backend).toBe(target.startsWith('memory') ? 'memory' : 'redis');
    expect(port.clustered).toBe(target.endsWith('cluster'));
  });

  it('ping() resolves; the status is connected once the backend is (memory: from the start)', async () => {
    const port = ctx().openPort();
    await untilStatus(port, 'connected');
    await expect(port.ping()).resolves.toBeUndefined();
    expect(port.status).toBe('connected');
  });

  it('close() makes the status disconnected, told once to each listener, and final', async () => {
    const port = ctx().openPort();
    await untilStatus(port, 'connected');
    const seen: BrokerConnectionStatus[] = [];
    port.onStatusChange((status) => seen.push(status));
    const removed = port.onStatusChange(() => seen.push('connecting'));
    removed();
    await port.close();
    await port.close();
    expect(port.status).toBe('disconnected');
    expect(seen).toEqual(['disconnected']);
  });

  it('rejects every call after close() with BrokerClosedError, and close() twice is harmless', async () => {
    const port = ctx().openPort();
    await port.close();
    await port.close();
    await expect(port.ping()).rejects.toBeInstanceOf(BrokerClosedError);
    await expect(port.set(ctx().key('k'), 'v')).rejects.toBeInstanceOf(BrokerClosedError);
    await expect(port.pttl(ctx().key('k'))).rejects.toBeInstanceOf(BrokerClosedError);
    await expect(port.zadd(ctx().key('z'), [['m', 1]])).rejects.toBeInstanceOf(BrokerClosedError);
    await expect(port.lpush(ctx().key('q'), ['a'])).rejects.toBeInstanceOf(BrokerClosedError);
    await expect(port.blpop([ctx().key('q')], 0.01)).rejects.toBeInstanceOf(BrokerClosedError);
    await expect(port.publish(ctx().key('c'), 'x')).rejects.toBeInstanceOf(BrokerClosedError);
    await expect(port.createSubscriber()).rejects.toBeInstanceOf(BrokerClosedError);
  });

  it('close() drops its subscribers: they stop counting as receivers', async () => {
    const channel = ctx().key('{c}ch');
    const port = ctx().openPort();
    const subscriber = await port.createSubscriber();
    await subscriber.subscribe([channel]);
    expect(await port.pubsubNumsub([channel])).toEqual([[channel, 1]]);
    await port.close();
    expect(await ctx().port.pubsubNumsub([channel])).toEqual([[channel, 0]]);
  });
});
