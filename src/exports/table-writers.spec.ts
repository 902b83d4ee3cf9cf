import { PassThrough } from 'node:stream';
import { csvCell, writeCsv, type Cell } from './table-writers';

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks, and keeps Chinese as is', () => {
    expect(csvCell('碳化硅,芯片')).toBe('"碳化硅,芯片"');
    expect(csvCell('他说"好"')).toBe('"他说""好"""');
    expect(csvCell('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvCell('杭州')).toBe('杭州');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-1.5)).toBe('-1.5');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+86')).toBe("'+86");
  });

  it('writes BOM, headings and rows with CRLF', async () => {
    async function* pages(): AsyncIterable<Cell[][]> {
      yield await Promise.resolve([['a', 1]] as Cell[][]);
      yield [['b,c', null]];
    }
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const count = await writeCsv(
      { name: 't', title: 't', columns: ['名称', '数'], pages: pages() },
      out,
    );
    expect(count).toBe(2);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('\uFEFF名称,数\r\na,1\r\n"b,c",\r\n');
  });
});
