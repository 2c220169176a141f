import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AcceptedResponseSchema,
  ChangeEmailBodySchema,
  ChangePasswordBodySchema,
  EmptyBodySchema,
  LoginBodySchema,
  PasswordResetConfirmBodySchema,
  PasswordResetRequestBodySchema,
  ReauthBodySchema,
  ReauthResponseSchema,
  SessionResponseSchema,
  SwitchOrganizationBodySchema,
} from '@assay/contracts';
import { z } from 'zod';
import { authenticate, requireAuth, requireRecentReauth, type SessionCookies } from './identity.http.js';
import type { IdentityService } from './identity.service.js';

const NoContent = z.null();

/** Session, login/logout, re-auth, organization switch, password reset, account changes. */
export const identityRoutes =
  (deps: { identity: IdentityService; cookies: SessionCookies }): FastifyPluginAsyncZod =>
  (app) => {
    const { identity, cookies } = deps;

    app.get(
      '/api/session',
      { schema: { response: { 200: SessionResponseSchema } } },
      async (request, reply) => {
        // Private per user: never cached.
        void reply.header('cache-control', 'no-store');
        return identity.describeSession(request.auth);
      },
    );

    app.post(
      '/api/session/login',
      { schema: { body: LoginBodySchema, response: { 200: SessionResponseSchema } } },
      async (request, reply) => {
        const result = await identity.login({
          ...request.body,
          ip: request.ip,
          deviceCookie: cookies.readDevice(request),
          previousCookie: cookies.readSession(request),
        });
        cookies.setSession(reply, result.cookieValue);
        cookies.setDevice(reply, result.deviceCookie);
        return (await identity.describeNewSession(result.cookieValue)).response;
      },
    );

    app.post(
      '/api/session/logout',
      { schema: { body: EmptyBodySchema.optional(), response: { 204: NoContent } } },
      async (request, reply) => {
        if (request.auth) await identity.logout(request.auth);
        cookies.clearSession(reply);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/session/reauth',
      {
        onRequest: authenticate,
        schema: { body: ReauthBodySchema, response: { 200: ReauthResponseSchema } },
      },
      async (request, reply) => {
        const auth = requireAuth(request);
        const result = await identity.reauthenticate(auth, request.body.password, request.ip);
        cookies.setSession(reply, result.cookieValue);
        const { response } = await identity.describeNewSession(result.cookieValue);
        return { ...response, reauthValidUntil: result.reauthValidUntil.toISOString() };
      },
    );

    app.post(
      '/api/session/switch-organization',
      {
        onRequest: authenticate,
        schema: { body: SwitchOrganizationBodySchema, response: { 200: SessionResponseSchema } },
      },
      async (request) => {
        const auth = requireAuth(request);
        await identity.switchOrganization(auth, request.body.organizationId);
        return identity.describeSession({
          ...auth,
          session: { ...auth.session, currentOrganizationId: request.body.organizationId },
        });
      },
    );

    app.post(
      '/api/password-reset/request',
      { schema: { body: PasswordResetRequestBodySchema, response: { 202: AcceptedResponseSchema } } },
      async (request, reply) => {
        await identity.requestPasswordReset(request.body.email, request.ip);
        return reply.status(202).send({ accepted: true });
      },
    );

    app.post(
      '/api/password-reset/confirm',
      { schema: { body: PasswordResetConfirmBodySchema, response: { 204: NoContent } } },
      async (request, reply) => {
        await identity.confirmPasswordReset(request.body.token, request.body.password);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/account/password',
      {
        onRequest: authenticate,
        schema: { body: ChangePasswordBodySchema, response: { 204: NoContent } },
      },
      async (request, reply) => {
        const auth = requireAuth(request);
        await identity.changePassword(
          auth,
          request.body.currentPassword,
          request.body.newPassword,
          request.ip,
        );
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/account/email',
      {
        onRequest: authenticate,
        schema: { body: ChangeEmailBodySchema, response: { 200: SessionResponseSchema } },
      },
      async (request) => {
        const auth = requireAuth(request);
        requireRecentReauth(request);
        await identity.changeEmail(auth, request.body.email);
        return identity.describeSession({
          ...auth,
          user: { ...auth.user, email: request.body.email.trim().toLowerCase() },
        });
      },
    );

    return Promise.resolve();
  };
