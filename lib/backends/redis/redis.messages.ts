// Messages the Redis backend reports through its logger (kept apart from the code that sends them).

/** The blocking pool ran out of connections for the first time. */
export function poolExhausted(instanceId: string, size: number): string {
  return (
    `RedisBackend ${instanceId}: all ${size} blocking connections are busy; further blocking ` +
    `calls queue until one is free. A queued call is not blocked on Redis: data pushed meanwhile ` +
    `goes to clients already blocked, or stays until the call is sent or its deadline passes. ` +
    `Raise blockingPoolSize if this many concurrent blocking calls is expected. ` +
    `(Reported once; blockingDiagnostics().queued shows the queue.)`
  );
}
