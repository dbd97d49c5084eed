import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { BrokerModuleOptions } from './broker-module.options';

/** `forRoot` / `forRootAsync`, with `isGlobal` as an extra (not part of the options). */
export const {
  ConfigurableModuleClass: ConfigurableBrokerModule,
  MODULE_OPTIONS_TOKEN: BROKER_MODULE_OPTIONS,
  OPTIONS_TYPE: BROKER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: BROKER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<BrokerModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
