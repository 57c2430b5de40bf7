import type { Role } from '@arena/contracts';
import { createParamDecorator, SetMetadata } from '@nestjs/common';
import { RequestContext, type Principal } from '../common/request-context';

export const IS_PUBLIC = 'arena:public';
export const ROLES = 'arena:roles';

/** No sign-in needed. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the handler; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** The authenticated caller. */
export const CurrentPrincipal = createParamDecorator((): Principal => RequestContext.principal());
