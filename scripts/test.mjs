#!/usr/bin/env node
// `npm test`: makes sure redis-server is available (the conformance suite starts its own throwaway
// servers), then runs jest and writes its results to .test-output/jest.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function provisionRedis() {
  if (has('redis-server') && has('redis-cli')) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    console.log('redis-server is missing: installing Debian package redis-server (apt-get) ...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install =
      update.status === 0 &&
      spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env });
    if (install && install.status === 0 && has('redis-server')) return true;
  }
  console.error(
    [
      'The test suite needs redis-server and redis-cli (Redis 7) on PATH: every conformance case runs',
      'on the in-process core and on real Redis servers that the suite starts itself on loopback ports.',
      'Install them, then run npm test again:',
      '  Debian/Ubuntu:  sudo apt-get install -y redis-server',
      '  macOS:          brew install redis',
      'To run only the in-process backends meanwhile:  BROKER_TARGETS=memory,memory-cluster npx jest',
    ].join('\n'),
  );
  return false;
}

const onlyMemory = (process.env.BROKER_TARGETS ?? '')
  .split(',')
  .filter(Boolean)
  .every((t) => t.startsWith('memory'));
if (!(onlyMemory && process.env.BROKER_TARGETS) && !provisionRedis()) process.exit(1);

// The e2e suite runs a second time on Nest 11, installed apart so the main tree keeps Nest 12.
function provisionNest11() {
  const lock = 'test/nest11/package-lock.json';
  const installed = 'test/nest11/node_modules/.package-lock.json';
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return true;
  console.log('Installing Nest 11 for the second e2e run (npm ci --prefix test/nest11) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', 'test/nest11', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
  });
  return result.status === 0;
}
if (!provisionNest11()) {
  console.error(
    'Could not install test/nest11 (Nest 11 for the e2e suite); see the npm output above.',
  );
  process.exit(1);
}

mkdirSync('.test-output', { recursive: true });
const jest = spawnSync(
  process.execPath,
  [
    'node_modules/jest/bin/jest.js',
    '--json',
    '--outputFile=.test-output/jest.json',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
process.exit(jest.status ?? 1);
