// Logged-in requests against the HTTP app: the session cookie and the CSRF token on every call.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { App } from '../src/server/http/app.ts';

export interface Session {
  inject(opts: string | InjectOptions): Promise<LightMyRequestResponse>;
  cookie: string;
  csrfToken: string;
}

export async function logIn(app: App, email: string, password: string, remoteAddress = '127.0.0.1'): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`login failed for ${email}: ${res.statusCode} ${res.body}`);
  const set = res.cookies.find((c) => c.name === 'sekitar_session');
  if (!set) throw new Error('no session cookie');
  const cookie = `sekitar_session=${set.value}`;
  const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  return {
    cookie,
    csrfToken,
    inject: (opts) => {
      const o: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
      return app.inject({ ...o, remoteAddress, headers: { ...(o.headers ?? {}), cookie, 'x-csrf-token': csrfToken } });
    },
  };
}
