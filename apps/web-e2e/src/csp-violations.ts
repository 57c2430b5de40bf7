import type { BrowserContext } from 'playwright-core';

/**
 * Collects every Content-Security-Policy violation in the browser contexts it watches: the
 * `securitypolicyviolation` DOM event and Chromium's console report, so a blocked script, style,
 * image or connection fails the test that caused it instead of silently breaking the page.
 */
export class CspViolations {
  readonly seen: string[] = [];

  async watch(context: BrowserContext): Promise<void> {
    await context.exposeBinding('reportCspViolation', (_source, text: string) => {
      this.seen.push(text);
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { reportCspViolation: (text: string) => void })
          .reportCspViolation;
        report(
          `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} on ${event.documentURI}`,
        );
      });
    });
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) this.seen.push(message.text());
    });
  }
}
