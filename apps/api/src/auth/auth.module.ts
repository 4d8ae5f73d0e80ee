// Token validation and authorization for the whole app: the strategy, and the guard
// registered globally so a new route is protected unless it says @Public().
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenGuard } from './access-token.guard.js';
import { EntraJwtStrategy } from './entra-jwt.strategy.js';
import { TokenValidation } from './token-validation.js';

@Module({})
export class AuthModule {
  static forValidation(validation: TokenValidation): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TokenValidation, useValue: validation },
        EntraJwtStrategy,
        { provide: APP_GUARD, useClass: AccessTokenGuard },
      ],
      exports: [TokenValidation],
    };
  }
}
