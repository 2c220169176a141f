import { z } from 'zod';

/**
 * Accounts and tenancy: identity, sessions, organizations, members.
 *
 * Routes (all JSON; every non-GET request sends `content-type: application/json` with a
 * JSON body — `{}` when there is nothing to send — and, when a session cookie exists,
 * `x-csrf-token: <SessionResponse.csrfToken>`):
 *
 * Public
 *   GET    /api/session                                   → SessionResponse
 *   POST   /api/setup                  SetupBody          → 201 SessionResponse (only while no organization exists; else 409)
 *   POST   /api/session/login          LoginBody          → SessionResponse (401 auth.invalid_credentials)
 *   POST   /api/session/logout         {}                 → 204
 *   POST   /api/password-reset/request PasswordResetRequestBody → 202 AcceptedResponse (same answer whether or not the email exists)
 *   POST   /api/password-reset/confirm PasswordResetConfirmBody → 204
 *   POST   /api/member-invitations/lookup MemberInvitationLookupBody → MemberInvitationPreview
 *   POST   /api/member-invitations/accept AcceptMemberInvitationBody → SessionResponse
 * Authenticated (any signed-in user)
 *   POST   /api/session/reauth         ReauthBody         → ReauthResponse (rotates the session: use the new csrfToken)
 *   POST   /api/session/switch-organization SwitchOrganizationBody → SessionResponse
 *   POST   /api/account/password       ChangePasswordBody → 204 (other sessions end)
 *   POST   /api/account/email          ChangeEmailBody    → SessionResponse (needs re-auth within 10 min: 403 auth.reauth_required)
 * Organization-scoped (member of :orgId; other organizations → 404)
 *   GET    /api/orgs/:orgId/settings                      → OrganizationSettings         (any role)
 *   PATCH  /api/orgs/:orgId/settings   UpdateOrganizationSettingsBody → OrganizationSettings (admin)
 *   GET    /api/orgs/:orgId/members                       → MemberList                   (any role)
 *   PATCH  /api/orgs/:orgId/members/:userId  ChangeMemberRoleBody → Member               (admin; to/from owner: owner + re-auth)
 *   DELETE /api/orgs/:orgId/members/:userId  {}          → 204                          (admin; an owner: owner + re-auth)
 *   GET    /api/orgs/:orgId/member-invitations            → MemberInvitationList         (admin)
 *   POST   /api/orgs/:orgId/member-invitations  InviteMemberBody → 201 MemberInvitation  (admin; owner role: owner)
 *   DELETE /api/orgs/:orgId/member-invitations/:invitationId {} → 204                    (admin)
 */

/** Roles, strongest first. owner ⊇ admin ⊇ recruiter; reviewer reads reports and writes reviews. */
export const RoleSchema = z.enum(['owner', 'admin', 'recruiter', 'reviewer']);
export type Role = z.infer<typeof RoleSchema>;

export const PasswordLimits = { minLength: 8, maxLength: 128 } as const;

/** A new password: 8–128 characters (never truncated). The server also rejects common passwords. */
export const NewPasswordSchema = z.string().min(PasswordLimits.minLength).max(PasswordLimits.maxLength);
/** A password being checked (login, re-auth): any non-empty string up to the maximum. */
export const PasswordInputSchema = z.string().min(1).max(PasswordLimits.maxLength);

export const EmailSchema = z.email().max(254);
export const PersonNameSchema = z.string().trim().min(1).max(120);
export const OrganizationNameSchema = z.string().trim().min(1).max(120);
/** Lowercase letters, digits and single dashes, 2–48 characters. */
export const OrganizationSlugSchema = z
  .string()
  .min(2)
  .max(48)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and dashes');
export const AccentColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb color');
export const LogoUrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

// ---- Session ----------------------------------------------------------------------------

export const SessionUserSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const MembershipSummarySchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  organizationSlug: z.string(),
  role: RoleSchema,
});
export type MembershipSummary = z.infer<typeof MembershipSummarySchema>;

