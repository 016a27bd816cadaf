import { Module } from '@nestjs/common';
import { CommentsModule } from '../comments/comments.module.js';
import { ModerationLogModule } from '../moderation-log/moderation-log.module.js';
import { ImportJobRunner } from './import-job.runner.js';
import { ImportJobsController } from './import-jobs.controller.js';
import { ImportJobsRepository } from './import-jobs.repository.js';
import { ImportJobsService } from './import-jobs.service.js';

/** Imports admins start from /moderate: the upload, the jobs and the runner every node has. */
@Module({
  imports: [CommentsModule, ModerationLogModule],
  controllers: [ImportJobsController],
  providers: [ImportJobsRepository, ImportJobsService, ImportJobRunner],
  exports: [ImportJobRunner],
})
export class ImportJobsModule {}
