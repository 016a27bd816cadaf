import type { ChangePasswordRequest, MyCommentsQuery, UpdateMeRequest } from '@parley/shared';
import { call } from './client.js';
import { currentConnection } from './connection.js';
import { ApiError, request } from './http.js';

/** The account page's calls: profile, password, sessions, my comments, claims, my data. */
export const accountApi = {
  updateMe: (body: UpdateMeRequest) => call('updateMe', { body }),
  changePassword: (body: ChangePasswordRequest) => call('changePassword', { body }),
  sessions: (cursor?: string) => call('listSessions', { query: { cursor } }),
  endSession: (id: string) => call('endSession', { params: { id } }),
  endOtherSessions: () => call('endOtherSessions', {}),
  myComments: (status: MyCommentsQuery['status'], cursor?: string) =>
    call('listMyComments', { query: { status, cursor } }),
  /** Imported comments written under the reader's confirmed address, and claiming them. */
  claims: () => call('listMyClaims', {}),
  claim: (id: string) => call('claimImportedComments', { params: { id } }),
  deleteAccount: async (password: string): Promise<void> => {
    await call('deleteMyAccount', { body: { password } });
    currentConnection().saveToken?.(null);
  },
  /** The export as a file the browser saves (fetched, so a refusal shows as a message, not a file). */
  downloadMyData: async (): Promise<void> => {
    const data = await request<unknown>('GET', '/api/me/export');
    if (data === undefined)
      throw new ApiError('server/internal', 'The download was empty. Please try again.', 0);
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'parley-my-data.json';
    document.body.append(link);
    link.click();
    link.remove();
    // The click has handed the file to the browser; the address can go once it has read it.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
