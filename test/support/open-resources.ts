/**
 * What keeps this process alive: timers, sockets and DNS lookups in flight
 * (`process.getActiveResourcesInfo()`, the list jest's open-handle check is built on).
 */
const KEEPS_ALIVE = ['Timeout', 'TCPSocketWrap', 'TLSWrap', 'GetAddrInfoReqWrap'] as const;

export type OpenResources = Record<(typeof KEEPS_ALIVE)[number], number>;

/** How many of each kind are open now. */
export function openResources(): OpenResources {
  const info = process.getActiveResourcesInfo();
  const counts = Object.fromEntries(KEEPS_ALIVE.map((kind) => [kind, 0])) as OpenResources;
  for (const kind of KEEPS_ALIVE) counts[kind] = info.filter((name) => name === kind).length;
  return counts;
}

/**
 * Resolves once no more resources are open than in `baseline` (taken before the code under test
 * started). What was closed goes within a few event-loop turns — a socket's close callback, a
 * lookup already in flight — so this waits a bounded 250 ms, far less than the 1–2 s of a
 * reconnect or disconnect timer of ioredis, then fails listing what is left.
 */
export async function untilNoMoreOpenThan(baseline: OpenResources): Promise<void> {
  let now = openResources();
  for (let turn = 0; turn < 50 && exceeds(now, baseline); turn++) {
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
    now = openResources();
  }
  if (exceeds(now, baseline)) {
    throw new Error(
      `still open after close(): ${JSON.stringify(now)} (before: ${JSON.stringify(baseline)})`,
    );
  }
}

function exceeds(now: OpenResources, baseline: OpenResources): boolean {
  return KEEPS_ALIVE.some((kind) => now[kind] > baseline[kind]);
}
