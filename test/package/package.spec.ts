import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const NEST = { 11: join(ROOT, 'test', 'nest11', 'node_modules'), 12: join(ROOT, 'node_modules') };

/**
 * The library is compiled once (tsc to CommonJS, as `npm run build`), packed with `npm pack` (the
 * `files` list decides what ships), and installed into throwaway apps: a CommonJS app on Nest 11,
 * a CommonJS app on Nest 12 and an ES-module app on Nest 12. Each boots, handles one message and
 * prints what it received.
 */
describe('the packed library', () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'nestjs-broker-pack-'));
    const stage = join(work, 'stage');
    mkdirSync(stage);
    for (const file of ['package.json', 'README.md', 'LICENSE']) {
      copyFileSync(join(ROOT, file), join(stage, file));
    }
    execFileSync(process.execPath, [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--outDir',
      join(stage, 'dist'),
    ]);
    const packed = execFileSync('npm', ['pack', stage, '--pack-destination', work, '--json'], {
      cwd: work,
      encoding: 'utf8',
    });
    tarball = join(work, (JSON.parse(packed) as Array<{ filename: string }>)[0].filename);
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** An app folder whose node_modules holds the unpacked library and links to one Nest major. */
  function appWith(major: 11 | 12, file: string): string {
    const app = join(work, `app-${major}-${file.replace(/\W/g, '-')}`);
    const modules = join(app, 'node_modules');
    mkdirSync(join(modules, 'nestjs-broker'), { recursive: true });
    execFileSync('tar', [
      '-xzf',
      tarball,
      '-C',
      join(modules, 'nestjs-broker'),
      '--strip-components=1',
    ]);
    symlinkSync(join(NEST[major], '@nestjs'), join(modules, '@nestjs'));
    for (const name of ['rxjs', 'reflect-metadata'])
      symlinkSync(join(NEST[major], name), join(modules, name));
    // The library's own dependency, as npm would install it beside it.
    symlinkSync(join(ROOT, 'node_modules', 'ioredis'), join(modules, 'ioredis'));
    for (const file of ['smoke-app.cjs', 'smoke-app.mjs']) {
      copyFileSync(join(__dirname, 'fixtures', file), join(app, file));
    }
    return app;
  }

  it.each([
    [11, 'smoke-app.cjs'],
    [12, 'smoke-app.cjs'],
    [12, 'smoke-app.mjs'],
  ] as const)(
    'runs in a Nest %i app (%s)',
    (major, file) => {
      const app = appWith(major, file);
      const run = spawnSync(process.execPath, [join(app, file)], {
        cwd: app,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ stderr: run.stderr, signal: run.signal, status: run.status }).toEqual({
        stderr: '',
        signal: null,
        status: 0,
      });
      expect(run.stdout.trim()).toMatch(new RegExp(`^ok ${major}\\.\\d+\\.\\d+ \\{"n":1\\}$`));
      rmSync(app, { recursive: true, force: true });
    },
    60_000,
  );

  it('ships the compiled library and its types, not the sources or tests', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/index.d.ts');
    expect(listing.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(listing.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(listing).toEqual(expect.arrayContaining(['package/LICENSE', 'package/README.md']));
    expect(listing.some((f) => f.includes('/test/'))).toBe(false);
  });
});
