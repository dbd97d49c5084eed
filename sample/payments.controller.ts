import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BrokerContext, StreamConsumer } from '../lib';
import { show } from './show';

export interface Payment {
  readonly account: string;
  readonly amount: number;
}

/**
 * A stream with two consumer groups: each group gets every payment; inside a group each entry
 * goes to one consumer. Billing keeps the order of each account's payments.
 */
@Controller()
export class PaymentsController {
  @StreamConsumer('payments', {
    group: 'billing',
    startId: '0',
    concurrency: 4,
    orderBy: (p: Payment) => p.account,
  })
  bill(@Payload() payment: Payment, @Ctx() ctx: BrokerContext) {
    show('billing', `${payment.account} pays ${payment.amount} (entry ${ctx.getEntryId()})`);
  }

  @StreamConsumer('payments', { group: 'audit', startId: '0' })
  audit(@Payload() payment: Payment, @Ctx() ctx: BrokerContext) {
    show('audit', `${ctx.getGroup()} saw ${payment.account} ${payment.amount}`);
  }
}
