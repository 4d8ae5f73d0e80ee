// Token validation and authorization for the whole app, configured once from AuthOptions:
//   AuthModule.forRoot(authOptionsFrom(config))
// Both guards are global, so a new route is protected unless it says @Public():
// AccessTokenGuard (who is calling) runs first, then PermissionsGuard (may they call this).
import {
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModuleOptions } from '@nestjs/passport';
import { AccessTokenGuard } from './access-token.guard.js';
import { AUTH_OPTIONS, type AuthOptions } from './auth-options.js';
import { AuthorityConfigurationManager } from './authority-configuration.js';
import { EntraJwtStrategy } from './entra-jwt.strategy.js';
import { PermissionsGuard } from './permissions.guard.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

export interface AuthModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly useFactory: (...args: never[]) => AuthOptions | Promise<AuthOptions>;
  readonly inject?: FactoryProvider['inject'];
}

let instances = 0;

@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return AuthModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    instances += 1;
    return {
      module: AuthModule,
      // Its exports (the options, the keys, the cache) serve other modules: health checks.
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: AUTH_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        // Passport keeps strategies in one registry per process; each API instance (tests
        // start several in one process) registers its strategy under its own name.
        { provide: AuthModuleOptions, useValue: { defaultStrategy: `entra-jwt-${instances}` } },
        {
          provide: AuthorityConfigurationManager,
          useFactory: (auth: AuthOptions) => new AuthorityConfigurationManager(auth),
          inject: [AUTH_OPTIONS],
        },
        {
          provide: VerifiedTokenCache,
          useFactory: (auth: AuthOptions) =>
            new VerifiedTokenCache(auth.verifiedTokenCacheSize, auth.clock),
          inject: [AUTH_OPTIONS],
        },
        EntraJwtStrategy,
        { provide: APP_GUARD, useClass: AccessTokenGuard },
        { provide: APP_GUARD, useClass: PermissionsGuard },
      ],
      exports: [AUTH_OPTIONS, AuthorityConfigurationManager, VerifiedTokenCache],
    };
  }
}