export const SessionResponseSchema = z.object({
  user: SessionUserSchema.nullable(),
  memberships: z.array(MembershipSummarySchema),
  /** The organization the session is working in (one of `memberships`), or null. */
  currentOrganizationId: z.string().nullable(),
  /** Send as `x-csrf-token` on every non-GET request while signed in. Changes at login and re-auth. */
  csrfToken: z.string().nullable(),
  /** True while no organization exists: the web app shows the first-run setup form. */
  setupRequired: z.boolean(),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

export const SetupBodySchema = z.object({
  organizationName: OrganizationNameSchema,
  name: PersonNameSchema,
  email: EmailSchema,
  password: NewPasswordSchema,
});
export type SetupBody = z.infer<typeof SetupBodySchema>;

export const LoginBodySchema = z.object({ email: EmailSchema, password: PasswordInputSchema });
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const EmptyBodySchema = z.object({}).strict();
export type EmptyBody = z.infer<typeof EmptyBodySchema>;

export const AcceptedResponseSchema = z.object({ accepted: z.literal(true) });
export type AcceptedResponse = z.infer<typeof AcceptedResponseSchema>;

export const ReauthBodySchema = z.object({ password: PasswordInputSchema });
export type ReauthBody = z.infer<typeof ReauthBodySchema>;

export const ReauthResponseSchema = SessionResponseSchema.extend({
  /** ISO-8601 time until which sensitive actions are allowed without asking again (10 minutes). */
  reauthValidUntil: z.string(),
});
export type ReauthResponse = z.infer<typeof ReauthResponseSchema>;

export const SwitchOrganizationBodySchema = z.object({ organizationId: z.string().min(1).max(64) });
export type SwitchOrganizationBody = z.infer<typeof SwitchOrganizationBodySchema>;

// ---- Account ----------------------------------------------------------------------------

export const PasswordResetRequestBodySchema = z.object({ email: EmailSchema });
export type PasswordResetRequestBody = z.infer<typeof PasswordResetRequestBodySchema>;

export const PasswordResetConfirmBodySchema = z.object({
  token: z.string().min(1).max(200),
  password: NewPasswordSchema,
});
export type PasswordResetConfirmBody = z.infer<typeof PasswordResetConfirmBodySchema>;

export const ChangePasswordBodySchema = z.object({
  currentPassword: PasswordInputSchema,
  newPassword: NewPasswordSchema,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>;

export const ChangeEmailBodySchema = z.object({ email: EmailSchema });
export type ChangeEmailBody = z.infer<typeof ChangeEmailBodySchema>;

// ---- Organization settings --------------------------------------------------------------

/** Retention period for candidate data, in days (30 days to 10 years). */
export const CandidateRetentionLimits = { minDays: 30, maxDays: 3650 } as const;
export const CandidateRetentionDaysSchema = z
  .number()
  .int('Enter a whole number of days.')
  .min(CandidateRetentionLimits.minDays, 'Keep candidate data at least 30 days.')
  .max(CandidateRetentionLimits.maxDays, 'Keep candidate data at most 3650 days (10 years).');

export const OrganizationSettingsSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  logoUrl: z.string().nullable(),
  accentColor: z.string().nullable(),
  /** Candidates are erased this many days after their last activity; null = kept until erased by hand. */
  candidateRetentionDays: z.number().int().nullable(),
  createdAt: z.string(),
});
export type OrganizationSettings = z.infer<typeof OrganizationSettingsSchema>;

export const UpdateOrganizationSettingsBodySchema = z
  .object({
    name: OrganizationNameSchema,
    slug: OrganizationSlugSchema,
    logoUrl: LogoUrlSchema.nullable(),
    accentColor: AccentColorSchema.nullable(),
    candidateRetentionDays: CandidateRetentionDaysSchema.nullable(),
  })
  .partial()
  .strict();
export type UpdateOrganizationSettingsBody = z.infer<typeof UpdateOrganizationSettingsBodySchema>;

// ---- Members and member invitations -----------------------------------------------------

export const OrgParamsSchema = z.object({ orgId: z.string().min(1).max(64) });
export const MemberParamsSchema = OrgParamsSchema.extend({ userId: z.string().min(1).max(64) });
export const MemberInvitationParamsSchema = OrgParamsSchema.extend({
  invitationId: z.string().min(1).max(64),
});

export const MemberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  joinedAt: z.string(),
});
export type Member = z.infer<typeof MemberSchema>;

export const MemberListSchema = z.object({ members: z.array(MemberSchema) });
export type MemberList = z.infer<typeof MemberListSchema>;

export const ChangeMemberRoleBodySchema = z.object({ role: RoleSchema }).strict();
export type ChangeMemberRoleBody = z.infer<typeof ChangeMemberRoleBodySchema>;

export const InviteMemberBodySchema = z.object({ email: EmailSchema, role: RoleSchema }).strict();
export type InviteMemberBody = z.infer<typeof InviteMemberBodySchema>;

export const MemberInvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  invitedByUserId: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type MemberInvitation = z.infer<typeof MemberInvitationSchema>;

export const MemberInvitationListSchema = z.object({ invitations: z.array(MemberInvitationSchema) });
export type MemberInvitationList = z.infer<typeof MemberInvitationListSchema>;

/** The accept link is `<PUBLIC_URL>/join#token=<token>`; the page posts the token (never in a URL the server sees). */
export const MemberInvitationLookupBodySchema = z.object({ token: z.string().min(1).max(200) });
export type MemberInvitationLookupBody = z.infer<typeof MemberInvitationLookupBodySchema>;

export const MemberInvitationPreviewSchema = z.object({
  organizationName: z.string(),
  organizationSlug: z.string(),
  email: z.string(),
  role: RoleSchema,
  /** True when an account with this email exists: the page asks for its password instead of name + new password. */
  existingUser: z.boolean(),
  expiresAt: z.string(),
});
export type MemberInvitationPreview = z.infer<typeof MemberInvitationPreviewSchema>;

/**
 * Accept a member invitation. New user: `name` + `password` (a new password). Existing user:
 * `password` (their current one), unless already signed in as that user.
 */
export const AcceptMemberInvitationBodySchema = z.object({
  token: z.string().min(1).max(200),
  name: PersonNameSchema.optional(),
  password: PasswordInputSchema.optional(),
});
export type AcceptMemberInvitationBody = z.infer<typeof AcceptMemberInvitationBodySchema>;
