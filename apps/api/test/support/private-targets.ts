/**
 * Webhook URLs that must never be reached without PARLEY_WEBHOOK_ALLOW_PRIVATE (issue 19 item 6):
 * loopback, private, link-local (cloud metadata), unique-local, multicast and unspecified
 * addresses, spelled as decimal, octal, hex, IPv4-mapped IPv6, and names that resolve to loopback.
 */
export const PRIVATE_WEBHOOK_URLS: readonly string[] = [
  'http://127.0.0.1:9/hook',
  'http://localhost:9/hook',
  'http://LOCALHOST./hook',
  'http://0.0.0.0:9/hook',
  'http://2130706433/hook',
  'http://0177.0.0.1/hook',
  'http://0x7f000001/hook',
  'http://127.1/hook',
  'http://[::1]:9/hook',
  'http://[::]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[::ffff:a9fe:a9fe]/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.1/hook',
  'http://172.16.5.4/hook',
  'http://192.168.1.1/hook',
  'http://100.64.0.1/hook',
  'http://[fd00::1]/hook',
  'http://[fe80::1]/hook',
  'http://224.0.0.1/hook',
  'http://metadata.google.internal/computeMetadata/v1/',
];
