// The application: configuration, token validation and authorization, storage, the
// features, and one exception filter that turns every failure into a problem+json answer. A new endpoint
// goes into its feature module (tasks/, me/, health/), never here.
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { authOptionsFrom, type AuthOptions } from './auth/auth-options.js';
import { AuthModule } from './auth/auth.module.js';
import { ApiConfigModule, API_CONFIG } from './config/api-config.module.js';
import type { ApiConfig } from './config/api-config.js';
import { ProblemDetailsFilter } from './errors/problem-details.filter.js';
import { HealthModule } from './health/health.module.js';
import { MeModule } from './me/me.module.js';
import { ProfileModule } from './profile/profile.module.js';
import { StorageModule, type StorageModuleOptions } from './storage/storage.module.js';
import { TasksModule } from './tasks/tasks.module.js';

export interface AppModuleOptions extends StorageModuleOptions {
  /** Changes to the auth options the configuration gives (tests: timings, the clock, the agent). */
  readonly auth?: Partial<AuthOptions>;
}

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiConfigModule.forRoot(config),
        AuthModule.forRootAsync({
          inject: [API_CONFIG],
          useFactory: (apiConfig: ApiConfig) => authOptionsFrom(apiConfig, options.auth),
        }),
        StorageModule.forRoot(options),
        HealthModule,
        MeModule,
        ProfileModule,
        TasksModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
