import type { MeResponse } from '@arena/contracts';
import { useMe } from './use-me';

/** The user and org for screens behind `<RequireAuth>`, which only renders them once loaded. */
export function useSignedInUser(): MeResponse {
  const { data } = useMe();
  if (!data) throw new Error('useSignedInUser must be used inside <RequireAuth>.');
  return data;
}
