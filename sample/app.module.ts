import { Module } from '@nestjs/common';
import { BrokerModule, type BrokerModuleOptions } from '../lib';
import { EmailsController } from './emails.controller';
import { OrdersController } from './orders.controller';
import { PaymentsController } from './payments.controller';

/** The embedded core by default; `REDIS_URL=redis://127.0.0.1:6379 npm start` runs on Redis. */
const broker: BrokerModuleOptions = process.env.REDIS_URL
  ? { redis: { url: process.env.REDIS_URL } }
  : {};

@Module({
  imports: [BrokerModule.forRoot(broker)],
  controllers: [OrdersController, EmailsController, PaymentsController],
})
export class AppModule {}
