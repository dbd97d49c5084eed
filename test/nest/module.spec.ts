import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { Injectable, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { QueueWorker } from '../../lib/nest/decorators/queue-worker.decorator';
import { Test } from '@nestjs/testing';
import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import { RedisBackend } from '../../lib/backends/redis/redis.backend';
import {
  BrokerClosedError,
  BrokerConfigurationError,
  BrokerConnectionError,
} from '../../lib/core/broker.errors';
import { BROKER_PORT } from '../../lib/nest/broker.constants';
import { BrokerModule } from '../../lib/nest/broker.module';
import type {
  BrokerModuleOptions,
  BrokerModuleOptionsFactory,
} from '../../lib/nest/broker-module.options';
import { BrokerPublisher } from '../../lib/nest/broker.publisher';
import type { BrokerPort } from '../../lib/port/broker.port';
import { redisStandaloneOptions } from '../support/redis-servers';
import { CapturingLogger } from './support/log-capture';

async function compile(options: unknown) {
  return Test.createTestingModule({
    imports: [BrokerModule.forRoot(options as BrokerModuleOptions)],
  })
    .setLogger(new CapturingLogger())
    .compile();
}

describe('BrokerModule options are checked at start-up', () => {
  it.each([
    [
      { shard: 3 },
      /Unknown broker option shard \(set to 3\); the options here are memory, redis, backend/,
    ],
    [
      { memory: { shard: 3 } },
      /Unknown broker option memory\.shard \(set to 3\); the options here are shards, clock/,
    ],
    [
      { maxPayloadBytes: '1mb' },
      /option maxPayloadBytes: got "1mb"; expected a whole number of bytes ≥ 1/,
    ],
    [
      { shutdownTimeoutMs: -1 },
      /option shutdownTimeoutMs: got -1; expected a whole number of ms ≥ 0/,
    ],
    [{ memory: { shards: -2 } }, /option memory\.shards: got -2/],
    [
      { memory: {}, redis: { port: 1 } },
      /option memory \+ redis: .*expected at most one of memory, redis and backend/,
    ],
    [{ codec: { encode: () => '' } }, /option codec: got an object; expected a BrokerCodec/],
    [{ backend: {} }, /option backend: got an object; expected a BrokerPort/],
  ])('%j fails with a BrokerConfigurationError naming the option', async (options, message) => {
    const error = await compile(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    [null, /option options: got null; expected an object of BrokerModule options/],
    [
      'redis://127.0.0.1:6379',
      /expected an object, such as \{ redis: \{ url: "redis:\/\/127\.0\.0\.1:6379" \} \}/,
    ],
  ])('forRoot(%j) says what it takes', (options, message) => {
    expect(() => BrokerModule.forRoot(options as never)).toThrow(message);
  });

  it('a forRootAsync factory that returns nothing fails instead of falling back to memory', async () => {
    const error = await Test.createTestingModule({
      imports: [BrokerModule.forRootAsync({ useFactory: () => undefined as never })],
    })
      .setLogger(new CapturingLogger())
      .compile()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerConfigurationError);
    expect((error as Error).message).toMatch(/useFactory \}\) must return one/);
  });

  it('no options: the in-process core', async () => {
    const moduleRef = await compile(undefined);
    const port = moduleRef.get<BrokerPort>(BROKER_PORT);
    expect(port).toBeInstanceOf(MemoryBackend);
    await moduleRef.close();
  });
});

