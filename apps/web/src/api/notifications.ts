import type {
  MarkNotificationsRead,
  Me,
  NotificationCount,
  NotificationPage,
  NotificationSettingsView,
  UpdateMeRequest,
  UpdateNotificationSettings,
} from '@parley/shared';
import { http } from './http.js';

export const notificationsApi = {
  list: (cursor?: string) =>
    http.get<NotificationPage>(
      `/api/me/notifications${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  markRead: (body: MarkNotificationsRead) => http.post<NotificationCount>('/api/me/notifications/read', body),
  settings: () => http.get<NotificationSettingsView>('/api/me/notifications/settings'),
  updateSettings: (body: UpdateNotificationSettings) =>
    http.put<NotificationSettingsView>('/api/me/notifications/settings', body),
  updateMe: (body: UpdateMeRequest) => http.patch<Me>('/api/auth/me', body),
};
