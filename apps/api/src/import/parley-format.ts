import { COMMENT_STATUSES, PREMOD_MODES, USER_ROLES, USER_STATUSES } from '@parley/db';
import { z } from 'zod';
import { ImportInputError } from './import-input-error.js';
import type { XmlInput } from './xml-input.js';

/**
 * Parley's own export: JSON Lines. The first line is the header; then one record a line, stories
 * first, then users, then comments (an importer reads it in one pass per kind, never all at once).
 */
export const PARLEY_FORMAT = 'parley-export';
/** The version this Parley writes and the newest it reads. */
export const PARLEY_FORMAT_VERSION = 1;

const uuid = z.string().uuid();
const time = z.string().datetime({ offset: true });
const nullableTime = time.nullable();

export const exportHeaderSchema = z.object({
  format: z.literal(PARLEY_FORMAT),
  version: z.number().int().positive(),
  exportedAt: time,
  counts: z.object({
    stories: z.number().int().nonnegative(),
    users: z.number().int().nonnegative(),
    comments: z.number().int().nonnegative(),
  }),
  /** Whether emails, password hashes and SSO subjects are in the file. */
  credentials: z.boolean(),
});
export type ExportHeader = z.infer<typeof exportHeaderSchema>;

export const storyRecordSchema = z.object({
  type: z.literal('story'),
  id: uuid,
  slug: z.string().min(1).max(200),
  url: z.string().max(2048),
  externalId: z.string().max(512).nullable(),
  title: z.string().max(500),
  body: z.string(),
  tags: z.array(z.string()),
  publishedAt: time,
  commentsOpen: z.boolean(),
  premod: z.enum(PREMOD_MODES),
  createdAt: time,
});

export const userRecordSchema = z.object({
  type: z.literal('user'),
  id: uuid,
  username: z.string().min(1).max(64),
  displayName: z.string().max(200),
  role: z.enum(USER_ROLES),
  status: z.enum(USER_STATUSES),
  suspendedUntil: nullableTime,
  banReason: z.string().nullable(),
  alwaysPremod: z.boolean(),
  createdAt: time,
  deletedAt: nullableTime,
  // Only in a file exported with --include-credentials.
  email: z.string().max(254).nullable().optional(),
  emailVerifiedAt: nullableTime.optional(),
  passwordHash: z.string().nullable().optional(),
  ssoSubject: z.string().nullable().optional(),
});

export const commentRecordSchema = z.object({
  type: z.literal('comment'),
  id: uuid,
  storyId: uuid,
  parentId: uuid.nullable(),
  rootId: uuid,
  depth: z.number().int().nonnegative(),
  authorId: uuid,
  body: z.string(),
  status: z.enum(COMMENT_STATUSES),
  /** The reason of its latest rejection, when it is rejected. */
  rejectReason: z.string().nullable(),
  createdAt: time,
});

export const exportRecordSchema = z.discriminatedUnion('type', [
  storyRecordSchema,
  userRecordSchema,
  commentRecordSchema,
]);
export type StoryRecord = z.infer<typeof storyRecordSchema>;
export type UserRecord = z.infer<typeof userRecordSchema>;
export type CommentRecord = z.infer<typeof commentRecordSchema>;
export type ExportRecord = z.infer<typeof exportRecordSchema>;

const ORDER = { story: 0, user: 1, comment: 2 } as const;

/** A line of the file, read and checked. */
export interface ParleyLine {
  line: number;
  record: ExportRecord;
}

/**
 * The header, then every record in file order, each checked against its schema; an
 * ImportInputError naming the line for the first one that is not right.
 */
export async function* readParleyExport(
  input: XmlInput,
  onHeader: (header: ExportHeader) => void,
): AsyncGenerator<ParleyLine> {
  let line = 0;
  let rest = '';
  let last = -1;
  const take = (text: string): ParleyLine | undefined => {
    line++;
    if (line === 1) {
      onHeader(parseHeader(text));
      return undefined;
    }
    if (text.trim() === '') return undefined;
    const record = parseRecord(text, line);
    const order = ORDER[record.type];
    if (order < last) {
      throw new ImportInputError(
        `line ${line}: a ${record.type} after the ${last === 2 ? 'comments' : 'users'}: stories come first, then users, then comments`,
      );
    }
    last = order;
    return { line, record };
  };
  for await (const chunk of input.chunks()) {
    rest += chunk;
    let end = rest.indexOf('\n');
    while (end !== -1) {
      const taken = take(rest.slice(0, end));
      if (taken) yield taken;
      rest = rest.slice(end + 1);
      end = rest.indexOf('\n');
    }
  }
  if (rest !== '' || line === 0) {
    const taken = take(rest);
    if (taken) yield taken;
  }
}

function parseHeader(text: string): ExportHeader {
  const noHeader =
    'not a Parley export: its first line must be the header {"format":"parley-export","version":…}';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ImportInputError(noHeader);
  }
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== PARLEY_FORMAT)
    throw new ImportInputError(noHeader);
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version > PARLEY_FORMAT_VERSION) {
    throw new ImportInputError(
      `the file is a version ${version} Parley export; this Parley reads up to version ${PARLEY_FORMAT_VERSION}: upgrade Parley to import it`,
    );
  }
  const header = exportHeaderSchema.safeParse(value);
  if (!header.success)
    throw new ImportInputError(`line 1: the header is not right: ${describe(header.error)}`);
  return header.data;
}

function parseRecord(text: string, line: number): ExportRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ImportInputError(`line ${line}: not valid JSON (${(error as Error).message})`);
  }
  const record = exportRecordSchema.safeParse(value);
  if (!record.success)
    throw new ImportInputError(`line ${line}: not a valid record: ${describe(record.error)}`);
  return record.data;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
