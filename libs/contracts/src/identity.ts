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
