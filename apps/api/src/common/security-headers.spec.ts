import { describe, expect, it } from 'vitest';
import { websocketSources } from './security-headers.js';

describe(websocketSources.name, () => {
  it('names the configured origins as websocket sources', () => {
    expect(
      websocketSources({
        allowedOrigins: ['https://comments.example.org', 'http://localhost:5173'],
        publicUrl: undefined,
      }),
    ).toEqual(['wss://comments.example.org', 'ws://localhost:5173']);
  });

  it("falls back to the public URL's origin, then to nothing ('self' alone), never a request header", () => {
    expect(websocketSources({ allowedOrigins: [], publicUrl: 'https://news.example.org/comments' })).toEqual([
      'wss://news.example.org',
    ]);
    expect(websocketSources({ allowedOrigins: [], publicUrl: undefined })).toEqual([]);
  });
});
