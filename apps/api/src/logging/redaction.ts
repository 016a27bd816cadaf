/**
 * Fields that never reach a log line, wherever they appear in a logged object (pino replaces them
 * with "[redacted]"). Parley logs no bodies or headers itself; this is the backstop for an object
 * logged whole by mistake.
 */
const SECRET_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'sessionToken',
  'secret',
  'email',
  'body',
  'text',
  'cookie',
  'authorization',
];

export const REDACTED_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  ...SECRET_FIELDS.map((field) => `*.*.${field}`),
  'headers.cookie',
  'headers.authorization',
  'headers["set-cookie"]',
  '*.headers.cookie',
  '*.headers.authorization',
  '*.headers["set-cookie"]',
];

/** Ends in a top-level domain of letters, so `pkg@1.2.3` in a stack trace's paths stays. */
const EMAIL_ADDRESS = /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b/gi;
/** `scheme://user:password@host`: a connection string inside an error message. */
const URL_CREDENTIALS = /(\b[a-z][\w+.-]*:\/\/)[^\s/@]+@/gi;

/**
 * Scrubs a message text: error messages from drivers and libraries (SMTP rejections, connection
 * failures) can quote an email address or a connection URL with its password.
 */
export function scrubMessage(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1***@').replace(EMAIL_ADDRESS, '[email]');
}
