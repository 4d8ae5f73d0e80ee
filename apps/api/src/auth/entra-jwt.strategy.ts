// The Passport strategy that validates Entra ID access tokens: passport-jwt hands the token
// to jsonwebtoken, which verifies the RS256 signature with the authority's key named by
// `kid` and checks `exp` and `nbf`; then validate() checks the claims (access-token-claims.ts)
// and says who the caller is. Failures are typed: rejectionFor() maps them for the guard.
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AuthModuleOptions, PassportStrategy } from '@nestjs/passport';
import jsonwebtoken from 'jsonwebtoken';
import passport from 'passport';
import {
  Strategy as JwtStrategy,
  type SecretOrKeyProvider,
  type StrategyOptionsWithRequest,
  type VerifyCallbackWithRequest,
} from 'passport-jwt';
import { principalFromClaims } from './access-token-claims.js';
import { AUTH_OPTIONS, type AuthOptions } from './auth-options.js';
import {
  AuthorityConfigurationManager,
  type AuthorityConfiguration,
  type SigningKey,
} from './authority-configuration.js';
import {
  acceptedAlgorithm,
  checkTokenFormat,
  explainMalformedPayload,
  readBearerToken,
} from './bearer-token.js';
import { AuthorityUnavailableError } from '@pixy/authority-https';
import type { Principal } from './principal.js';
import { TokenRejection } from './token-rejection.js';

const { JsonWebTokenError, NotBeforeError, TokenExpiredError } = jsonwebtoken;

/** What a verified token leaves: the caller, and what the verified-token cache needs. */
export interface VerifiedToken {
  readonly principal: Principal;
  /** The key that verified it: a cached token is answered only while that key is published. */
  readonly kid: string;
  readonly expiresAtMs: number;
}

interface KeyUsed {
  readonly key: SigningKey;
  readonly configuration: AuthorityConfiguration;
}

/**
 * passport-jwt's strategy under a name of its own. Passport keeps strategies in one
 * registry per process, and tests run several APIs in one process: each AuthModule gives
 * its strategy a unique name (AuthModuleOptions.defaultStrategy, which AuthGuard() uses).
 */
class NamedJwtStrategy extends JwtStrategy {
  constructor(
    name: string,
    options: StrategyOptionsWithRequest,
    verify: VerifyCallbackWithRequest,
  ) {
    super(options, verify);
    this.name = name;
  }
}

@Injectable()
export class EntraJwtStrategy
  extends PassportStrategy(NamedJwtStrategy)
  implements OnModuleDestroy
{
  private readonly keysUsed: WeakMap<object, KeyUsed>;

  constructor(
    @Inject(AuthModuleOptions) passportOptions: AuthModuleOptions,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    @Inject(AuthorityConfigurationManager) authority: AuthorityConfigurationManager,
  ) {
    const keysUsed = new WeakMap<object, KeyUsed>();
    super(String(passportOptions.defaultStrategy), {
      // Only `Authorization: Bearer <token>`: never a query parameter, body field or cookie.
      jwtFromRequest: (request: { headers?: { authorization?: unknown } }) => {
        const bearer = readBearerToken(request.headers?.authorization);
        return bearer.kind === 'token' ? bearer.token : null;
      },
      secretOrKeyProvider: keyProvider(authority, keysUsed),
      algorithms: [acceptedAlgorithm],
      // `aud` and `iss` are checked in access-token-claims.ts: a multi-tenant issuer is a
      // template, and one audience check there explains every wrong audience.
      ignoreExpiration: false,
      passReqToCallback: true,
      jsonWebTokenOptions: {
        clockTolerance: options.clockSkewSeconds,
        ignoreNotBefore: false,
        allowInvalidAsymmetricKeyTypes: false,
        complete: false,
      },
    });
    this.keysUsed = keysUsed;
  }

  /** Called by passport-jwt once the signature, `exp` and `nbf` are verified. */
  validate(request: object, payload: Record<string, unknown>): VerifiedToken {
    const used = this.keysUsed.get(request);
    if (used === undefined) throw new Error('passport-jwt verified a token without our key lookup');
    this.keysUsed.delete(request);
    const principal = principalFromClaims(payload, {
      options: this.options,
      issuer: used.configuration.issuer,
      keyIssuer: used.key.issuer,
    });
    return { principal, kid: used.key.kid, expiresAtMs: (payload.exp as number) * 1000 };
  }

  onModuleDestroy(): void {
    passport.unuse(this.name);
  }
}

/** passport-jwt's key lookup: the format checks first, then the key named by `kid`. */
function keyProvider(
  authority: AuthorityConfigurationManager,
  keysUsed: WeakMap<object, KeyUsed>,
): SecretOrKeyProvider {
  return (request, rawToken, done) => {
    let kid: string;
    try {
      ({ kid } = checkTokenFormat(String(rawToken)));
    } catch (error) {
      done(error);
      return;
    }
    authority.key(kid).then(
      (used) => {
        keysUsed.set(request as object, used);
        // jsonwebtoken takes a KeyObject as it is (passport-jwt's types only say string | Buffer).
        done(null, used.key.publicKey as unknown as string);
      },
      (error: unknown) => done(error),
    );
  };
}

/**
 * Why Passport refused `token`, by the type of what it was given: our own rejections and
 * authority failures as they are, jsonwebtoken's errors translated. Undefined for anything
 * else (a bug, to surface as a 500).
 */
export function rejectionFor(
  failure: unknown,
  token: string,
): TokenRejection | AuthorityUnavailableError | undefined {
  if (failure instanceof TokenRejection || failure instanceof AuthorityUnavailableError) {
    return failure;
  }
  if (failure instanceof TokenExpiredError) {
    return new TokenRejection(
      'token_expired',
      'The token has expired (exp). Get a new access token; MSAL renews tokens before they expire.',
    );
  }
  if (failure instanceof NotBeforeError) {
    return new TokenRejection(
      'token_not_yet_valid',
      'The token is not valid yet (nbf is in the future, beyond the allowed clock skew).',
    );
  }
  if (failure instanceof JsonWebTokenError) {
    // checkTokenFormat() refused every malformed header and algorithm before, so what is
    // left is a payload jsonwebtoken cannot use, or a signature that does not verify.
    return (
      explainMalformedPayload(token) ??
      new TokenRejection(
        'invalid_signature',
        "The token's signature does not match the authority's key it names (kid).",
      )
    );
  }
  return undefined;
}
