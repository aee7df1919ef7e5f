// Login, logout, the current session, one's own password, and user management for admins.
import { z } from 'zod';
import type { RouteDeps, ZodApp } from '../../http/app.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/auth-hooks.ts';
import { DomainError } from '../../domain-error.ts';
import { requireProgram } from '../programs/programs.service.ts';
import { RegionCodeParam } from '../programs/programs.routes.ts';
import { ROLES, type UserActor } from './actor.ts';
import { changeOwnPassword, listOwnSessions, login, logout, revokeOwnSession } from './auth.service.ts';
import { PASSWORD_MAX } from './passwords.ts';
import { createUser, listUsers, removeRole, resetPassword, setUserDisabled } from './users.service.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });

const Grant = z.object({ role: z.enum(ROLES), programId: z.number(), programCode: z.string(), programName: z.string(), sponsorId: z.number().nullable(), kelurahan: z.array(z.string()) });
const SessionUser = z.object({ id: z.number(), email: z.string(), name: z.string(), mustChangePassword: z.boolean(), grants: z.array(Grant) });
const SessionBody = z.object({ user: SessionUser.nullable(), csrfToken: z.string().nullable() });

export function accessRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const db = ctx.database.db;

  async function sessionUser(actor: UserActor, mustChangePassword: boolean) {
    const programIds = [...new Set(actor.grants.map((g) => g.programId))];
    const programs = programIds.length ? await db.selectFrom('programs').select(['id', 'region_code', 'name']).where('id', 'in', programIds).execute() : [];
    const byId = new Map(programs.map((p) => [Number(p.id), p]));
    return {
      id: actor.userId,
      email: actor.email,
      name: actor.name,
      mustChangePassword,
      grants: actor.grants.map((g) => ({ ...g, programCode: byId.get(g.programId)?.region_code ?? '', programName: byId.get(g.programId)?.name ?? '' })),
    };
  }

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['access'],
        body: z.object({ email: z.string().max(200), password: z.string().max(PASSWORD_MAX) }),
        response: { 200: SessionBody },
      },
    },
    async (req, reply) => {
      const r = await login(ctx, { email: req.body.email, password: req.body.password, ip: req.ip, userAgent: req.headers['user-agent'] });
      setSessionCookie(reply, req, r.token);
      return { user: await sessionUser(r.actor, r.mustChangePassword), csrfToken: r.csrfToken };
    },
  );

  app.get('/api/auth/session', { config: { public: true }, schema: { tags: ['access'], response: { 200: SessionBody } } }, async (req) => {
    if (req.actor.kind !== 'user') return { user: null, csrfToken: null };
    return { user: await sessionUser(req.actor, req.mustChangePassword), csrfToken: req.csrfToken };
  });

  app.post('/api/auth/logout', { schema: { tags: ['access'] } }, async (req, reply) => {
    if (req.actor.kind === 'user') await logout(ctx, req.actor);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  app.post(
    '/api/auth/password',
    { schema: { tags: ['access'], body: z.object({ current: z.string().max(PASSWORD_MAX), next: z.string().max(PASSWORD_MAX) }) } },
    async (req, reply) => {
      if (req.actor.kind !== 'user') throw new DomainError('UNAUTHENTICATED');
      await changeOwnPassword(ctx, req.actor, req.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/sessions',
    {
      schema: {
        tags: ['access'],
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), current: z.boolean(), ip: z.string().nullable(), userAgent: z.string().nullable(), createdAt: z.string(), lastSeenAt: z.string() })) }) },
      },
    },
    async (req) => {
      if (req.actor.kind !== 'user') throw new DomainError('UNAUTHENTICATED');
      return { items: await listOwnSessions(ctx, req.actor) };
    },
  );

  app.delete('/api/auth/sessions/:id', { schema: { tags: ['access'], params: z.object({ id: z.string().max(20) }) } }, async (req, reply) => {
    if (req.actor.kind !== 'user') throw new DomainError('UNAUTHENTICATED');
    await revokeOwnSession(ctx, req.actor, req.params.id);
    return reply.status(204).send();
  });

  const UserView = z.object({
    id: z.number(),
    email: z.string(),
    name: z.string(),
    disabled: z.boolean(),
    mustChangePassword: z.boolean(),
    lastLoginAt: z.string().nullable(),
    roles: z.array(z.object({ id: z.number(), role: z.enum(ROLES), sponsorId: z.number().nullable(), sponsorName: z.string().nullable(), kelurahan: z.array(z.string()) })),
  });

  app.get('/api/programs/:regionCode/users', { schema: { tags: ['access'], params: RegionCodeParam, response: { 200: z.object({ items: z.array(UserView) }) } } }, async (req) => {
    const program = await requireProgram(db, req.params.regionCode);
    return { items: await listUsers(ctx, req.actor, program.id) };
  });

  app.post(
    '/api/programs/:regionCode/users',
    {
      schema: {
        tags: ['access'],
        params: RegionCodeParam,
        body: z.object({
          email: z.string().max(200),
          name: z.string().max(200),
          role: z.enum(ROLES),
          sponsorId: z.number().int().positive().nullable().optional(),
          kelurahan: z.array(z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/)).max(500).optional(),
        }),
        response: { 201: z.object({ userId: z.number(), created: z.boolean(), temporaryPassword: z.string().optional() }) },
      },
    },
    async (req, reply) => {
      const program = await requireProgram(db, req.params.regionCode);
      const r = await createUser(ctx, req.actor, { ...req.body, programId: program.id });
      return reply.status(201).send(r);
    },
  );

  app.post('/api/users/:id/password-reset', { schema: { tags: ['access'], params: IdParam, response: { 200: z.object({ temporaryPassword: z.string() }) } } }, async (req) =>
    resetPassword(ctx, req.actor, req.params.id),
  );

  app.post('/api/users/:id/disable', { schema: { tags: ['access'], params: IdParam } }, async (req, reply) => {
    await setUserDisabled(ctx, req.actor, req.params.id, true);
    return reply.status(204).send();
  });

  app.post('/api/users/:id/enable', { schema: { tags: ['access'], params: IdParam } }, async (req, reply) => {
    await setUserDisabled(ctx, req.actor, req.params.id, false);
    return reply.status(204).send();
  });

  app.delete('/api/user-roles/:id', { schema: { tags: ['access'], params: IdParam } }, async (req, reply) => {
    await removeRole(ctx, req.actor, req.params.id);
    return reply.status(204).send();
  });
}
