import { Controller, Param } from '@nestjs/common';
import type { User } from '@parley/db';
import type { ImportClaimList, ImportClaimResult } from '@parley/shared';
import { CurrentUser } from '../auth/access.js';
import { Route } from '../common/route.js';
import { ImportClaimsService } from './import-claims.service.js';

/** Imported comments a reader may claim as theirs (issue 20). */
@Controller()
export class ImportClaimsController {
  constructor(private readonly claims: ImportClaimsService) {}

  @Route('listMyClaims')
  list(@CurrentUser() user: User): Promise<ImportClaimList> {
    return this.claims.offers(user);
  }

  @Route('claimImportedComments', { params: 'imported account' })
  claim(@Param() params: { id: string }, @CurrentUser() user: User): Promise<ImportClaimResult> {
    return this.claims.claim(user, params.id);
  }
}
