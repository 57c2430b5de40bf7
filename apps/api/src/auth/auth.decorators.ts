import type { ApiKeyScope } from '@arena/contracts';
import { createParamDecorator, SetMetadata } from '@nestjs/common';
import { RequestContext, type Actor, type Principal } from '../common/request-context';

export const IS_PUBLIC = 'arena:public';
export const ROLES = 'arena:roles';
export const API_KEY_SCOPE = 'arena:api-key-scope';

/** No sign-in needed. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Only these roles may call the handler; others get 403. Without it every signed-in user may,
 * but API keys only reach handlers that list `'api-key'`.
 */
export const Roles = (...roles: Actor[]) => SetMetadata(ROLES, roles);

/** The scope an API key needs for this handler. */
export const ApiKeyScopeRequired = (scope: ApiKeyScope) => SetMetadata(API_KEY_SCOPE, scope);

/** The authenticated caller. */
export const CurrentPrincipal = createParamDecorator((): Principal => RequestContext.principal());
