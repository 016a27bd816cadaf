/** The cookie that carries a browser's session token (HTTP, sockets and the OpenAPI document name it). */
export const SESSION_COOKIE = 'parley_session';
