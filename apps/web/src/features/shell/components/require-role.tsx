import type { Role } from '@arena/contracts';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { roleLabel } from '../../../shared/ui/role-label';
import { FullPageStatus } from '../../../shared/ui/full-page-status';

type RequireRoleProps = {
  roles: readonly Role[];
  children: ReactNode;
};

/** Renders its page only for the given roles (the API enforces the same; this is for people). */
export function RequireRole({ roles, children }: RequireRoleProps) {
  const { user } = useSignedInUser();
  if (roles.includes(user.role)) return children;
  const allowed = roles.map((role) => roleLabel(role).toLowerCase() + 's').join(' and ');
  return (
    <FullPageStatus title="This page isn't available to you" actions={<Link to="/">Go home</Link>}>
      <p>It is for {allowed}. Ask your admin if you need access.</p>
    </FullPageStatus>
  );
}
