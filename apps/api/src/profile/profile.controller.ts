// GET /api/me/profile: the signed-in user's Microsoft Graph profile, fetched on their behalf.
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Scopes } from '@pixy/auth-contract';
import { CallerToken, CurrentPrincipal, RequireScopes } from '../auth/authorization.decorators.js';
import type { Principal } from '../auth/principal.js';
import { GraphProfiles, type GraphProfile } from './graph-profile.js';

export class GraphProfileSchema implements GraphProfile {
  @ApiProperty({ type: String, nullable: true })
  displayName!: string | null;
  @ApiProperty({ type: String, nullable: true })
  mail!: string | null;
  @ApiProperty({ type: String, nullable: true })
  jobTitle!: string | null;
  @ApiProperty({ type: String, nullable: true })
  officeLocation!: string | null;
}

@ApiTags('me')
@Controller('api/me/profile')
export class ProfileController {
  constructor(@Inject(GraphProfiles) private readonly profiles: GraphProfiles) {}

  @Get()
  @RequireScopes(Scopes.TasksRead, Scopes.TasksReadWrite)
  @ApiOkResponse({
    type: GraphProfileSchema,
    description:
      'Your Microsoft Graph profile, read on your behalf (on-behalf-of). 403 consent_required ' +
      'without consent for Graph; 401 claims challenge when Graph asks for a new sign-in; ' +
      '502/503 when Graph or the authority cannot answer.',
  })
  profile(
    @CurrentPrincipal() principal: Principal,
    @CallerToken() token: string,
  ): Promise<GraphProfile> {
    return this.profiles.profileOf(principal, token);
  }
}
