// The Passport strategy that validates Entra ID access tokens: passport-jwt with the
// options of token-validation-options.ts. Tokens it accepts go into the verified-token
// cache, which the guard consults before running Passport at all.
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passportJwt from 'passport-jwt';
import type { Principal } from './principal.js';
import { jwtStrategyOptions } from './token-validation-options.js';
import { TokenValidation } from './token-validation.js';

export const entraJwtStrategyName = 'entra-jwt';

@Injectable()
export class EntraJwtStrategy extends PassportStrategy(passportJwt.Strategy, entraJwtStrategyName) {
  constructor(@Inject(TokenValidation) private readonly validation: TokenValidation) {
    super(jwtStrategyOptions(validation));
  }

  /** Called by passport-jwt once the signature, `aud`, `exp` and `nbf` are verified. */
  async validate(
    request: { headers?: { authorization?: unknown } },
    payload: Record<string, unknown>,
  ): Promise<Principal> {
    const principal = await this.validation.principalFrom(payload);
    const token = this.validation.bearerTokenOf(request);
    if (token !== null && typeof payload.exp === 'number') {
      this.validation.verifiedTokens.set(token, principal, payload.exp * 1000);
    }
    return principal;
  }
}
