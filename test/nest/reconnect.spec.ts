import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import type { RedisBackend } from '../../lib/backends/redis/redis.backend';
import { BrokerClient } from '../../lib/nest/broker.client';
import { BrokerPublisher } from '../../lib/nest/broker.publisher';
import { BrokerServer, type BrokerServerStatus } from '../../lib/nest/broker.server';
import { OnChannel } from '../../lib/nest/decorators/on-channel.decorator';
import { OnPattern } from '../../lib/nest/decorators/on-pattern.decorator';
import { QueueWorker } from '../../lib/nest/decorators/queue-worker.decorator';
import { StreamConsumer } from '../../lib/nest/decorators/stream-consumer.decorator';
import { clientsOf, rawClient } from '../redis/redis-test-kit';
import { startServer, stopServer } from '../support/redis-launcher';
import { redisStandaloneOptions } from '../support/redis-servers';
import { Recorder } from './support/recorder';
import { closeTestApps, startTestApp } from './support/test-apps';

const RECORDER = 'RECORDER';

describe('reconnecting to Redis', () => {
  afterEach(closeTestApps);

  it('reports reconnecting then connected, and handlers receive again once resubscribed', async () => {
    const channel = `reconnect.${process.pid}.${Date.now()}`;
    @Controller()
    class Handlers {
      constructor(@Inject(RECORDER) private readonly recorder: Recorder<string>) {}
      @OnChannel(channel)
      handle(@Payload() data: string) {
        this.recorder.record(data);
      }
    }
    const recorder = new Recorder<string>();
    const app = await startTestApp({
      broker: { redis: redisStandaloneOptions() },
      controllers: [Handlers],
      providers: [{ provide: RECORDER, useValue: recorder }],
    });
    const server = app.get(BrokerServer);
    const statuses = new Recorder<BrokerServerStatus>();
    server.status.subscribe((s) => statuses.record(s));
    await statuses.waitFor(1, (s) => s === 'connected');

    const raw = rawClient();
    try {
      // Kill every connection of this app's backend: the command one and the subscriber.
      for (const client of await clientsOf(raw, server.unwrap<RedisBackend>())) {
        await raw.call('CLIENT', 'KILL', 'ID', client.id);
      }
      await statuses.waitFor(1, (s) => s === 'reconnecting');
      await statuses.waitFor(2, (s) => s === 'connected');
      for (let i = 0; i < 200; i++) {
        const [, count] = (await raw.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
        if (count > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await app.get(BrokerPublisher).publish(channel, 'after');
      await recorder.waitFor(1);
      expect(recorder.records).toEqual(['after']);
      expect(app.logs.lines('warn', 'reconnecting')).toHaveLength(1);
    } finally {
      raw.disconnect();
    }
  });

  it('app.close() of an app with every kind of handler finishes while Redis is down', async () => {
    @Controller()
    class Handlers {
      @OnChannel('outage.channel')
      channel() {}
      @OnPattern('outage.*')
      pattern() {}
      @QueueWorker('outage.queue', { visibilityTimeoutMs: 3000 })
      queue() {}
      @StreamConsumer('outage.stream', { group: 'g', reclaimIdleMs: 3000 })
      stream() {}
    }
    // A server of its own, stopped while the app runs.
    const root = mkdtempSync(join(tmpdir(), 'nestjs-broker-outage-'));
    const server = await startServer(root, false);
    try {
      const app = await startTestApp({
        broker: { redis: { host: '127.0.0.1', port: server.port }, shutdownTimeoutMs: 500 },
        controllers: [Handlers],
      });
      // A client that has sent a request holds a reply subscription too (nobody answers this one).
      await expect(firstValueFrom(app.get(BrokerClient).send('outage.nobody', 1))).rejects.toThrow(
        /No app is subscribed/,
      );
      const statuses = new Recorder<BrokerServerStatus>();
      app.get(BrokerServer).status.subscribe((s) => statuses.record(s));
      await statuses.waitFor(1, (s) => s === 'connected');
      await stopServer(server);
      await statuses.waitFor(1, (s) => s === 'reconnecting');
      // Never finished before (jest's timeout reported it): subscribers waited for UNSUBSCRIBE
      // replies, the queue worker for its put-back and lease removal. Now bounded by
      // shutdownTimeoutMs plus a short grace, each step that could not run said in a warning.
      await app.close();
    } finally {
      await stopServer(server);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
