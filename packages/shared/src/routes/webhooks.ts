/** The route catalogue: Outbox and webhooks. */
import { idParamsSchema } from '../schemas/comments.js';
import { outboxEntrySchema, outboxPageSchema, outboxQuerySchema } from '../schemas/outbox.js';
import {
  webhookCreateRequestSchema,
  webhookCreatedSchema,
  webhookDeliveryListSchema,
  webhookListSchema,
  webhookSchema,
  webhookUpdateRequestSchema,
} from '../schemas/webhooks.js';
import { defineRoutes } from './define.js';

export const webhookRoutes = defineRoutes({
  listOutbox: {
    tag: 'Moderation',
    summary: 'Outbound effects by status (parked `failed` ones by default), newest first',
    access: 'admin',
    query: outboxQuerySchema,
    responses: { 200: { description: 'One page.', body: outboxPageSchema } },
    errors: [],
  },
  retryOutboxEntry: {
    tag: 'Moderation',
    summary: 'Try a parked outbox entry again, with a fresh set of attempts',
    access: 'admin',
    params: idParamsSchema,
    responses: { 200: { description: 'The entry, pending again.', body: outboxEntrySchema } },
    errors: ['outbox/not_found'],
  },
  listWebhooks: {
    tag: 'Moderation',
    summary: 'Registered webhooks (secrets are never shown)',
    access: 'admin',
    responses: { 200: { description: 'Every webhook.', body: webhookListSchema } },
    errors: [],
  },
  createWebhook: {
    tag: 'Moderation',
    summary: 'Register a webhook',
    description:
      'The secret (given, or made) is in this answer only. See README, Webhooks, for the signature.',
    access: 'admin',
    body: webhookCreateRequestSchema,
    responses: { 201: { description: 'The webhook with its secret.', body: webhookCreatedSchema } },
    errors: [],
  },
  updateWebhook: {
    tag: 'Moderation',
    summary: "Change a webhook's URL, events, secret or active flag",
    access: 'admin',
    params: idParamsSchema,
    body: webhookUpdateRequestSchema,
    responses: { 200: { description: 'The webhook now.', body: webhookSchema } },
    errors: ['webhook/not_found'],
  },
  deleteWebhook: {
    tag: 'Moderation',
    summary: 'Remove a webhook and its delivery history',
    access: 'admin',
    params: idParamsSchema,
    responses: { 204: { description: 'Removed.' } },
    errors: ['webhook/not_found'],
  },
  listWebhookDeliveries: {
    tag: 'Moderation',
    summary: 'Recent delivery attempts, newest first',
    access: 'admin',
    params: idParamsSchema,
    responses: { 200: { description: 'Up to 50 attempts.', body: webhookDeliveryListSchema } },
    errors: ['webhook/not_found'],
  },
});
