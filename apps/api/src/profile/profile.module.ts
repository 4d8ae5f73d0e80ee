// Calling Microsoft Graph as the signed-in user: GET /api/me/profile, the on-behalf-of
// token source (with the API's credential from the configuration) and the Graph call.
import { Module } from '@nestjs/common';
import { AUTH_OPTIONS, type AuthOptions } from '../auth/auth-options.js';
import { API_CONFIG } from '../config/api-config.module.js';
import type { ApiConfig } from '../config/api-config.js';
import { GraphProfiles } from './graph-profile.js';
import { OnBehalfOfGraphTokens } from './graph-tokens.js';
import { ProfileController } from './profile.controller.js';

@Module({
  controllers: [ProfileController],
  providers: [
    {
      provide: GraphProfiles,
      inject: [API_CONFIG, AUTH_OPTIONS],
      useFactory: (config: ApiConfig, auth: AuthOptions) => {
        const { credential, url } = config.graph;
        const tokens =
          credential === undefined
            ? undefined
            : new OnBehalfOfGraphTokens(config, credential, auth.authorityAgent, auth.clock);
        return new GraphProfiles(tokens, url, auth.authorityAgent, {
          authority: auth.authority,
          apiClientId: auth.apiClientId,
        });
      },
    },
  ],
})
export class ProfileModule {}
