// The validated configuration as a provider: `@Inject(API_CONFIG) config: ApiConfig`.
// Read once by main.ts (or a test) and handed in; modules configure themselves from it.
import { Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from './api-config.js';

export const API_CONFIG = Symbol('ApiConfig');

@Module({})
export class ApiConfigModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiConfigModule,
      global: true,
      providers: [{ provide: API_CONFIG, useValue: config }],
      exports: [API_CONFIG],
    };
  }
}
