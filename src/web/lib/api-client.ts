// The one way the web app talks to the HTTP API. Errors come back as ApiError carrying the
// server's stable code and its message in Indonesian and English.
import type { Bilingual } from './i18n.tsx';

export interface ApiErrorBody {
  error: { code: string; message: Bilingual; details?: Record<string, unknown> };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: Bilingual;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, messages: Bilingual, details: Record<string, unknown> = {}) {
    super(messages.en);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messages = messages;
    this.details = details;
  }
}

const NETWORK_MESSAGE: Bilingual = {
  id: 'Tidak dapat menghubungi server. Periksa sambungan lalu coba lagi.',
  en: 'Cannot reach the server. Check the connection and try again.',
};

function isErrorBody(v: unknown): v is ApiErrorBody {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  if (typeof e !== 'object' || e === null) return false;
  const m = (e as { message?: unknown }).message;
  return typeof (e as { code?: unknown }).code === 'string' && typeof m === 'object' && m !== null && 'id' in m && 'en' in m;
}

/** Builds an ApiError from a failed response's status and raw body (JSON or not). */
export function errorFromResponse(status: number, bodyText: string): ApiError {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    // Not JSON (a proxy's error page, for instance): fall through to the generic message.
  }
  if (isErrorBody(parsed)) {
    const { code, message, details } = parsed.error;
    return new ApiError(status, code, { id: String(message.id), en: String(message.en) }, details ?? {});
  }
  return new ApiError(status, `HTTP_${status}`, {
    id: `Server menjawab dengan kesalahan (HTTP ${status})`,
    en: `The server answered with an error (HTTP ${status})`,
  });
}

export function networkError(): ApiError {
  return new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
}

type Query = Record<string, string | number | readonly (string | number)[] | null | undefined>;

/** '/api/x' + { q: 'a', empty: '' } -> '/api/x?q=a'; empty values and empty lists are left out. */
export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    if (text !== '') params.set(key, text);
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

// The session's CSRF token: the server gives it with the session and wants it back on every
// request that changes something. The session cookie itself is httpOnly and never seen here.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** Fired when the server says the session is gone (expired, revoked): the app shows the login page. */
export const SESSION_LOST_EVENT = 'sekitar:session-lost';
export function reportUnauthenticated(path: string, status: number): void {
  if (status === 401 && !path.startsWith('/api/auth/')) window.dispatchEvent(new Event(SESSION_LOST_EVENT));
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as multipart/form-data (a small file; large ones go through XMLHttpRequest for progress). */
  form?: FormData;
  signal?: AbortSignal;
}

export async function apiFetch<T>(path: string, req: ApiRequest = {}): Promise<T> {
  let res: Response;
  try {
    const method = req.method ?? (req.json === undefined && req.form === undefined ? 'GET' : 'POST');
    res = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(req.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : csrfHeaders()),
      },
      ...(req.json === undefined ? {} : { body: JSON.stringify(req.json) }),
      ...(req.form === undefined ? {} : { body: req.form }),
      ...(req.signal ? { signal: req.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkError();
  }
  const text = await res.text();
  if (!res.ok) {
    reportUnauthenticated(path, res.status);
    throw errorFromResponse(res.status, text);
  }
  return (text ? JSON.parse(text) : null) as T;
}

/** Client errors (4xx) will not get better by asking again; network and server errors might. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}
