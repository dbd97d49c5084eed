import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { BROKER_HANDLER_MARK } from './broker.constants';

/**
 * Nest registers message handlers from controllers only: a `@QueueWorker` on an `@Injectable()`
 * service is silently ignored, its queue never worked. This check says so at start-up, once per
 * misplaced handler.
 */
@Injectable()
export class HandlerPlacementCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('BrokerModule');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (typeof instance !== 'object' || instance === null) continue;
      const prototype: object | null = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method: unknown = (instance as Record<string, unknown>)[name];
        if (typeof method !== 'function') continue;
        const label: unknown = Reflect.getMetadata(BROKER_HANDLER_MARK, method);
        if (typeof label === 'string') {
          this.logger.warn(
            `${label} has a broker decorator but ${wrapper.name} is a provider, not a controller: ` +
              `Nest registers message handlers on controllers only, so it will never run. Move ` +
              `the method to a @Controller() listed in a module's controllers.`,
          );
        }
      }
    }
  }
}
