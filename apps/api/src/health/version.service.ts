import { Inject, Injectable } from '@nestjs/common';
import type { Version } from '@parley/shared';
import { CONFIG, type Config } from '../config/config.js';
import { readBuildInfo, type BuildInfo } from './build-info.js';
import { VersionRepository } from './version.repository.js';

/** What GET /api/version answers: the build (read once at start) and the migrations (asked each time). */
@Injectable()
export class VersionService {
  private readonly build: BuildInfo;

  constructor(
    @Inject(CONFIG) config: Config,
    private readonly repository: VersionRepository,
  ) {
    this.build = readBuildInfo(config.commit);
  }

  async version(): Promise<Version> {
    const { applied, pending } = await this.repository.migrationStatus();
    return {
      ...this.build,
      migrations: { applied: applied.length, latest: applied.at(-1) ?? null, pending: pending.length },
    };
  }
}
