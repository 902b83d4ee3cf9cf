import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  type FieldErrors,
} from '../common/domain-errors';
import type { CreateOrganizationDto } from './dto/create-organization.dto';
import type { Organization } from './organization.entity';
import { OrganizationsRepository } from './organizations.repository';
import { ORGANIZATION_TYPE_LABELS, type OrganizationType } from '../reference/organization-type';

const BUREAUS: readonly OrganizationType[] = ['cityBureau', 'countyBureau'];

export interface OrganizationView {
  id: string;
  name: string;
  type: OrganizationType;
  typeLabel: string;
  city: string;
  county: string | null;
  reportsThroughId: string | null;
}

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateOrganizationDto): Promise<OrganizationView> {
    const errors: FieldErrors = {};
    if (!(await this.organizations.cityExists(dto.city))) errors.city = ['不是浙江省的设区市'];
    let reportsThrough: Organization | null = null;
    if (dto.reportsThroughId) {
      reportsThrough = await this.organizations.find(dto.reportsThroughId);
      if (!reportsThrough) errors.reportsThroughId = ['上级报送单位不存在'];
      else if (!BUREAUS.includes(reportsThrough.type)) {
        errors.reportsThroughId = ['只能通过设区市或县(市、区)科技局报送'];
      } else if (reportsThrough.city !== dto.city) {
        errors.reportsThroughId = ['上级报送单位必须在同一设区市'];
      }
    }
    if (dto.type === 'cityBureau' && dto.reportsThroughId) {
      errors.reportsThroughId = ['设区市科技局直接向省里报送'];
    }
    // A county bureau with no city above it would report to the province directly, outside the
    // chain the status and reminders follow, so it must name its city bureau.
    if (
      dto.type === 'countyBureau' &&
      (!dto.reportsThroughId || (reportsThrough && reportsThrough.type !== 'cityBureau'))
    ) {
      errors.reportsThroughId = ['县(市、区)科技局须通过所在设区市科技局报送'];
    }
    if (Object.keys(errors).length) throw new InvalidInputError(errors);
    if (await this.organizations.nameTaken(dto.name)) {
      throw new ConflictError('同名单位已存在', { errors: { name: ['同名单位已存在'] } });
    }
    const org = await this.organizations.create({
      name: dto.name,
      type: dto.type,
      city: dto.city,
      county: dto.county ?? null,
      reportsThrough,
      createdAt: this.clock.now(),
    });
    return toView(org);
  }

  async list(): Promise<OrganizationView[]> {
    const orgs = await this.organizations.list();
    return orgs.map((org) => toView(org));
  }

  async get(id: string): Promise<Organization> {
    const org = await this.organizations.find(id);
    if (!org) throw new NotFoundError('单位不存在', { id });
    return org;
  }

  /**
   * The bodies that recommend a unit's items, lowest first, read off the organisation tree:
   * [county bureau, city bureau] for a county unit, [city bureau] for a city unit, and [the unit]
   * when it reports to the province directly.
   */
  async reportingChain(unit: Organization): Promise<string[]> {
    const chain: string[] = [];
    let next = unit.reportsThrough?.id;
    while (next) {
      if (chain.includes(next)) throw new Error(`reporting cycle at organisation ${next}`);
      chain.push(next);
      next = (await this.organizations.findOrFail(next)).reportsThrough?.id;
    }
    return chain.length ? chain : [unit.id];
  }
}

export function toView(org: Organization): OrganizationView {
  return {
    id: org.id,
    name: org.name,
    type: org.type,
    typeLabel: ORGANIZATION_TYPE_LABELS[org.type],
    city: org.city,
    county: org.county,
    reportsThroughId: org.reportsThrough?.id ?? null,
  };
}
