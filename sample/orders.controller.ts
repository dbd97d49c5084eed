import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { BrokerContext, OnChannel, OnPattern } from '../lib';
import { show } from './show';

export interface Order {
  readonly id: number;
  readonly total: number;
}

/** Pub/sub: a channel, a glob, a sharded channel, and a request–reply handler. */
@Controller()
export class OrdersController {
  @OnChannel('orders.created')
  created(@Payload() order: Order, @Ctx() ctx: BrokerContext) {
    show(
      'orders',
      `channel ${ctx.getChannel()}: order ${order.id} (${order.total} EUR), id ${ctx.getMessageId()}`,
    );
  }

  @OnPattern('orders.*')
  anyOrderEvent(@Payload() _data: unknown, @Ctx() ctx: BrokerContext) {
    show('orders', `pattern ${ctx.getPattern()} matched ${ctx.getChannel()}`);
  }

  @OnChannel('{tenant-7}.events', { sharded: true })
  tenantEvent(@Payload() event: { type: string }, @Ctx() ctx: BrokerContext) {
    show('tenant', `sharded channel ${ctx.getChannel()}: ${event.type}`);
  }

  @MessagePattern('orders.price')
  price(@Payload() quote: { qty: number; unit: number }) {
    return quote.qty * quote.unit;
  }
}
