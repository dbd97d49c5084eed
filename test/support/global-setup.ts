import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertRedisInstalled, createCluster, startServer } from './redis-launcher';
import { reapAbandonedRuns, setCurrentRun, writeRecord, type RunState } from './redis-run-state';
import { REDIS_ENV, redisTargetsWanted } from './redis-servers';
import globalTeardown from './global-teardown';

const CLUSTER_MASTERS = 3;

/**
 * Jest global setup of the conformance project: starts one standalone redis-server and one
 * 3-master cluster on free loopback ports (no persistence, own temp dir) and publishes their
 * addresses to the test workers through environment variables. Servers given through those
 * variables already are used as they are. If anything fails midway, what was started is stopped.
 */
export default async function globalSetup(): Promise<void> {
  const wanted = redisTargetsWanted();
  const startStandalone = wanted.standalone && !process.env[REDIS_ENV.standalone];
  const startCluster = wanted.cluster && !process.env[REDIS_ENV.cluster];
  if (!startStandalone && !startCluster) return;

  assertRedisInstalled();
  reapAbandonedRuns();
  const state: RunState = {
    tempRoot: mkdtempSync(join(tmpdir(), 'nestjs-broker-redis-')),
    servers: [],
    env: [],
  };
  setCurrentRun(state);
  try {
    const launches: Array<Promise<void>> = [];
    if (startStandalone) {
      launches.push(
        startServer(state.tempRoot, false).then((server) => {
          state.servers.push(server);
          writeRecord(state);
          process.env[REDIS_ENV.standalone] = `127.0.0.1:${server.port}`;
          state.env.push(REDIS_ENV.standalone);
        }),
      );
    }
    if (startCluster) {
      launches.push(
        (async () => {
          const nodes = await Promise.all(
            Array.from({ length: CLUSTER_MASTERS }, () =>
              startServer(state.tempRoot, true).then((server) => {
                state.servers.push(server);
                writeRecord(state);
                return server;
              }),
            ),
          );
          await createCluster(nodes);
          process.env[REDIS_ENV.cluster] = nodes.map((n) => `127.0.0.1:${n.port}`).join(',');
          state.env.push(REDIS_ENV.cluster);
        })(),
      );
    }
    // allSettled: even when one launch fails, wait for the others so teardown sees every process.
    const results = await Promise.allSettled(launches);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await globalTeardown();
    throw error;
  }
}
