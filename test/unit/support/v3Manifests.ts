// v3 manifests the v3-method tests share: method policy or winhttp, mode static, the streamlined domain allowed.
const ALLOW = ['*.endpoint.security.microsoft.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com/pkiops/*', 'www.microsoft.com/pki/*'];

/** A valid v3 manifest's text with the given proxy section. */
export function v3Manifest(proxy: object): string {
  return JSON.stringify({ version: 1, sensor: 'v3', instance: 'contoso', proxy, firewall: { port: 443, allow: ALLOW, sslInspection: 'none' } }, null, 2);
}

export const POLICY_OFFLINE = v3Manifest({ mode: 'static', method: 'policy', server: 'proxy.contoso.com:8080' });
export const POLICY_WITH_WINHTTP = v3Manifest({
  mode: 'static',
  method: 'policy',
  server: 'proxy.contoso.com:8080',
  winhttp: { server: 'proxy.contoso.com:8080', bypass: ['<local>'] },
});
export const WINHTTP = v3Manifest({ mode: 'static', method: 'winhttp', server: 'proxy.contoso.com:8080', bypass: ['<local>', '*.contoso.com'] });
