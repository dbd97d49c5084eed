import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Recorder } from './support/recorder';

describe('SIGTERM with enableShutdownHooks()', () => {
  it('lets the running handler finish, then runs the shutdown hooks and ends the process', async () => {
    const root = join(__dirname, '..', '..');
    const child = spawn(
      process.execPath,
      [
        '-r',
        join(root, 'scripts', 'swc-register.cjs'),
        join(__dirname, 'fixtures', 'sigterm-app.ts'),
      ],
      { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines = new Recorder<string>();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) =>
      chunk
        .split('\n')
        .filter(Boolean)
        .forEach((l) => lines.record(l)),
    );
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)),
    );
    try {
      await lines.waitFor(1, (l) => l === 'ready', 20_000);
      child.stdin.write('go\n');
      await lines.waitFor(1, (l) => l === 'start');
      child.kill('SIGTERM');
      // Nest re-raises the signal once its shutdown hooks are done.
      expect(await exited).toBe('SIGTERM');
      expect(lines.records).toEqual(['ready', 'start', 'end', 'shutdown SIGTERM']);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
