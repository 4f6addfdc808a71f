import type { ManifestSettings, ProxyMethod } from '../manifest/model';

/**
 * The method a manifest deploys with (encode, apply): the one in effect, else (no method and mode direct,
 * transparent or wpad) the WinINET artefacts as before methods existed; undefined for mode static/pac without one
 * (ATP144: nothing would tell the sensor about the proxy).
 */
export function deploymentMethod(manifest: ManifestSettings): ProxyMethod | undefined {
  if (manifest.proxy.method) return manifest.proxy.method;
  return manifest.proxy.mode === 'static' || manifest.proxy.mode === 'pac' ? undefined : 'wininet';
}
