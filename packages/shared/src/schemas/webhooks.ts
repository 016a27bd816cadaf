import { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';
import { WEBHOOK_EVENTS } from '../constants.js';
import { idSchema, isoDateSchema } from './common.js';

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

const webhookUrlSchema = z
  .url({ protocol: /^https?$/, error: FIELD_MESSAGES.notUrl })
  .max(2000, { error: FIELD_MESSAGES.atMostCharacters(2000) });
const webhookEventsSchema = z
  .array(webhookEventTypeSchema)
  .min(1, { error: FIELD_MESSAGES.webhookEvents })
  .max(WEBHOOK_EVENTS.length)
  .transform((events) => [...new Set(events)]);
const webhookSecretSchema = z
  .string()
  .regex(/^[\x21-\x7e]{16,200}$/, { error: FIELD_MESSAGES.webhookSecret });

/** POST /api/moderation/webhooks. Without `secret` the server makes one; either way it is shown only in this answer. */
export const webhookCreateRequestSchema = z.object({
  url: webhookUrlSchema,
  events: webhookEventsSchema,
  secret: webhookSecretSchema.optional(),
  active: z.boolean().default(true),
});
export type WebhookCreateRequest = z.infer<typeof webhookCreateRequestSchema>;

/** PATCH /api/moderation/webhooks/:id: any of the fields; a new `secret` replaces the old one. */
export const webhookUpdateRequestSchema = z
  .object({
    url: webhookUrlSchema,
    events: webhookEventsSchema,
    secret: webhookSecretSchema,
    active: z.boolean(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { error: FIELD_MESSAGES.nothingChanged });
export type WebhookUpdateRequest = z.infer<typeof webhookUpdateRequestSchema>;

/** A webhook as admins see it: the secret is write-only. */
export const webhookSchema = z.object({
  id: idSchema,
  url: z.string(),
  events: z.array(webhookEventTypeSchema),
  active: z.boolean(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type WebhookView = z.infer<typeof webhookSchema>;
/** The answer to a create: the only time the secret is shown. */
export const webhookCreatedSchema = webhookSchema.extend({ secret: z.string() });
export type WebhookCreated = z.infer<typeof webhookCreatedSchema>;
export const webhookListSchema = z.object({ items: z.array(webhookSchema) });
export type WebhookList = z.infer<typeof webhookListSchema>;

/** One attempt to deliver one event. `statusCode` null: no answer (timeout, refused). */
export const webhookDeliverySchema = z.object({
  id: idSchema,
  eventId: idSchema,
  eventType: z.string(),
  attempt: z.number().int(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  createdAt: isoDateSchema,
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliverySchema>;
export const webhookDeliveryListSchema = z.object({ items: z.array(webhookDeliverySchema) });
export type WebhookDeliveryList = z.infer<typeof webhookDeliveryListSchema>;
