import { Controller, Param, Query, Req } from '@nestjs/common';
import type { User } from '@parley/db';
import type { ImportJob, ImportJobListQuery, ImportJobPage, ImportUploadQuery } from '@parley/shared';
import type { Request } from 'express';
import { CurrentUser } from '../auth/access.js';
import { Route } from '../common/route.js';
import { ImportJobsService } from './import-jobs.service.js';

/** Imports started from /moderate: admins only (an import writes stories, accounts and comments). */
@Controller()
export class ImportJobsController {
  constructor(private readonly imports: ImportJobsService) {}

  /** The body is the file, streamed (not parsed): the request itself is handed on. */
  @Route('startImport', { query: 'import' })
  async start(
    @Query() query: ImportUploadQuery,
    @Req() request: Request,
    @CurrentUser() admin: User,
  ): Promise<ImportJob> {
    return this.imports
      .start(
        query,
        {
          headers: {
            'content-type': request.headers['content-type'],
            'content-length': request.headers['content-length'],
          },
          body: request,
        },
        admin,
      )
      .catch((error: unknown) => {
        // Refused before the whole file was read: the connection cannot carry another request.
        if (!request.readableEnded) request.res?.setHeader('Connection', 'close');
        throw error;
      });
  }

  @Route('listImports')
  list(@Query() query: ImportJobListQuery): Promise<ImportJobPage> {
    return this.imports.list(query);
  }

  @Route('getImport', { params: 'import address' })
  get(@Param() params: { id: string }): Promise<ImportJob> {
    return this.imports.get(params.id);
  }
}
