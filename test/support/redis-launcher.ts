import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pollUntil, rawCommand } from './resp-probe';

/** A redis-server process started by the harness. */
export interface LaunchedServer {
  readonly pid: number;
  readonly port: number;
  readonly dir: string;
  readonly process: ChildProcess;
}

/** How to start one server beyond the harness's defaults (a test's own server). */
export interface ServerSettings {
  /** Listen on this port (to bring a stopped server back where its clients expect it). */
  readonly port?: number;
  /** More redis-server arguments, e.g. `['--requirepass', 'secret']`. */
  readonly args?: readonly string[];
}

const START_TIMEOUT_MS = 5000;
const CLUSTER_TIMEOUT_MS = 15000;

/** Fails with an actionable message when the Redis binaries are missing. */
export function assertRedisInstalled(): void {
  for (const binary of ['redis-server', 'redis-cli']) {
    if (spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status !== 0) {
      throw new Error(
        `${binary} is not on PATH. The conformance suite starts throwaway Redis 7 servers itself: ` +
          `install Redis (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis), ` +
          `run through 'npm test' (which provisions it), or limit the run to the in-process ` +
          `backends with BROKER_TARGETS=memory,memory-cluster.`,
      );
    }
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free loopback port; with `clusterBus`, port + 10000 (the cluster bus) must be free too. */
async function freePort(clusterBus: boolean): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if ((await portIsFree(port)) && (!clusterBus || (await portIsFree(port + 10000)))) return port;
  }
  throw new Error('no free loopback port found');
}

function logTail(dir: string): string {
  try {
    return readFileSync(join(dir, 'redis.log'), 'utf8').split('\n').slice(-8).join('\n');
  } catch {
    return '(no log)';
  }
}

async function startOnce(
  root: string,
  cluster: boolean,
  settings: ServerSettings,
): Promise<LaunchedServer> {
  const port = settings.port ?? (await freePort(cluster));
  const dir = join(root, String(port));
  mkdirSync(dir, { recursive: true });
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--logfile',
    join(dir, 'redis.log'),
    '--daemonize',
    'no',
    ...(cluster
      ? [
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          '5000',
        ]
      : []),
    ...(settings.args ?? []),
  ];
  // Logs go to a file, not a pipe: a pipe nobody drains would stall the server.
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('redis-server did not start');
  const server: LaunchedServer = { pid: child.pid, port, dir, process: child };
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    await pollUntil(
      `redis-server on port ${port}`,
      async () => {
        if (exited) throw new Error(`redis-server on port ${port} exited:\n${logTail(dir)}`);
        // Up: it answers (NOAUTH is an answer too, from a server started with --requirepass).
        return /^(\+PONG|-NOAUTH)/.test(await rawCommand(port, ['PING']));
      },
      START_TIMEOUT_MS,
      10,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  if (exited) throw new Error(`redis-server on port ${port} exited:\n${logTail(dir)}`);
  return server;
}

/** Starts one server in its own directory under `root`; retries once if its port was taken. */
export async function startServer(
  root: string,
  cluster: boolean,
  settings: ServerSettings = {},
): Promise<LaunchedServer> {
  try {
    return await startOnce(root, cluster, settings);
  } catch {
    return startOnce(root, cluster, settings);
  }
}

/**
 * Starts a Sentinel (redis-server in sentinel mode) that monitors the master on `masterPort` as
 * `masterName`, quorum 1. Sentinel rewrites its config file, so it gets one of its own.
 */
export async function startSentinel(
  root: string,
  masterPort: number,
  masterName: string,
): Promise<LaunchedServer> {
  const port = await freePort(false);
  const dir = join(root, `sentinel-${port}`);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'sentinel.conf');
  writeFileSync(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 1`,
      '',
    ].join('\n'),
  );
  const child = spawn('redis-server', [config, '--sentinel', '--logfile', join(dir, 'redis.log')], {
    stdio: 'ignore',
  });
  if (child.pid === undefined) throw new Error('redis-server --sentinel did not start');
  const sentinel: LaunchedServer = { pid: child.pid, port, dir, process: child };
  try {
    await pollUntil(
      `sentinel on port ${port}`,
      async () =>
        (await rawCommand(port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName])).startsWith(
          '*2',
        ),
      START_TIMEOUT_MS,
      10,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return sentinel;
}

/** Joins `servers` (cluster-enabled, empty) into a cluster of masters and waits until it is ok. */
export async function createCluster(servers: readonly LaunchedServer[]): Promise<void> {
  const addresses = servers.map((s) => `127.0.0.1:${s.port}`);
  await new Promise<void>((resolve, reject) => {
    execFile(
      'redis-cli',
      ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'],
      { timeout: CLUSTER_TIMEOUT_MS },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`redis-cli --cluster create failed: ${stderr || stdout}`))
          : resolve(),
    );
  });
  await pollUntil(
    'cluster_state:ok on every node',
    async () => {
      for (const server of servers) {
        const info = await rawCommand(server.port, ['CLUSTER', 'INFO']);
        if (
          !info.includes('cluster_state:ok') ||
          !info.includes('cluster_slots_ok:16384') ||
          !info.includes(`cluster_known_nodes:${servers.length}`)
        ) {
          return false;
        }
      }
      return true;
    },
    CLUSTER_TIMEOUT_MS,
  );
}

/** Stops a server: SIGTERM, then SIGKILL if it has not exited in time. */
export function stopServer(server: LaunchedServer, graceMs = 2000): Promise<void> {
  const child = server.process;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
