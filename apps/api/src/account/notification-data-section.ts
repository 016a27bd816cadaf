import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MyDataService } from './my-data.service.js';
import { NotificationsRepository } from '../notifications/notifications.repository.js';

/**
 * Puts the account's notification settings in "my data" (`more.notificationSettings`): the account
 * chose them, so the export carries them. The address itself is in the export's account part.
 */
@Injectable()
export class NotificationDataSection implements OnModuleInit {
  constructor(
    private readonly myData: MyDataService,
    private readonly notifications: NotificationsRepository,
  ) {}

  onModuleInit(): void {
    this.myData.addSection('notificationSettings', (user) => this.notifications.preferences(user.id));
  }
}
