import type { Role } from '@arena/contracts';

const labels: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  rep: 'Rep',
};

/** How a role is written for people. */
export function roleLabel(role: Role): string {
  return labels[role];
}
