// Preflight documents (SPEC section 8) and `test --format json` outputs (section 6) as machines write them.

export interface DocOptions {
  computer: string;
  via?: string;
  sha?: string;
  proxyConfig?: { status: string; detail: string };
  /** host -> status for the endpoints that are not ok. */
  failing?: Record<string, string>;
  time?: string;
}

export const HOSTS = ['contososensorapi.atp.azure.com', 'europe-cus-1.atp.azure.com', 'crl.microsoft.com', 'www.microsoft.com'];

/** A preflight document of one machine: every check pass unless told, every endpoint ok unless told. */
export function preflightDocument(o: DocOptions): Record<string, unknown> {
  const via = o.via ?? 'proxy.contoso.com:8080';
  return {
    schema: 'atp-proxy-preflight/1',
    computer: o.computer,
    manifest: 'contoso.atpproxy.jsonc',
    manifestSha256: o.sha ?? 'ab'.repeat(32),
    time: o.time ?? '2026-11-30T10:00:00Z',
    checks: [
      { id: 'proxy-config', status: o.proxyConfig?.status ?? 'pass', detail: o.proxyConfig?.detail ?? `WinINET LocalSystem ${via} matches the manifest` },
      { id: 'mixed-methods', status: 'pass', detail: 'one method holds a proxy' },
      { id: 'root-certificate', status: 'pass', detail: 'DigiCert Global Root G2 in LocalMachine\\Root' },
      { id: 'localhost-444', status: 'skip', detail: 'no sensor installed' },
    ],
    results: HOSTS.map((host) => {
      const revocation = host.startsWith('crl.') || host.startsWith('www.');
      const status = o.failing?.[host] ?? 'ok';
      return {
        host,
        port: revocation ? 80 : 443,
        status,
        ms: 40,
        via,
        issuer: revocation ? '' : 'Microsoft Azure RSA TLS Issuing CA 03',
        detail: `${host}: ${status}`,
      };
    }),
  };
}

/** What `atp-proxy test --format json` prints for a manifest. */
export function testOutput(failing: Record<string, string> = {}): Record<string, unknown> {
  const results = HOSTS.slice(0, 2).map((host) => ({
    host,
    port: 443,
    status: failing[host] ?? 'ok',
    ms: 30,
    via: 'DIRECT',
    issuer: 'Microsoft Azure RSA TLS Issuing CA 03',
    detail: 'd',
  }));
  const failed = results.filter((r) => r.status !== 'ok').length;
  return {
    file: 'examples/contoso.atpproxy.jsonc',
    results,
    summary: { total: results.length, ok: results.length - failed, failed, failedOptional: 0, cancelled: false, ms: 90, passed: failed === 0 },
  };
}

/** Serialized as a machine writes it. */
export function json(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
