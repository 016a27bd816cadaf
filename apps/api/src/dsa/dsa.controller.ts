import { Body, Controller, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { User } from '@parley/db';
import type {
  DsaAppeal,
  DsaAppealDecisionRequest,
  DsaAppealListQuery,
  DsaAppealPage,
  DsaAppealRequest,
  DsaDecisionRequest,
  DsaNotice,
  DsaNoticeListQuery,
  DsaNoticePage,
  DsaNoticeReceipt,
  DsaNoticeRequest,
  DsaReport,
  DsaReportQuery,
  DsaStatementPage,
} from '@parley/shared';
import type { Request, Response } from 'express';
import { CurrentUser } from '../auth/access.js';
import { Route } from '../common/route.js';
import { CONFIG, type Config } from '../config/config.js';
import { requestLocale } from '../i18n/request-locale.js';
import { DsaAppealsService } from './dsa-appeals.service.js';
import { DsaNoticesService } from './dsa-notices.service.js';
import { DsaReportService, reportCsv } from './dsa-report.service.js';

/** Notice and action under the EU Digital Services Act: readers file and appeal; staff decide and report. */
@Controller()
export class DsaController {
  constructor(
    private readonly notices: DsaNoticesService,
    private readonly appeals: DsaAppealsService,
    private readonly reports: DsaReportService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Who is filing, and in which language their mail about it goes when they have no saved one. */
  private filer(user: User | null, request: Request) {
    return {
      user: user ?? null,
      ip: request.ip ?? 'unknown',
      locale: requestLocale(request, this.config.defaultLocale),
    };
  }

  @Route('fileDsaNotice', { body: 'notice' })
  file(
    @Body() body: DsaNoticeRequest,
    @CurrentUser() user: User | null,
    @Req() request: Request,
  ): Promise<DsaNoticeReceipt> {
    return this.notices.file(body, this.filer(user, request));
  }

  @Route('fileDsaAppeal', { params: 'notice address', body: 'appeal' })
  appeal(
    @Param() params: { id: string },
    @Body() body: DsaAppealRequest,
    @CurrentUser() user: User | null,
    @Req() request: Request,
  ): Promise<DsaAppeal> {
    return this.appeals.file(params.id, body, this.filer(user, request));
  }

  @Route('listMyDsaStatements')
  statements(
    @Query() query: { cursor?: string; limit: number },
    @CurrentUser() user: User,
    @Req() request: Request,
  ): Promise<DsaStatementPage> {
    return this.notices.statements(user, query, requestLocale(request, this.config.defaultLocale));
  }

  @Route('listDsaNotices')
  list(@Query() query: DsaNoticeListQuery): Promise<DsaNoticePage> {
    return this.notices.list(query);
  }

  @Route('reviewDsaNotice', { params: 'notice address' })
  review(@Param() params: { id: string }, @CurrentUser() moderator: User): Promise<DsaNotice> {
    return this.notices.review(params.id, moderator);
  }

  @Route('decideDsaNotice', { params: 'notice address', body: 'decision' })
  decide(
    @Param() params: { id: string },
    @Body() body: DsaDecisionRequest,
    @CurrentUser() moderator: User,
  ): Promise<DsaNotice> {
    return this.notices.decide(params.id, body, moderator);
  }

  @Route('listDsaAppeals')
  listAppeals(@Query() query: DsaAppealListQuery): Promise<DsaAppealPage> {
    return this.appeals.list(query);
  }

  @Route('decideDsaAppeal', { params: 'appeal address', body: 'decision' })
  decideAppeal(
    @Param() params: { id: string },
    @Body() body: DsaAppealDecisionRequest,
    @CurrentUser() moderator: User,
  ): Promise<DsaAppeal> {
    return this.appeals.decide(params.id, body, moderator);
  }

  /** JSON, or CSV when asked by `format=csv` or an Accept header that prefers it. */
  @Route('getDsaReport')
  async report(
    @Query() query: DsaReportQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DsaReport | string> {
    const report = await this.reports.report(query);
    const csv =
      query.format === 'csv' || (query.format === undefined && request.accepts(['json', 'csv']) === 'csv');
    if (!csv) return report;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="parley-dsa-report-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv"`,
    );
    return reportCsv(report);
  }
}
