import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { DuringAccountAction, Public } from '../../access/auth.decorators';
import { clientIpOf } from '../../common/client-ip';
import { InvalidInputError, type FieldErrors } from '../../common/domain-errors';
import { validateAs } from '../../common/validation';
import { CooperationService } from '../../transformation/cooperation.service';
import {
  CooperationActionDto,
  CooperationRequestDto,
  PartnerDecisionDto,
  RegisterPartnerDto,
  TransferOfferDto,
} from '../../transformation/dto/transformation.dto';
import { OffersService } from '../../transformation/offers.service';
import { PartnersService } from '../../transformation/partners.service';
import { PublicCatalogueService } from '../../public/public-catalogue.service';
import { uuid } from '../shared/web-http';
import { html, sendHtml } from '../shared/layout';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAnonymous, WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';
import {
  EditOfferPage,
  ItemOfferPage,
  MyOffersPage,
  PartnerApprovalsPage,
  RegisterPartnerPage,
  RequestDetailPage,
  RequestsPage,
} from './views/transformation.page';

type Body = Record<string, unknown>;

/** The posted fields without the CSRF token, blanks left out (the DTOs treat them as absent). */
function fields(body: Body, keep: string[] = []): Body {
  const out: Body = {};
  for (const [k, v] of Object.entries(body ?? {})) {
    if (k === '_csrf') continue;
    if (typeof v === 'string' && v.trim() === '' && !keep.includes(k)) continue;
    out[k] = v;
  }
  return out;
}

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? (v as unknown[]) : [v]).filter(
    (x): x is string => typeof x === 'string' && x !== '',
  );
const num = (v: unknown): unknown =>
  typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;

function offerForm(body: Body): Body {
  const f = fields(body);
  return {
    ...f,
    modes: list(f.modes),
    seeks: list(f.seeks),
    negotiable: f.negotiable === 'true',
    openToContact: f.openToContact === 'true',
    priceMinYuan: num(f.priceMinYuan),
    priceMaxYuan: num(f.priceMaxYuan),
  };
}

