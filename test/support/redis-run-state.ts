import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LaunchedServer } from './redis-launcher';

/** `.redis-test/` at the project root: one state file per jest run that started servers. */
export const STATE_DIR = resolve(__dirname, '../../.redis-test');

/** What a run records on disk so an interrupted run's servers can be found and stopped later. */
interface RunRecord {
  readonly ownerPid: number;
  readonly tempRoot: string;
  readonly servers: ReadonlyArray<{ readonly pid: number; readonly port: number }>;
}

/** The servers of this jest process, shared from global setup to global teardown. */
export interface RunState {
  readonly tempRoot: string;
  readonly servers: LaunchedServer[];
  /** Environment variables this run set (cleared at teardown, so a watch re-run starts afresh). */
  readonly env: string[];
}

const SLOT = Symbol.for('nestjs-broker.redis-test-run');
type GlobalWithRun = typeof globalThis & { [SLOT]?: RunState };

export function currentRun(): RunState | undefined {
  return (globalThis as GlobalWithRun)[SLOT];
}

export function setCurrentRun(state: RunState | undefined): void {
  (globalThis as GlobalWithRun)[SLOT] = state;
}

function recordPath(ownerPid: number): string {
  return join(STATE_DIR, `run-${ownerPid}.json`);
}

/** Writes (or rewrites) this process's record; call after each server starts. */
export function writeRecord(state: RunState): void {
  mkdirSync(STATE_DIR, { recursive: true });
  const record: RunRecord = {
    ownerPid: process.pid,
    tempRoot: state.tempRoot,
    servers: state.servers.map((s) => ({ pid: s.pid, port: s.port })),
  };
  writeFileSync(recordPath(process.pid), JSON.stringify(record, null, 2));
}

export function removeRecord(): void {
  rmSync(recordPath(process.pid), { force: true });
}

/** Whether `pid` runs; a zombie (killed, not yet reaped by its parent) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; the state letter follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

/** Only a redis-server we started on that port may be killed (a pid can be reused). */
function isOurServer(pid: number, port: number): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return false;
  const text = readFileSync(cmdline, 'utf8');
  return text.includes('redis-server') && text.includes(`:${port}`);
}

/**
 * Stops servers left behind by runs whose jest process no longer exists (killed before its
 * teardown ran). Runs of other live jest processes — parallel runs in the same checkout — are
 * left alone.
 */
export function reapAbandonedRuns(): void {
  if (!existsSync(STATE_DIR)) return;
  for (const name of readdirSync(STATE_DIR)) {
    if (!/^run-\d+\.json$/.test(name)) continue;
    const file = join(STATE_DIR, name);
    let record: RunRecord;
    try {
      record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
    } catch {
      continue;
    }
    if (record.ownerPid === process.pid || isAlive(record.ownerPid)) continue;
    for (const server of record.servers) {
      if (isAlive(server.pid) && isOurServer(server.pid, server.port))
        process.kill(server.pid, 'SIGKILL');
    }
    rmSync(record.tempRoot, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
}
