import { MemoryBackend } from '../../lib/backends/memory/memory.backend';
import type { BrokerPort } from '../../lib/port/broker.port';

/** A backend that can tell how many of its clients are blocked right now (tests only). */
interface CountsBlockedClients {
  blockedClients(): Promise<number>;
}

function hasBlockedCount(port: BrokerPort): port is BrokerPort & CountsBlockedClients {
  return typeof (port as Partial<CountsBlockedClients>).blockedClients === 'function';
}

/** Clients blocked now: on memory in the whole core, on Redis this backend's own connections. */
export async function blockedNow(port: BrokerPort): Promise<number> {
  if (port instanceof MemoryBackend) return port.core.blocking.count();
  if (hasBlockedCount(port)) return port.blockedClients();
  throw new Error(`${port.backend} backend cannot count blocked clients`);
}

/**
 * Resolves once at least `count` clients are blocked on the server: a blocking call sent over a
 * socket must have reached Redis before a test writes the data that should serve it. Polls a
 * bounded number of times, then fails loudly instead of hanging.
 */
export async function waitUntilBlocked(port: BrokerPort, count: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if ((await blockedNow(port)) >= count) return;
    await new Promise<void>((resolve) =>
      port instanceof MemoryBackend ? setImmediate(resolve) : setTimeout(resolve, 5),
    );
  }
  throw new Error(`expected ${count} blocked clients, saw ${await blockedNow(port)}`);
}
