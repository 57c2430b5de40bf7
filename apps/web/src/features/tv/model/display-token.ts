import { DISPLAY_TOKEN_PREFIX } from '@arena/contracts';

export const DISPLAY_TOKEN_KEY = 'arena.tv.displayToken';

/**
 * The display token: from the URL fragment on first open (then kept, and the fragment cleared so
 * it does not linger on screen), else from this browser's storage so a reload keeps working.
 */
export function readDisplayToken(location: Location, storage: Storage): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('token');
  if (fromUrl && fromUrl.startsWith(DISPLAY_TOKEN_PREFIX)) {
    storage.setItem(DISPLAY_TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  const stored = storage.getItem(DISPLAY_TOKEN_KEY);
  return stored && stored.startsWith(DISPLAY_TOKEN_PREFIX) ? stored : null;
}
