import { resolve } from 'node:path';
import { loadConfig } from './app-config';

describe('loadConfig: the simulated clock', () => {
  const start = '2027-01-01T00:00:00+08:00';

  it('is off unless SIMULATED_CLOCK_START is set', () => {
    expect(loadConfig({}).simulatedClockStart).toBeNull();
    expect(loadConfig({ SIMULATED_CLOCK_START: start }).simulatedClockStart).toEqual(
      new Date(start),
    );
  });

  it('is refused on PostgreSQL without the second flag', () => {
    const env = { SIMULATED_CLOCK_START: start, DATABASE_URL: 'postgres://127.0.0.1/test' };
    expect(() => loadConfig(env)).toThrow(/SIMULATED_CLOCK_ON_POSTGRES/);
    expect(loadConfig({ ...env, SIMULATED_CLOCK_ON_POSTGRES: '1' }).simulatedClockStart).toEqual(
      new Date(start),
    );
  });

  it('rejects a start that is not a time', () => {
    expect(() => loadConfig({ SIMULATED_CLOCK_START: 'tomorrow' })).toThrow(/ISO-8601/);
  });
});

describe('loadConfig: storage and port', () => {
  it('defaults to port 3000 and SQLite in ./data', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(resolve('./data'));
    expect(config.databaseUrl).toBeNull();
  });

  it('reads PORT, DATA_DIR and a postgres:// DATABASE_URL', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/srv/chengguo',
      DATABASE_URL: 'postgres://app@db.internal:5432/chengguo',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/srv/chengguo',
      databaseUrl: 'postgres://app@db.internal:5432/chengguo',
    });
  });

  it('refuses a DATABASE_URL that is not PostgreSQL and a PORT that is not a number', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/chengguo' })).toThrow(/postgres/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
