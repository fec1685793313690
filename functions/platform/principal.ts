// Who is calling. Routes marked `user` always have a principal (the authorizer guarantees it); the check
// here keeps a misconfigured route from running anonymously.
import { Unauthorized } from './http-errors.ts';

export interface Principal {
  readonly sub: string;
  readonly groups: readonly string[];
}

export function requirePrincipal(principal: Principal | undefined): Principal {
  if (principal === undefined) throw new Unauthorized();
  return principal;
}
