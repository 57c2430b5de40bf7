import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/react';
import { serverReachability } from '../src/shared/api/server-reachability';
import { sessionStore } from '../src/shared/api/session-store';

// findBy…/waitFor wait up to 1 s by default: too little on a busy two-core CI machine.
configure({ asyncUtilTimeout: 5000 });

// jsdom has no matchMedia; framer-motion's useReducedMotion asks it. Report "no preference".
if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// jsdom does not scroll; the router's scroll restoration calls it on every navigation.
window.scrollTo = () => undefined;

// The session and reachability stores are module singletons: start every test signed out and
// with the server reachable.
beforeEach(() => {
  window.localStorage.clear();
  sessionStore.end('signed-out');
  serverReachability.report('reachable');
});
