import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { BallotDto, CloseVoteDto, VersionDto } from './dto/edition.dto';
import { uuidParam } from '../common/uuid-param';
import type { EditionView } from './releases.service';
import { ReleaseVotingService, type BallotView } from './release-voting.service';

/** The annual list's expert vote: the office opens and closes it, experts cast ballots. */
@ApiTags('releases')
@ApiBearerAuth()
@Controller('api/editions/:id')
export class ReleaseVotingController {
  constructor(private readonly voting: ReleaseVotingService) {}

  @Roles('officeStaff')
  @Post('vote/open')
  @HttpCode(200)
  open(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: VersionDto,
  ): Promise<EditionView> {
    return this.voting.open(user, id, body.expectedVersion);
  }

  @Roles('officeStaff')
  @Post('vote/close')
  @HttpCode(200)
  close(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: CloseVoteDto,
  ): Promise<EditionView> {
    return this.voting.close(user, id, body.expectedVersion, body.size);
  }

  @Roles('expert')
  @Get('ballot')
  ballot(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<BallotView> {
    return this.voting.ballot(user, id);
  }

  @Roles('expert')
  @Put('ballot')
  vote(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: BallotDto,
  ): Promise<BallotView> {
    return this.voting.vote(user, id, body.achievementIds);
  }
}
