import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BROKER_PORT, BROKER_RESOLVED_OPTIONS } from './broker.constants';
import { BrokerClient } from './broker.client';
import {
  BrokerConnection,
  type ResolvedBrokerOptions,
  resolveBrokerOptions,
} from './broker-connection';
import {
  BROKER_ASYNC_OPTIONS_TYPE,
  BROKER_MODULE_OPTIONS,
  BROKER_OPTIONS_TYPE,
  ConfigurableBrokerModule,
} from './broker-module-definition';
import { validateBrokerOptions } from './broker-options.validation';
import { BrokerPublisher } from './broker.publisher';
import { BrokerServer } from './broker.server';
import { HandlerPlacementCheck } from './handler-placement.check';

/**
 * The broker for a Nest app: `BrokerModule.forRoot()` (in-process core), `forRoot({ redis })`,
 * `forRoot({ backend })` or `forRootAsync({ imports, inject, useFactory })`; `isGlobal: true` makes
 * its providers visible to every module. Provides {@link BrokerServer} (connect it as the
 * microservice strategy), {@link BrokerPublisher}, {@link BrokerClient} and the `BrokerPort`
 * (`@Inject(BROKER_PORT)`). Options are checked at start-up; the backend the module creates is
 * closed when the app shuts down, after the server drained.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    HandlerPlacementCheck,
    {
      provide: BrokerConnection,
      inject: [BROKER_RESOLVED_OPTIONS],
      useFactory: (resolved: ResolvedBrokerOptions) => BrokerConnection.open(resolved),
    },
    {
      provide: BROKER_RESOLVED_OPTIONS,
      inject: [BROKER_MODULE_OPTIONS],
      // Validated here, before anything connects: forRoot and forRootAsync both pass through.
      useFactory: (options: unknown) => resolveBrokerOptions(validateBrokerOptions(options)),
    },
    {
      provide: BROKER_PORT,
      inject: [BrokerConnection],
      useFactory: (connection: BrokerConnection) => connection.port,
    },
    BrokerServer,
    BrokerPublisher,
    BrokerClient,
  ],
  exports: [BrokerServer, BrokerPublisher, BrokerClient, BROKER_PORT],
})
export class BrokerModule extends ConfigurableBrokerModule {
  /** The broker with these options; none = the in-process core. */
  static override forRoot(options: typeof BROKER_OPTIONS_TYPE = {}): DynamicModule {
    // Checked here too: Nest's builder would fail on null or a string with a TypeError of its own.
    validateBrokerOptions(withoutExtras(options));
    return super.forRoot(options);
  }

  /** Options from a factory (`ConfigService`, ...), with `imports` and `inject`. */
  static override forRootAsync(options: typeof BROKER_ASYNC_OPTIONS_TYPE): DynamicModule {
    return super.forRootAsync(options);
  }
}

/** The options without the builder's extras (`isGlobal`), as the options provider sees them. */
function withoutExtras(options: unknown): unknown {
  if (typeof options !== 'object' || options === null || !('isGlobal' in options)) return options;
  const { isGlobal: _isGlobal, ...rest } = options as { isGlobal?: unknown };
  return rest;
}
