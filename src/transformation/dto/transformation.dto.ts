import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { TRANSFER_MODES, type TransferMode } from '../../../workflows/cooperation-request.machine';
import { IsAcceptablePassword } from '../../users/password-policy';
import { PARTNER_KINDS, type PartnerKind } from '../partner-account.entity';
import { OFFER_SEEKS, type OfferSeek } from '../transfer-offer.entity';

/** A partner's self-registration (对接方注册). */
export class RegisterPartnerDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) organizationName: string;
  @ApiProperty({ description: '统一社会信用代码 (18 characters, check digit verified)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(18)
  creditCode: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(50) contactPerson: string;
  @ApiProperty() @IsString() @Matches(/^[0-9+\-() ]{7,30}$/) phone: string;
  @ApiProperty() @IsEmail() @MaxLength(200) email: string;
  @ApiProperty({ enum: PARTNER_KINDS }) @IsIn(PARTNER_KINDS) kind: PartnerKind;
  @ApiProperty() @IsString() @Matches(/^[A-Za-z0-9_.-]{3,64}$/) username: string;
  @ApiProperty() @IsString() @IsAcceptablePassword() password: string;
}

export class PartnerDecisionDto {
  @ApiProperty({ enum: ['approve', 'refuse'] }) @IsIn(['approve', 'refuse']) decision:
    'approve' | 'refuse';
  @ApiPropertyOptional({ description: 'required when refusing' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** A unit's transfer offer on one item; min ≤ max is checked by the service (400 on priceMinYuan). */
export class TransferOfferDto {
  @ApiProperty({ enum: TRANSFER_MODES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(TRANSFER_MODES, { each: true })
  modes: TransferMode[];

  @ApiProperty({ description: '面议: no price range' }) @IsBoolean() negotiable: boolean;

  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) priceMinYuan?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) priceMaxYuan?: number;

  @ApiProperty({ enum: OFFER_SEEKS, isArray: true })
  @IsArray()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(OFFER_SEEKS, { each: true })
  seeks: OfferSeek[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
  @ApiProperty() @IsBoolean() openToContact: boolean;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(50) contactName: string;
  @ApiProperty() @IsString() @Matches(/^[0-9+\-() ]{7,30}$/) contactPhone: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(200) contactEmail?: string;
}

export class CooperationRequestDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) message: string;
}

export class CooperationActionDto {
  @ApiProperty({
    enum: ['accept', 'decline', 'scheduleMeeting', 'startNegotiation', 'agree', 'close'],
  })
  @IsIn(['accept', 'decline', 'scheduleMeeting', 'startNegotiation', 'agree', 'close'])
  action: 'accept' | 'decline' | 'scheduleMeeting' | 'startNegotiation' | 'agree' | 'close';

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) comment?: string;

  @ApiPropertyOptional({ description: 'scheduleMeeting: ISO-8601 instant' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
  meetingAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) place?: string;

  @ApiPropertyOptional({ enum: TRANSFER_MODES })
  @IsOptional()
  @IsIn(TRANSFER_MODES)
  mode?: TransferMode;
  @ApiPropertyOptional({ description: 'yuan, ≥ 0' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  amountYuan?: number;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD, not in the future' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  contractDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) parties?: string;
  @ApiPropertyOptional({ description: '技术合同登记号' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  registrationNumber?: string;
}
