import type { IsoDateTime } from './common';

export const ROLES = ['admin', 'manager', 'rep'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIVITY_CATEGORIES = ['activity', 'outcome'] as const;
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

export const ACTIVITY_UNITS = ['count', 'currency', 'minutes'] as const;
export type ActivityUnit = (typeof ACTIVITY_UNITS)[number];

export interface Org {
  id: string;
  name: string;
  /** IANA time zone, e.g. `Europe/Amsterdam`; contests default to it. */
  timezone: string;
  createdAt: IsoDateTime;
}

export interface User {
  id: string;
  orgId: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  active: boolean;
  /** Scored in contests and eligible as a participant: reps by default, player-coaches opt in. */
  competes: boolean;
  createdAt: IsoDateTime;
}

export interface Team {
  id: string;
  name: string;
  memberCount: number;
  createdAt: IsoDateTime;
}

export interface ActivityType {
  id: string;
  key: string;
  label: string;
  category: ActivityCategory;
  unit: ActivityUnit;
  active: boolean;
  createdAt: IsoDateTime;
}

export interface SignupRequest {
  orgName: string;
  timezone?: string;
  adminName: string;
  adminEmail: string;
  adminPassword: string;
}

export interface SignupResponse {
  org: Org;
  user: User;
  accessToken: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  user: User;
}

/** `POST /api/me/password`: answers a LoginResponse with a fresh token; other sessions end. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface MeResponse {
  user: User;
  org: Org;
}

export interface CreateUserRequest {
  email: string;
  name: string;
  role: Role;
  password: string;
  teamId?: string | null;
  /** Defaults to true for reps, false for managers and admins. */
  competes?: boolean;
}

export interface UpdateUserRequest {
  name?: string;
  role?: Role;
  teamId?: string | null;
  active?: boolean;
  password?: string;
  competes?: boolean;
}

/** Most rows one `POST /api/users/import` takes (JSON `users` or CSV data rows). */
export const USER_IMPORT_MAX_ROWS = 10_000;

/** How long an invitation link of an imported user without a password stays valid. */
export const INVITATION_TTL_DAYS = 14;

/** The CSV columns of `POST /api/users/import` (header row, any order; `name` and `email` required). */
export const USER_IMPORT_CSV_COLUMNS = ['name', 'email', 'role', 'team', 'password'] as const;

/**
 * One user to import. Without `password` the user is invited: the answer carries a one-time link
 * with which they set their own (`POST /api/auth/accept-invite`).
 */
export interface ImportUserRow {
  name: string;
  email: string;
  /** Default `rep`. */
  role?: Role;
  /** A team of the organisation by id, or by `team` (its name); not both. */
  teamId?: string | null;
  team?: string | null;
  /** Defaults to true for reps, false for managers and admins. */
  competes?: boolean;
  /** Same policy as `POST /api/users`; absent: invited. */
  password?: string | null;
}

export interface ImportUsersRequest {
  users: ImportUserRow[];
}

/**
 * Why a row was refused, one per message of its `FieldError` (`users.12.email`, or `rows.12.email`
 * for CSV, 0-based data rows: CSV line = index + 2): stable, for a client to branch on.
 */
export const IMPORT_PROBLEM_CODES = [
  /** The value is missing, of the wrong type or malformed (message says which). */
  'invalid',
  /** The email is taken (in this organisation or another: which is not revealed) or unusable. */
  'email_unavailable',
  /** The same email appears on an earlier row of this import. */
  'duplicate_in_file',
  /** No team with this id or name in the organisation. */
  'unknown_team',
  /** The password does not meet the policy (too short, too easy to guess, made of email or name). */
  'weak_password',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEM_CODES)[number];

export interface ImportedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  competes: boolean;
  /**
   * Invited users only: the one-time link (a path on this server) to hand to the user; shown
   * once, stored only as a hash, valid for INVITATION_TTL_DAYS days.
   */
  inviteUrl?: string;
  /** The token inside `inviteUrl`, for clients that build their own link. */
  inviteToken?: string;
  inviteExpiresAt?: IsoDateTime;
}

/** `POST /api/users/import`: 201 (or 200 for `?dryRun=true`, which stores nothing). */
export interface ImportUsersResponse {
  dryRun: boolean;
  /** Users created (with a dry run: that would be created), invited ones included. */
  created: number;
  /** Of those, the ones without a password: invited. */
  invited: number;
  /** In the order of the rows; on a dry run without ids or links. */
  users: ImportedUser[];
}

/** `POST /api/auth/accept-invite`: sets the invited user's password and signs them in (a LoginResponse). */
export interface AcceptInviteRequest {
  token: string;
  password: string;
}

export interface ListUsersQuery {
  role?: Role;
  teamId?: string;
  active?: boolean;
  limit?: number;
  offset?: number;
}

export interface CreateTeamRequest {
  name: string;
}

export interface UpdateTeamRequest {
  name?: string;
}

export interface CreateActivityTypeRequest {
  key: string;
  label: string;
  category: ActivityCategory;
  unit: ActivityUnit;
}

/** `key`, `category` and `unit` are fixed once created: history is scored by them. */
export interface UpdateActivityTypeRequest {
  label?: string;
  active?: boolean;
}

/** The catalogue every new organisation starts with (SPEC §2). */
export const DEFAULT_ACTIVITY_TYPES: ReadonlyArray<
  Pick<ActivityType, 'key' | 'label' | 'category' | 'unit'>
> = [
  { key: 'call', label: 'Call', category: 'activity', unit: 'count' },
  { key: 'meeting', label: 'Meeting', category: 'activity', unit: 'count' },
  { key: 'demo', label: 'Demo', category: 'activity', unit: 'count' },
  { key: 'proposal', label: 'Proposal', category: 'activity', unit: 'count' },
  { key: 'referral', label: 'Referral', category: 'activity', unit: 'count' },
  { key: 'crm_update', label: 'CRM update', category: 'activity', unit: 'count' },
  { key: 'site_visit', label: 'Site visit', category: 'activity', unit: 'count' },
  { key: 'deal_won', label: 'Deal won', category: 'outcome', unit: 'count' },
  { key: 'revenue', label: 'Revenue', category: 'outcome', unit: 'currency' },
];
