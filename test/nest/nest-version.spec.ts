import { VERSION_NEUTRAL } from '@nestjs/common';

declare const NEST_MAJOR: number;

describe('the Nest under test', () => {
  it('is the major this jest project names (the nest-11 project really loads Nest 11)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require('@nestjs/core/package.json') as { version: string };
    expect(Number(version.split('.')[0])).toBe(NEST_MAJOR);
    expect(VERSION_NEUTRAL).toBeDefined();
  });
});
