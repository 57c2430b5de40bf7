/** What the server calls a release when it has no web build (a dev server): never reload for it. */
const NO_WEB_BUILD = 'no-web-build';

/**
 * A TV reloads itself when the server runs a newer web app than the one it loaded: `loaded` is
 * the first release it heard of after loading, `seen` what the server says now.
 */
export function shouldReloadForRelease(loaded: string | null, seen: string | undefined): boolean {
  if (!loaded || !seen) return false;
  if (loaded === NO_WEB_BUILD || seen === NO_WEB_BUILD) return false;
  return loaded !== seen;
}
