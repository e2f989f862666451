import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';

export const APP_CONFIG = Symbol('AppConfig');

/**
 * Makes the validated AppConfig injectable everywhere (`@Inject(APP_CONFIG)`), and through @nestjs/config's
 * ConfigService for code that prefers it. The config is validated before the module graph is built, so a bad
 * environment stops start-up with one message instead of failing in the middle of wiring.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ app: config })] })],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG, ConfigModule],
    };
  }
}