/**
 * 成果转化 in the console: partner registration (public) and the office's approvals, the units'
 * transfer offers, an item's offer with 「我要对接」, and the cooperation requests of each party.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class TransformationWebController {
  constructor(
    private readonly partners: PartnersService,
    private readonly offers: OffersService,
    private readonly cooperation: CooperationService,
    private readonly catalogue: PublicCatalogueService,
  ) {}

  @WebAnonymous()
  @DuringAccountAction()
  @Get('partners/register')
  register(@Req() req: WebRequest): string {
    return html(RegisterPartnerPage({ csrf: req.csrfToken!, form: {} }));
  }

  @WebAnonymous()
  @DuringAccountAction()
  @Post('partners/register')
  async doRegister(@Req() req: WebRequest, @Res() res: Response) {
    const form = fields(req.body as Body);
    try {
      const dto = await validateAs(RegisterPartnerDto, form);
      const done = await this.partners.register(dto, clientIpOf(req));
      sendHtml(res, 201, RegisterPartnerPage({ csrf: req.csrfToken!, form, done }));
    } catch (err) {
      const errors = fieldErrors(err);
      sendHtml(res, 400, RegisterPartnerPage({ csrf: req.csrfToken!, form, errors }));
    }
  }

  @WebRoles('officeStaff', 'admin')
  @Get('transfer/partners')
  async approvals(@Req() req: WebRequest): Promise<string> {
    const partners = await this.partners.list();
    return html(PartnerApprovalsPage({ user: req.user!, csrf: req.csrfToken!, partners }));
  }

  @WebRoles('officeStaff')
  @Post('transfer/partners/:id/decision')
  async decide(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('对接方')) id: string,
  ) {
    try {
      const dto = await validateAs(PartnerDecisionDto, fields(req.body as Body));
      await this.partners.decide(req.user!, id, dto, clientIpOf(req));
      res.redirect(303, '/transfer/partners');
    } catch (err) {
      const errors = fieldErrors(err);
      const partners = await this.partners.list();
      sendHtml(
        res,
        400,
        PartnerApprovalsPage({ user: req.user!, csrf: req.csrfToken!, partners, errors }),
      );
    }
  }

  @WebAnonymous()
  @Get('transfer/items/:id')
  async item(@Req() req: WebRequest, @Param('id', uuid('成果')) id: string): Promise<string> {
    const [item, offer] = await Promise.all([this.catalogue.get(id), this.offers.publicOffer(id)]);
    return html(
      ItemOfferPage({
        user: req.user ?? null,
        csrf: req.csrfToken,
        itemId: id,
        title: item.title,
        offer,
      }),
    );
  }

  @WebRoles('partner')
  @Post('transfer/items/:id/requests')
  async ask(@Req() req: WebRequest, @Res() res: Response, @Param('id', uuid('成果')) id: string) {
    try {
      const dto = await validateAs(CooperationRequestDto, fields(req.body as Body));
      const created = await this.cooperation.request(req.user!, id, dto);
      res.redirect(303, `/transfer/requests/${created.id}`);
    } catch (err) {
      const errors = fieldErrors(err);
      const [item, offer] = await Promise.all([
        this.catalogue.get(id),
        this.offers.publicOffer(id),
      ]);
      sendHtml(
        res,
        400,
        ItemOfferPage({
          user: req.user!,
          csrf: req.csrfToken,
          itemId: id,
          title: item.title,
          offer,
          errors,
        }),
      );
    }
  }

  @WebRoles('submitter')
  @Get('transfer/offers')
  async myOffers(@Req() req: WebRequest): Promise<string> {
    const rows = await this.offers.mine(req.user!);
    return html(MyOffersPage({ user: req.user!, csrf: req.csrfToken!, rows }));
  }

  @WebRoles('submitter')
  @Get('transfer/offers/:id')
  async editOffer(@Req() req: WebRequest, @Param('id', uuid('成果')) id: string): Promise<string> {
    const { item, offer } = await this.offers.own(req.user!, id);
    const form: Body = offer ? { ...offer } : { modes: [], seeks: [], openToContact: true };
    return html(EditOfferPage({ user: req.user!, csrf: req.csrfToken!, item, form }));
  }

  @WebRoles('submitter')
  @Post('transfer/offers/:id')
  async saveOffer(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
  ) {
    const form = offerForm(req.body as Body);
    // Whose item it is comes first: another unit's answers 403 whatever the form holds.
    const { item } = await this.offers.own(req.user!, id);
    try {
      await this.offers.save(req.user!, id, await validateAs(TransferOfferDto, form));
      res.redirect(303, '/transfer/offers');
    } catch (err) {
      const errors = fieldErrors(err);
      sendHtml(
        res,
        400,
        EditOfferPage({ user: req.user!, csrf: req.csrfToken!, item, form, errors }),
      );
    }
  }

  @WebRoles('partner', 'submitter', 'officeStaff', 'admin')
  @Get('transfer/requests')
  async requests(@Req() req: WebRequest): Promise<string> {
    const requests = await this.cooperation.list(req.user!);
    return html(RequestsPage({ user: req.user!, csrf: req.csrfToken!, requests }));
  }

  @WebRoles('partner', 'submitter', 'officeStaff', 'admin')
  @Get('transfer/requests/:id')
  async request(
    @Req() req: WebRequest,
    @Param('id', uuid('对接请求')) id: string,
  ): Promise<string> {
    const request = await this.cooperation.get(req.user!, id);
    return html(RequestDetailPage({ user: req.user!, csrf: req.csrfToken!, request }));
  }

  @WebRoles('partner', 'submitter', 'officeStaff')
  @Post('transfer/requests/:id/actions')
  async act(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('对接请求')) id: string,
  ) {
    const form = fields(req.body as Body);
    // Whose request it is comes first: another party's answers 403 whatever the form holds.
    await this.cooperation.get(req.user!, id);
    try {
      const dto = await validateAs(CooperationActionDto, {
        ...form,
        amountYuan: num(form.amountYuan),
        // datetime-local has no zone: the console's times are Beijing time.
        meetingAt:
          typeof form.meetingAt === 'string' &&
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(form.meetingAt)
            ? `${form.meetingAt}:00+08:00`
            : form.meetingAt,
      });
      await this.cooperation.act(req.user!, id, dto);
      res.redirect(303, `/transfer/requests/${id}`);
    } catch (err) {
      const errors = fieldErrors(err);
      const request = await this.cooperation.get(req.user!, id);
      sendHtml(
        res,
        400,
        RequestDetailPage({ user: req.user!, csrf: req.csrfToken!, request, errors }),
      );
    }
  }
}

/** A form's bad input shows on the page; anything else goes to the web filter. */
function fieldErrors(err: unknown): FieldErrors {
  if (err instanceof InvalidInputError) return err.errors;
  throw err;
}
