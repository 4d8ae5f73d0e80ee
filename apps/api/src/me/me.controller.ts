// Who the caller is, as this API sees it. The SPA learns the user's app roles here: they
// are in the API's access token, not in the SPA's ID token.
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Me } from '@pixy/api-contract';
import { CurrentPrincipal } from '../auth/authorization.decorators.js';
import type { Principal } from '../auth/principal.js';

export class MeSchema implements Me {
  @ApiProperty({ description: 'Object ID (oid): your immutable ID in the tenant.' })
  oid!: string;
  @ApiProperty({ description: 'Tenant ID (tid).' })
  tid!: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  name!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  preferredUsername!: string | null;
  @ApiProperty({ type: [String], description: 'Delegated scopes granted (scp).' })
  scopes!: string[];
  @ApiProperty({ type: [String], description: 'App roles assigned (roles).' })
  roles!: string[];
}

@ApiTags('me')
@Controller('api/me')
export class MeController {
  /** Any signed-in user (no particular permission); app-only tokens are refused. */
  @Get()
  @ApiOkResponse({ type: MeSchema })
  me(@CurrentPrincipal() principal: Principal): Me {
    return {
      oid: principal.oid,
      tid: principal.tid,
      name: principal.name ?? null,
      preferredUsername: principal.preferredUsername ?? null,
      scopes: [...principal.scopes],
      roles: [...principal.roles],
    };
  }
}
