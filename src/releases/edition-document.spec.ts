import JSZip from 'jszip';
import {
  renderEditionDocx,
  renderEditionHtml,
  type EditionDocumentData,
  type EditionDocumentItem,
} from './edition-document';

const item = (rank: number, title: string): EditionDocumentItem => ({
  rank,
  title,
  units: ['某某科技有限公司', '某某大学'],
  completers: ['李四(某某科技有限公司)'],
  domain: '集成电路',
  category: '技术突破类',
  achieved: '突破碳化硅MOSFET关键工艺',
  significance: '达到国内领先水平;打破国外垄断',
  latestProgress: '已量产,年销售额2亿元',
  blurb: '车规级芯片实现自主可控',
});

const monthly: EditionDocumentData = {
  kind: 'monthly',
  number: '2026年第11期',
  dateLabel: '2026年11月25日',
  coverage: '统计区间:2026年11月1日至2026年11月30日',
  correctsNumber: null,
  distributionList: ['省委办公厅', '省政府办公厅'],
  eventDetails: null,
  items: [item(1, '高性能碳化硅功率芯片'), item(2, '大口径光学元件<超精密>加工')],
};

async function documentXml(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('word/document.xml')!.async('string');
}

describe('edition documents', () => {
  it('renders the monthly report as DOCX with title, number, date, items and distribution list', async () => {
    const xml = await documentXml(await renderEditionDocx(monthly));
    for (const text of [
      '《重大科技成果月报》',
      '2026年第11期',
      '2026年11月25日',
      '目录',
      '高性能碳化硅功率芯片',
      '大口径光学元件&lt;超精密&gt;加工',
      '某某科技有限公司、某某大学',
      '已量产,年销售额2亿元',
      '报送范围',
      '省委办公厅、省政府办公厅',
    ]) {
      expect(xml).toContain(text);
    }
    expect(xml.indexOf('高性能碳化硅功率芯片')).toBeLessThan(xml.indexOf('大口径光学元件'));
  });

  it('renders the annual list as a ranked table', async () => {
    const xml = await documentXml(
      await renderEditionDocx({
        ...monthly,
        kind: 'annual',
        number: '2026年度',
        distributionList: [],
      }),
    );
    expect(xml).toContain('《年度重大科技成果榜单》');
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('名次');
    expect(xml).not.toContain('报送范围');
  });

  it('renders HTML with every text escaped', () => {
    const html = renderEditionHtml(monthly);
    expect(html).toContain('<h1>《重大科技成果月报》</h1>');
    expect(html).toContain('大口径光学元件&lt;超精密&gt;加工');
    expect(html).not.toContain('<超精密>');
    expect(html).toContain('省委办公厅、省政府办公厅');
  });
});
