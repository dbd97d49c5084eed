import { rmSync } from 'node:fs';
import { stopServer } from './redis-launcher';
import { currentRun, removeRecord, setCurrentRun } from './redis-run-state';

/** Jest global teardown: stops the servers global setup started and removes their files. */
export default async function globalTeardown(): Promise<void> {
  const state = currentRun();
  if (!state) return;
  await Promise.all(state.servers.map((server) => stopServer(server)));
  for (const name of state.env) delete process.env[name];
  rmSync(state.tempRoot, { recursive: true, force: true });
  removeRecord();
  setCurrentRun(undefined);
}
