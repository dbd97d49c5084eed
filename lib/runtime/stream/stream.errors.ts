import { BrokerError } from '../../core/broker.errors';

/**
 * Why an entry taken over from a dead consumer went to the dead letter without running: it had
 * been delivered `maxDeliveries` times already and never acknowledged — every consumer it was
 * given to stopped or crashed while handling it (a poison entry that kills its consumer).
 */
export class StreamDeliveriesExhaustedError extends BrokerError {
  constructor(
    /** The group's delivery count, this reclaim included. */
    readonly deliveries: number,
    /** The consumer's `maxDeliveries`. */
    readonly maxDeliveries: number,
  ) {
    super(
      `Delivered ${deliveries} times (maxDeliveries ${maxDeliveries}) without being ` +
        `acknowledged: the consumers it was given to stopped or crashed while handling it. ` +
        `Look for what in this entry makes the handler crash the process, fix it, then replay it.`,
    );
  }
}
