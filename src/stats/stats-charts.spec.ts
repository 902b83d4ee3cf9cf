import { funnelChart, rasterise, renderPng, renderSvg } from './stats-charts';
import { FUNNEL_METRICS, type FunnelCounts } from './stats.types';
import { pngSize } from '../../test/support/png';

const counts = (set: Partial<FunnelCounts>): FunnelCounts => ({
  ...(Object.fromEntries(FUNNEL_METRICS.map((m) => [m, 0])) as FunnelCounts),
  ...set,
});

describe('chart images', () => {
  it('renders a chart as a PNG twice the layout size', async () => {
    const png = await renderPng(funnelChart(counts({ submitted: 12, recommended: 9 })));
    expect(pngSize(png)).toEqual({ width: 1280, height: 640 });
    expect(png.length).toBeGreaterThan(5_000);
  });

  it('draws Chinese text with a CJK font, not as empty boxes', async () => {
    // A font without CJK glyphs draws every character as the same box, so two different titles
    // of the same length would give the same pixels.
    const title = async (text: string) =>
      (await rasterise(renderSvg({ title: { text }, animation: false }, 200, 60), 200)).pixels;
    const a = await title('各环节成果数');
    const b = await title('入库发布标志');
    let dark = 0;
    for (let i = 0; i < a.length; i += 4) if (a[i] < 128) dark++;
    expect(dark).toBeGreaterThan(100);
    expect(a.equals(b)).toBe(false);
  });
});
