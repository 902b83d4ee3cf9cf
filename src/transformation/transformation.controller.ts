import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentUser, DuringAccountAction, Public, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { ClientIp } from '../common/client-ip';
import { uuidParam } from '../common/uuid-param';
import { CooperationService, type CooperationView } from './cooperation.service';
import {
  CooperationActionDto,
  CooperationRequestDto,
  PartnerDecisionDto,
  RegisterPartnerDto,
  TransferOfferDto,
} from './dto/transformation.dto';
import { OffersService, type OfferContact, type OfferView } from './offers.service';
import { PARTNER_STATUSES, type PartnerStatus } from './partner-account.entity';
import { PartnersService, type PartnerView } from './partners.service';

const itemId = uuidParam('成果');
const requestId = uuidParam('对接请求');
const partnerId = uuidParam('对接方');

class PartnerListQuery {
  @IsOptional() @IsIn(PARTNER_STATUSES) status?: PartnerStatus;
}

/** Partners (对接方), transfer offers and cooperation requests (docs/transformation.md). */
@ApiTags('transformation')
@ApiBearerAuth()
@Controller('api')
export class TransformationController {
  constructor(
    private readonly partners: PartnersService,
    private readonly offers: OffersService,
    private readonly cooperation: CooperationService,
  ) {}

  @Public()
  @Post('partners/register')
  register(@Body() body: RegisterPartnerDto, @ClientIp() ip: string | null): Promise<PartnerView> {
    return this.partners.register(body, ip);
  }

  /** The partner's own account, also while it waits for the office. */
  @Roles('partner')
  @DuringAccountAction('awaitApproval')
  @Get('partners/me')
  me(@CurrentUser() user: AuthUser): Promise<PartnerView> {
    return this.partners.mine(user);
  }

  @Roles('officeStaff', 'admin')
  @Get('partners')
  list(@Query() query: PartnerListQuery): Promise<PartnerView[]> {
    return this.partners.list(query.status);
  }

  @Roles('officeStaff')
  @HttpCode(200)
  @Post('partners/:id/decision')
  decide(
    @CurrentUser() user: AuthUser,
    @Param('id', partnerId) id: string,
    @Body() body: PartnerDecisionDto,
    @ClientIp() ip: string | null,
  ): Promise<PartnerView> {
    return this.partners.decide(user, id, body, ip);
  }

  @Public()
  @Get('public/achievements/:id/offer')
  async publicOffer(@Param('id', itemId) id: string): Promise<{ offer: OfferView | null }> {
    return { offer: await this.offers.publicOffer(id) };
  }

  @Roles('submitter')
  @Get('transformation/offers')
  myOffers(@CurrentUser() user: AuthUser) {
    return this.offers.mine(user);
  }

  @Roles('submitter')
  @Put('transformation/offers/:id')
  saveOffer(
    @CurrentUser() user: AuthUser,
    @Param('id', itemId) id: string,
    @Body() body: TransferOfferDto,
  ): Promise<OfferView & OfferContact> {
    return this.offers.save(user, id, body);
  }

  @Roles('partner')
  @Post('transformation/offers/:id/requests')
  request(
    @CurrentUser() user: AuthUser,
    @Param('id', itemId) id: string,
    @Body() body: CooperationRequestDto,
  ): Promise<CooperationView> {
    return this.cooperation.request(user, id, body);
  }

  @Roles('partner', 'submitter', 'officeStaff', 'admin')
  @Get('transformation/requests')
  requests(@CurrentUser() user: AuthUser): Promise<CooperationView[]> {
    return this.cooperation.list(user);
  }

  @Roles('partner', 'submitter', 'officeStaff', 'admin')
  @Get('transformation/requests/:id')
  getRequest(
    @CurrentUser() user: AuthUser,
    @Param('id', requestId) id: string,
  ): Promise<CooperationView> {
    return this.cooperation.get(user, id);
  }

  @Roles('partner', 'submitter', 'officeStaff')
  @HttpCode(200)
  @Post('transformation/requests/:id/actions')
  act(
    @CurrentUser() user: AuthUser,
    @Param('id', requestId) id: string,
    @Body() body: CooperationActionDto,
  ): Promise<CooperationView> {
    return this.cooperation.act(user, id, body);
  }
}
