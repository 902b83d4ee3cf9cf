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
