import type { Clock } from '../core/clock';
import type { BrokerLogger } from '../core/broker-logger';
import type { BrokerPort } from '../port/broker.port';
import type { DeliveryStats } from './delivery-stats';
import type { MessageCodec } from './message-codec';

/** What every runner runs on. */
export interface RuntimeDeps {
  readonly port: BrokerPort;
  readonly codec: MessageCodec;
  readonly logger: BrokerLogger;
  /** Timers (backoff, leases, reclaim) and the times written into records. */
  readonly clock: Clock;
  /** This app instance's name among queue workers and stream consumers; unique per instance. */
  readonly instance: string;
}

/** A queue worker or a stream consumer, as the server drives it. */
export interface DeliveryRunner {
  /** Names it in logs and errors, e.g. `queue "emails" (MailController.send)`. */
  readonly label: string;
  /** Starts taking messages; resolves once it is ready (a stream's group exists). */
  start(): Promise<void>;
  /**
   * Stops taking messages and waits up to `timeoutMs` for running handlers; what finished is
   * acknowledged, what did not is left for redelivery. No timer or blocked call survives it.
   */
  stop(timeoutMs: number): Promise<void>;
  /** Undefined when it has nothing left to do; else what is still pending, for `whenIdle()`. */
  busy(): Promise<string | undefined>;
  /** Its counters. */
  stats(): DeliveryStats;
}
