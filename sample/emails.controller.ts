import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BrokerContext, DeadLetterError, QueueWorker } from '../lib';
import { show } from './show';

export interface Mail {
  readonly to: string;
}

/**
 * A queue: one worker among every app instance gets each mail. The first attempt to any address
 * fails (a flaky mail server) and is retried; `bounce@…` never works and ends in the dead letter;
 * `closed@…` is refused at once with a DeadLetterError.
 */
@Controller()
export class EmailsController {
  @QueueWorker('emails', { concurrency: 2, attempts: 3, backoff: { type: 'fixed', delayMs: 50 } })
  send(@Payload() mail: Mail, @Ctx() ctx: BrokerContext) {
    const attempt = ctx.getAttempt();
    if (mail.to.startsWith('closed@')) throw new DeadLetterError('the account is closed');
    if (attempt === 1 || mail.to.startsWith('bounce@')) {
      show('emails', `attempt ${attempt} to ${mail.to} failed`);
      throw new Error(`SMTP timeout sending to ${mail.to}`);
    }
    show('emails', `attempt ${attempt}: sent to ${mail.to}`);
  }
}
