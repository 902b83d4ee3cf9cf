import { Migration } from '@mikro-orm/migrations';

/**
 * Reference data the system cannot start without. Cities are certain. The 15 strategic fields
 * of the "315" system have no checked source yet, so they are seeded as provisional and the
 * province corrects them through /api/reference/domains (see ../shared/domain.md).
 */
const CITIES = [
  '杭州',
  '宁波',
  '温州',
  '嘉兴',
  '湖州',
  '绍兴',
  '金华',
  '衢州',
  '舟山',
  '台州',
  '丽水',
];
const SUB_PROVINCIAL = new Set(['杭州', '宁波']);

const DOMAINS: [key: string, name: string, highland: string][] = [
  ['cloudNetworks', '云计算与未来网络', '互联网+'],
  ['artificialIntelligence', '人工智能', '互联网+'],
  ['integratedCircuits', '集成电路', '互联网+'],
  ['intelligentSensing', '智能感知', '互联网+'],
  ['blockchainSecurity', '区块链与信息安全', '互联网+'],
  ['biomedicine', '生物医药', '生命健康'],
  ['medicalDevices', '高端医疗器械', '生命健康'],
  ['agricultureSeeds', '现代农业与种业', '生命健康'],
  ['precisionMedicine', '精准医学', '生命健康'],
  ['advancedPolymers', '先进高分子材料', '新材料'],
  ['metalMagneticMaterials', '高端金属与磁性材料', '新材料'],
  ['newEnergyMaterials', '新能源材料', '新材料'],
  ['fibersComposites', '高性能纤维与复合材料', '新材料'],
  ['greenLowCarbon', '绿色低碳技术', '新材料'],
  ['intelligentManufacturing', '高端装备与智能制造', '新材料'],
];

export class Migration20261125171400ReferenceData extends Migration {
  override up(): void {
    const knex = this.getKnex();
    this.addSql(
      knex('city').insert(
        CITIES.map((name, i) => ({
          name,
          sub_provincial: SUB_PROVINCIAL.has(name),
          sort_order: i + 1,
        })),
      ),
    );
    this.addSql(
      knex('strategic_domain').insert(
        DOMAINS.map(([key, name, highland], i) => ({
          key,
          name,
          highland,
          provisional: true,
          active: true,
          sort_order: i + 1,
        })),
      ),
    );
  }

  override down(): void {
    const knex = this.getKnex();
    this.addSql(
      knex('strategic_domain')
        .whereIn(
          'key',
          DOMAINS.map(([key]) => key),
        )
        .delete(),
    );
    this.addSql(knex('city').whereIn('name', CITIES).delete());
  }
}
