// All calls to the gateway go through here: same-origin cookies, a header that tells the gateway
// this is the web app (so a 401 never pops up the browser's password dialog), JSON errors as Error.
export class ApiError extends Error {
  constructor(status, message, retryAfter, body = null) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
    this.body = body; // the error's JSON, e.g. the run that holds a twin on a 409
  }
}

/** Fired on window when the gateway says the session is over. */
export const SIGNED_OUT = 'dtaas-signed-out';

export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      'X-Requested-With': 'dtaas-web',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  // 401 (or quarkus-oidc's 499 for an expired provider session) outside sign-in itself: the session
  // ended while the app was open; the app goes back to the login page instead of showing errors
  if ((response.status === 401 || response.status === 499) && !path.startsWith('/auth/')) {
    window.dispatchEvent(new Event(SIGNED_OUT));
    throw new ApiError(401, 'Your session has ended. Sign in again.');
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    let body = null;
    try {
      body = await response.json();
      message = body.message || message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, message, response.headers.get('Retry-After'), body);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('application/json') ? response.json() : response.text();
}

export const signIn = (username, password) => api('/auth/login', { method: 'POST', body: { username, password } });
export const signOut = () => api('/auth/logout', { method: 'POST' });
// what the login page offers: {passwords: bool, oidc: {name, login} | null}
export const signInOptions = () => api('/auth/config');
export const whoAmI = () => api('/auth/me');
