/** A clean v3 manifest of the current guidance: Defender for Endpoint's channel and the streamlined domain. */
export function v3Manifest(method: 'policy' | 'winhttp' = 'policy'): string {
  return JSON.stringify({
    version: 1,
    sensor: 'v3',
    instance: 'contoso',
    proxy: { mode: 'static', method, server: 'proxy.contoso.com:8080' },
    firewall: {
      allow: ['*.endpoint.security.microsoft.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com/pkiops/*', 'www.microsoft.com/pki/*'],
    },
  });
}
