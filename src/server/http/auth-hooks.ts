// Who is asking, for every request: the session cookie becomes an Actor on request.actor. Routes are
// closed unless their config says `public: true`; state-changing requests that ride on the session
// cookie must carry the session's CSRF token in the x-csrf-token header (and the cookie is
// SameSite=Strict besides). Permission checks themselves happen in the services (access/policies.ts).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { DomainError } from '../domain-error.ts';
import { anonymousActor, type Actor } from '../modules/access/actor.ts';
import { resolveSession, SESSION_MAX_MS } from '../modules/access/auth.service.ts';

export const SESSION_COOKIE = 'sekitar_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    csrfToken: string | null;
    mustChangePassword: boolean;
  }
  interface FastifyContextConfig {
    /** Open to anyone without a session (login, health, public aggregates). */
    public?: boolean;
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function setSessionCookie(reply: FastifyReply, req: FastifyRequest, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    maxAge: Math.floor(SESSION_MAX_MS / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function registerAuthHooks(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('mustChangePassword', false);

  // The matched route's pattern, not the raw URL: '/%61pi/...' reaches an /api route too.
  const isApi = (req: FastifyRequest) => (req.routeOptions.url ?? req.url).startsWith('/api/') || req.url.startsWith('/api/');

  app.addHook('onRequest', async (req) => {
    req.actor = anonymousActor(req.ip);
    if (!isApi(req)) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = ctx.sessionCache ? await ctx.sessionCache.resolve(token, req.ip, () => resolveSession(ctx, token, req.ip)) : await resolveSession(ctx, token, req.ip);
    if (!session) return;
    req.actor = session.actor;
    req.csrfToken = session.csrfToken;
    req.mustChangePassword = session.mustChangePassword;
  });

  // A write may have ended sessions or changed roles: this server forgets what it resolved
  // before the answer goes out (other servers hear it from the database, session-cache.ts).
  app.addHook('onSend', async (req) => {
    if (!SAFE_METHODS.has(req.method)) ctx.sessionCache?.clear();
  });

  app.addHook('preHandler', async (req) => {
    if (!isApi(req)) return;
    if (req.actor.kind === 'user' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !req.csrfToken || !sameToken(sent, req.csrfToken)) throw new DomainError('CSRF_INVALID');
    }
    if (req.routeOptions.config?.public) return;
    if (req.actor.kind !== 'user') throw new DomainError('UNAUTHENTICATED');
    // A temporary password (new account, reset) opens nothing but changing it and logging out.
    if (req.mustChangePassword && !(req.routeOptions.url ?? '').startsWith('/api/auth/')) throw new DomainError('PASSWORD_CHANGE_REQUIRED');
  });
}
