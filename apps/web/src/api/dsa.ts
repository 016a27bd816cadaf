import type {
  DsaAppealDecisionRequest,
  DsaAppealRequest,
  DsaDecisionRequest,
  DsaNoticeRequest,
} from '@parley/shared';
import { ENDPOINTS } from '@parley/shared/values';
import { call, queryString } from './client.js';
import { currentConnection } from './connection.js';

/** Notice and action under the EU Digital Services Act: readers' notices and appeals, staff decisions. */
export const dsaApi = {
  /** Anyone, signed in or not. The answer's `appealToken` is shown once. */
  file: (notice: DsaNoticeRequest) => call('fileDsaNotice', { body: notice }),
  appeal: (noticeId: string, request: DsaAppealRequest) =>
    call('fileDsaAppeal', { params: { id: noticeId }, body: request }),
  myStatements: () => call('listMyDsaStatements', { query: { limit: 50 } }),
  notices: (query: { status?: 'received' | 'under_review' | 'decided'; cursor?: string | null } = {}) =>
    call('listDsaNotices', { query: { ...query, limit: 50 } }),
  review: (id: string) => call('reviewDsaNotice', { params: { id } }),
  decide: (id: string, decision: DsaDecisionRequest) =>
    call('decideDsaNotice', { params: { id }, body: decision }),
  appeals: (query: { status?: 'received' | 'decided' } = {}) =>
    call('listDsaAppeals', { query: { ...query, limit: 50 } }),
  decideAppeal: (id: string, decision: DsaAppealDecisionRequest) =>
    call('decideDsaAppeal', { params: { id }, body: decision }),
};

/** The transparency report's CSV, as a link (the session cookie goes with it on Parley's own page). */
export function dsaReportCsvUrl(from: string, to: string): string {
  return `${currentConnection().baseUrl}${ENDPOINTS.getDsaReport.path}${queryString({ from, to, format: 'csv' })}`;
}

/** Where a party to a notice reads the decision and appeals it: Parley's own page, also from the embed. */
export function appealUrl(noticeId: string, token?: string): string {
  return `${currentConnection().baseUrl}/appeal/${noticeId}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}
