// The example of README "Testing your app": a user's own @nestjs/testing spec on the embedded core,
// waiting for delivery with BrokerServer.whenIdle() instead of sleeping.
import { Controller, Injectable, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { BrokerModule, BrokerPublisher, BrokerServer, QueueWorker } from '../../lib';

@Injectable()
class Mailer {
  readonly sent: string[] = [];
  send(to: string) {
    this.sent.push(to);
  }
}

@Controller()
class MailController {
  constructor(private readonly mailer: Mailer) {}

  @QueueWorker('emails')
  send(@Payload() mail: { to: string }) {
    this.mailer.send(mail.to);
  }
}

@Module({ imports: [BrokerModule.forRoot()], controllers: [MailController], providers: [Mailer] })
class MailModule {}

describe('MailController (the README example)', () => {
  it('sends every queued mail', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [MailModule] }).compile();
    const app = moduleRef.createNestMicroservice({ strategy: moduleRef.get(BrokerServer) });
    await app.listen();

    const publisher = app.get(BrokerPublisher);
    await publisher.enqueue('emails', { to: 'ada@example.com' });
    await publisher.enqueue('emails', { to: 'alan@example.com' });
    await app.get(BrokerServer).whenIdle();

    expect(app.get(Mailer).sent).toEqual(['ada@example.com', 'alan@example.com']);
    await app.close();
  });
});
