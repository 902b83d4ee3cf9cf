import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateYear } from '../scripts/simulate-year';

/**
 * The acceptance test of the whole mission at a small scale: a year of the province driven only
 * through the HTTP API of the built server (`npm run simulate:year` runs the full scale). It fails
 * if any of the simulation's own checks fails: audit chains, stage order of published items,
 * conflicts of interest, cycles exactly once, 12/4/1 editions, the ranking reports.
 */
describe('a simulated year (small scale, real server, HTTP only)', () => {
  const out = mkdtempSync(join(tmpdir(), 'chengguo-year-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('passes every check and writes the documents of the year', async () => {
    const result = await simulateYear({ seed: 7, year: 2027, scale: 0.05, out, quiet: true });
    expect(result.report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.report.checks.length).toBeGreaterThanOrEqual(9);
    const issued = result.report.editions.filter((e) => e.state === 'issued');
    expect(issued.filter((e) => e.kind === 'monthly')).toHaveLength(12);
    expect(issued.filter((e) => e.kind === 'quarterly')).toHaveLength(4);
    expect(issued.filter((e) => e.kind === 'annual')).toHaveLength(1);
    const documents = readdirSync(join(out, 'documents'));
    // 17 editions and 5 ranking reports, each as DOCX and HTML.
    expect(documents.filter((f) => f.endsWith('.docx'))).toHaveLength(22);
    expect(documents.filter((f) => f.endsWith('.html'))).toHaveLength(22);
    expect(result.summary).toContain('全部检查通过');
  }, 900_000);
});
