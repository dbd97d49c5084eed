/**
 * A short tour of the in-process broker core through the broker port — the same calls the Redis
 * backend answers. Run with `npm start`; no server needed.
 */
import { MemoryBackend } from '../lib';
import type { BrokerPort } from '../lib';

function log(section: string, ...values: unknown[]): void {
  console.log(
    `[${section}]`,
    ...values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
  );
}

async function pubsub(broker: BrokerPort): Promise<void> {
  const subscriber = await broker.createSubscriber();
  const received = new Promise<void>((resolve) => {
    let seen = 0;
    subscriber.onMessage((message) => {
      log('pubsub', message);
      if (++seen === 3) resolve();
    });
  });
  await subscriber.subscribe(['orders.created']);
  await subscriber.psubscribe(['orders.*', 'mail-*']);
  log('pubsub', 'PUBLISH orders.created ->', await broker.publish('orders.created', '{"id":1}'));
  log('pubsub', 'PUBLISH mail-welcome ->', await broker.publish('mail-welcome', 'hello'));
  await received;
  await subscriber.close();
}

async function queue(broker: BrokerPort): Promise<void> {
  // A worker blocks on the queue before anything is there; the push wakes it.
  const worker = broker.blmove('emails', 'emails:processing', 'RIGHT', 'LEFT', 1);
  log('queue', 'LPUSH emails ->', await broker.lpush('emails', ['welcome#1', 'welcome#2']));
  log(
    'queue',
    'worker took',
    await worker,
    '| in flight:',
    await broker.lrange('emails:processing', 0, -1),
  );
  log('queue', 'left in queue:', await broker.lrange('emails', 0, -1));
  await broker.del(['emails', 'emails:processing']);
}

async function stream(broker: BrokerPort): Promise<void> {
  await broker.xgroupCreate('payments', 'billing', '$', { mkStream: true });
  for (const amount of ['10', '20', '30']) {
    await broker.xadd('payments', '*', ['amount', amount], {
      trim: { strategy: 'MAXLEN', threshold: 1000, approximate: true },
    });
  }
  const batch = await broker.xreadgroup('billing', 'worker-a', [{ key: 'payments', id: '>' }], {
    count: 2,
  });
  log('stream', 'worker-a read', batch);
  const first = batch?.[0]?.[1][0];
  if (first) log('stream', 'XACK ->', await broker.xack('payments', 'billing', [first.id]));
  log('stream', 'pending', await broker.xpending('payments', 'billing'));
  const claimed = await broker.xautoclaim('payments', 'billing', 'worker-b', 0, '0-0');
  log('stream', 'worker-b reclaimed', claimed);
  log('stream', 'groups', await broker.xinfoGroups('payments'));
  await broker.del(['payments']);
}

async function main(): Promise<void> {
  const broker = new MemoryBackend();
  await pubsub(broker);
  await queue(broker);
  await stream(broker);
  await broker.close();
  console.log('done: the same calls run unchanged on Redis through the ioredis backend.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
