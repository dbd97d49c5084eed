import type { DynamicModule, INestMicroservice, Provider, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { BrokerModule } from '../../../lib/nest/broker.module';
import type { BrokerModuleOptions } from '../../../lib/nest/broker-module.options';
import { BrokerServer } from '../../../lib/nest/broker.server';
import { CapturingLogger } from './log-capture';

/** What a test app is made of. */
export interface TestAppSpec {
  readonly broker?: BrokerModuleOptions;
  readonly controllers?: Type[];
  readonly providers?: Provider[];
  readonly imports?: DynamicModule[];
}

/** A started standalone microservice on the broker, with its captured logs. */
export interface TestApp {
  readonly app: INestMicroservice;
  readonly logs: CapturingLogger;
  get<T>(token: Type<T> | string | symbol): T;
  close(): Promise<void>;
}

const started = new Set<TestApp>();

/**
 * Starts a standalone microservice with `BrokerServer` as its strategy (the DI instance, as the
 * README shows). Closed by {@link closeTestApps} after each test.
 */
export async function startTestApp(spec: TestAppSpec): Promise<TestApp> {
  const logs = new CapturingLogger();
  const moduleRef = await Test.createTestingModule({
    imports: [BrokerModule.forRoot(spec.broker ?? {}), ...(spec.imports ?? [])],
    controllers: spec.controllers ?? [],
    providers: spec.providers ?? [],
  })
    .setLogger(logs)
    .compile();
  const app = moduleRef.createNestMicroservice({
    strategy: moduleRef.get(BrokerServer),
    logger: logs,
  });
  try {
    await app.listen();
  } catch (error) {
    await app.close();
    throw error;
  }
  const testApp: TestApp = {
    app,
    logs,
    get: (token) => app.get(token),
    async close() {
      started.delete(testApp);
      await app.close();
    },
  };
  started.add(testApp);
  return testApp;
}

/** Closes every app a test started and did not close itself. */
export async function closeTestApps(): Promise<void> {
  await Promise.all([...started].map((app) => app.close()));
}
