import { Module } from '@nestjs/common';
import { ToxicityModule } from '../toxicity/toxicity.module.js';
import { HealthController } from './health.controller.js';
import { VersionController } from './version.controller.js';
import { VersionRepository } from './version.repository.js';
import { VersionService } from './version.service.js';

/** What operators and load balancers ask a node: whether it can serve, and what it runs. */
@Module({
  imports: [ToxicityModule],
  controllers: [HealthController, VersionController],
  providers: [VersionService, VersionRepository],
})
export class HealthModule {}
