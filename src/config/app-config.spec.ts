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

describe('loadConfig: collection, attachments and e-mail', () => {
  it("defaults to the issue's values: close on the 10th, remind 5 and 1 days before, 20 MB, no e-mail", () => {
    const config = loadConfig({});
    expect(config.collectionCloseDay).toBe(10);
    expect(config.reminderDaysBefore).toEqual([5, 1]);
    expect(config.attachmentMaxBytes).toBe(20 * 1024 * 1024);
    expect(config.smtpUrl).toBeNull();
  });

  it('reads each of them from the environment', () => {
    const config = loadConfig({
      COLLECTION_CLOSE_DAY: '15',
      REMINDER_DAYS_BEFORE: '7, 3,1',
      ATTACHMENT_MAX_MB: '5',
      SMTP_URL: 'smtp://mail.example.test:25',
      MAIL_FROM: '省科技厅 <noreply@example.test>',
    });
    expect(config).toMatchObject({
      collectionCloseDay: 15,
      reminderDaysBefore: [7, 3, 1],
      attachmentMaxBytes: 5 * 1024 * 1024,
      smtpUrl: 'smtp://mail.example.test:25',
      mailFrom: '省科技厅 <noreply@example.test>',
    });
    expect(loadConfig({ REMINDER_DAYS_BEFORE: '' }).reminderDaysBefore).toEqual([]);
  });

  it('refuses values that cannot work', () => {
    expect(() => loadConfig({ COLLECTION_CLOSE_DAY: '31' })).toThrow(/COLLECTION_CLOSE_DAY/);
    expect(() => loadConfig({ COLLECTION_CLOSE_DAY: 'ten' })).toThrow(/COLLECTION_CLOSE_DAY/);
    expect(() => loadConfig({ REMINDER_DAYS_BEFORE: '5,0' })).toThrow(/REMINDER_DAYS_BEFORE/);
    expect(() => loadConfig({ ATTACHMENT_MAX_MB: '0' })).toThrow(/ATTACHMENT_MAX_MB/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.test' })).toThrow(/SMTP_URL/);
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
