import { Module, type DynamicModule } from '@nestjs/common';
import { CONFIG, type Config } from './config.js';

/** The configuration parsed at boot, global: plumbing every feature reads. */
@Module({})
export class ConfigModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: CONFIG, useValue: config }],
      exports: [CONFIG],
    };
  }
}
