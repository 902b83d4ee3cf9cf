import JSZip from 'jszip';
import { DEFAULT_OFFICIAL_DOCUMENT_SETTINGS } from '../common/official-document/official-settings';
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
  copyList: ['科技部成果转化司'],
  offices: DEFAULT_OFFICIAL_DOCUMENT_SETTINGS,
  eventDetails: null,
  items: [item(1, '高性能碳化硅功率芯片'), item(2, '大口径光学元件<超精密>加工')],
};

async function documentXml(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('word/document.xml')!.async('string');
}

describe('edition documents', () => {
  it('renders the monthly report as DOCX with title, number, date, items and both recipient lists', async () => {
    const xml = await documentXml(await renderEditionDocx(monthly));
    for (const text of [
      '《重大科技成果月报》',
      '2026年第11期',
      '2026年11月25日',
      '一、高性能碳化硅功率芯片',
      '二、大口径光学元件&lt;超精密&gt;加工',
      '某某科技有限公司、某某大学',
      '已量产,年销售额2亿元',
      '报：',
      '省委办公厅、省政府办公厅',
      '抄送：',
      '科技部成果转化司',
    ]) {
      expect(xml).toContain(text);
    }
    // A report of a few items has no table of contents.
    expect(xml).not.toContain('目录');
    expect(xml.indexOf('高性能碳化硅功率芯片')).toBeLessThan(xml.indexOf('大口径光学元件'));
  });

  it('renders the annual list as a ranked table', async () => {
    const xml = await documentXml(
      await renderEditionDocx({
        ...monthly,
        kind: 'annual',
        number: '2026年度',
        distributionList: [],
        copyList: [],
      }),
    );
    expect(xml).toContain('《年度重大科技成果榜单》');
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('名次');
    // No list of its own: the office's default 报 list; an empty 抄送 list prints no 抄送 line.
    expect(xml).toContain('报：省委办公厅、省政府办公厅');
    expect(xml).not.toContain('抄送：');
  });

  it('renders HTML with every text escaped', () => {
    const html = renderEditionHtml(monthly);
    expect(html).toContain('<h1 class="masthead-title">重大科技成果月报</h1>');
    expect(html).toContain('浙江省科学技术厅编');
    expect(html).toContain('抄送：科技部成果转化司');
    expect(html).not.toContain('目录');
    expect(html).toContain('大口径光学元件&lt;超精密&gt;加工');
    expect(html).not.toContain('<超精密>');
    expect(html).toContain('省委办公厅、省政府办公厅');
  });
});
