/**
 * `npm start`: the sample app as a standalone Nest microservice on the embedded broker core (no
 * server to run). It publishes, asks, enqueues and appends, waits until everything was handled,
 * shows the dead letters and the counters, and exits.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { AsyncMicroserviceOptions } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { BrokerClient, BrokerPublisher, BrokerServer } from '../lib';
import { AppModule } from './app.module';
import { show } from './show';

async function main(): Promise<void> {
  const app = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(AppModule, {
    inject: [BrokerServer],
    useFactory: (server: BrokerServer) => ({ strategy: server }),
    // Failures, retries and dead letters are logged through Nest's Logger; the tour keeps its
    // output to its own lines unless SAMPLE_LOGS=1.
    logger: process.env.SAMPLE_LOGS ? ['log', 'error', 'warn'] : false,
  });
  app.enableShutdownHooks();
  await app.listen();
  const publisher = app.get(BrokerPublisher);
  const server = app.get(BrokerServer);
  show('sample', `listening on the ${server.unwrap().backend} backend`);

  // Pub/sub: every subscribed instance gets it, at most once.
  await publisher.publish(
    'orders.created',
    { id: 1, total: 42 },
    { headers: { traceparent: '00-sample' } },
  );
  await publisher.publish('{tenant-7}.events', { type: 'plan-upgraded' }, { sharded: true });

  // Request–reply over pub/sub.
  const price = await firstValueFrom(
    app.get(BrokerClient).send('orders.price', { qty: 3, unit: 7 }),
  );
  show('pricing', `orders.price for 3 × 7 answered ${String(price)}`);

  // A queue: retried with backoff, then dead-lettered.
  for (const to of ['ada@example.com', 'bounce@example.com', 'closed@example.com']) {
    await publisher.enqueue('emails', { to });
  }

  // A stream: two groups, per-account order in billing.
  for (const [account, amount] of [
    ['acc-1', 10],
    ['acc-2', 5],
    ['acc-1', 20],
  ] as const) {
    await publisher.append('payments', { account, amount }, { maxLen: 10_000 });
  }

  await server.whenIdle({ timeoutMs: 10_000 });
  for (const dead of await publisher.deadLetters('queue', 'emails')) {
    show(
      'dead',
      `${JSON.stringify(dead.data)} after ${dead.attempts} attempt(s): ${dead.error.message}`,
    );
  }
  show('dead', `purged ${await publisher.purgeDeadLetters('queue', 'emails')} dead letter(s)`);
  for (const [runner, stats] of Object.entries(server.stats())) {
    show('stats', `${runner}: ${JSON.stringify(stats)}`);
  }
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