describe('BrokerModule.forRootAsync and isGlobal', () => {
  @Injectable()
  class Settings {
    readonly shards = 3;
  }
  @Module({ providers: [Settings], exports: [Settings] })
  class SettingsModule {}

  @Injectable()
  class UsesPublisher {
    constructor(readonly publisher: BrokerPublisher) {}
  }
  @Module({ providers: [UsesPublisher] })
  class FeatureModule {}

  it('takes options from a class (useClass) whose create() gives them', async () => {
    @Injectable()
    class BrokerSettings implements BrokerModuleOptionsFactory {
      create() {
        return { memory: { shards: 3 } };
      }
    }
    const moduleRef = await Test.createTestingModule({
      imports: [BrokerModule.forRootAsync({ useClass: BrokerSettings })],
    }).compile();
    expect(moduleRef.get<BrokerPort>(BROKER_PORT).clustered).toBe(true);
    await moduleRef.close();
  });

  it('takes options from a factory with imports and inject', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        BrokerModule.forRootAsync({
          imports: [SettingsModule],
          inject: [Settings],
          useFactory: (settings: Settings) => ({ memory: { shards: settings.shards } }),
        }),
      ],
    }).compile();
    expect(moduleRef.get<BrokerPort>(BROKER_PORT).clustered).toBe(true);
    await moduleRef.close();
  });

  it('validates factory options too', async () => {
    const error = await Test.createTestingModule({
      imports: [BrokerModule.forRootAsync({ useFactory: () => ({ requestTimeoutMs: 0 }) })],
    })
      .setLogger(new CapturingLogger())
      .compile()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerConfigurationError);
  });

  it('isGlobal: true makes the publisher injectable in modules that do not import it', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [BrokerModule.forRoot({ isGlobal: true }), FeatureModule],
    }).compile();
    expect(moduleRef.get(UsesPublisher).publisher).toBeInstanceOf(BrokerPublisher);
    await moduleRef.close();
  });

  it('without isGlobal, other modules must import it', async () => {
    const error = await Test.createTestingModule({
      imports: [BrokerModule.forRoot(), FeatureModule],
    })
      .setLogger(new CapturingLogger())
      .compile()
      .catch((e: unknown) => e);
    expect(String(error)).toMatch(/UsesPublisher/);
  });
});

describe('who owns the backend', () => {
  it('a backend the module created is closed when the app closes', async () => {
    const moduleRef = await compile({});
    const port = moduleRef.get<BrokerPort>(BROKER_PORT);
    await moduleRef.close();
    await expect(port.publish('x', 'y')).rejects.toBeInstanceOf(BrokerClosedError);
  });

  it('a backend given as `backend` is used and left open', async () => {
    const backend = new MemoryBackend();
    const moduleRef = await compile({ backend });
    expect(moduleRef.get<BrokerPort>(BROKER_PORT)).toBe(backend);
    await moduleRef.close();
    expect(await backend.publish('x', 'y')).toBe(0);
    await backend.close();
  });

  it('a Redis backend connects at start-up', async () => {
    const moduleRef = await compile({ redis: redisStandaloneOptions() });
    const port = moduleRef.get<BrokerPort>(BROKER_PORT);
    expect(port).toBeInstanceOf(RedisBackend);
    await moduleRef.close();
    await expect(port.publish('x', 'y')).rejects.toBeInstanceOf(BrokerClosedError);
  });
});

describe('Redis unreachable at start-up', () => {
  let silent: NetServer | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    // ioredis ends its socket and destroys it 2 s later if the peer stays silent: do it now.
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
    silent = undefined;
  });

  it('fails with a BrokerConnectionError after connectTimeoutMs instead of hanging', async () => {
    // A server that accepts connections and never answers: the harshest case (no ECONNREFUSED).
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const startedAt = Date.now();
    const error = await compile({
      redis: { host: '127.0.0.1', port },
      connectTimeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerConnectionError);
    expect((error as Error).message).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${port} did not answer within 300 ms`),
    );
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
  });

  it('a refused connection fails the same way', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await compile({
      redis: { host: '127.0.0.1', port },
      connectTimeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerConnectionError);
  });
});

describe('where broker handlers may live', () => {
  it('a broker decorator on a provider (not a controller) is reported at start-up', async () => {
    @Injectable()
    class MailService {
      @QueueWorker('misplaced.q')
      send(@Payload() _mail: unknown) {}
    }
    const logs = new CapturingLogger();
    const moduleRef = await Test.createTestingModule({
      imports: [BrokerModule.forRoot()],
      providers: [MailService],
    })
      .setLogger(logs)
      .compile();
    await moduleRef.init();
    expect(
      logs.lines('warn', 'MailService.send has a broker decorator but MailService is a provider'),
    ).toHaveLength(1);
    await moduleRef.close();
  });
});
