/**
 * The renderer's Content-Security-Policy, one definition for both the Electron shell and the web host.
 * No remote content, no eval. Styles allow 'unsafe-inline' because Monaco and xterm.js inject <style>
 * elements at run time (as VS Code's own CSP does); scripts and workers come only from the app itself.
 */
export function contentSecurityPolicy(connectSources: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${connectSources.map((s) => ` ${s}`).join('')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
