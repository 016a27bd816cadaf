import type { MarkNotificationsRead, UpdateMeRequest, UpdateNotificationSettings } from '@parley/shared';
import { call } from './client.js';

export const notificationsApi = {
  list: (cursor?: string) => call('listNotifications', { query: { cursor } }),
  markRead: (body: MarkNotificationsRead) => call('markNotificationsRead', { body }),
  settings: () => call('getNotificationSettings', {}),
  updateSettings: (body: UpdateNotificationSettings) => call('updateNotificationSettings', { body }),
  updateMe: (body: UpdateMeRequest) => call('updateMe', { body }),
};
