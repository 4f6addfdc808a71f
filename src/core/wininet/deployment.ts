import { ConnectionValue, ManifestSettings, RegistrySource, SERVICE_ACCOUNTS, ServiceAccount } from '../manifest/model';

/** What a deployment writes: which accounts, which values, from where, with or without backups. */
export interface Deployment {
  targets: ServiceAccount[];
  values: ConnectionValue[];
  source: RegistrySource;
  backup: boolean;
}

/**
 * The deployment a manifest asks for. Without a `registry` section the defaults of an empty one apply
 * (both accounts, DefaultConnectionSettings, copy from HKCU, backups on), so generators and apply agree.
 */
export function deploymentOf(manifest: ManifestSettings): Deployment {
  const registry = manifest.registry;
  return {
    targets: registry && registry.targets.length > 0 ? SERVICE_ACCOUNTS.filter((a) => registry.targets.includes(a)) : [...SERVICE_ACCOUNTS],
    values: registry?.values.length ? [...new Set(registry.values)] : ['DefaultConnectionSettings'],
    source: registry?.source ?? 'currentUser',
    backup: registry?.backup ?? true,
  };
}

/** Whether the mode needs no WinINET configuration for the service accounts (SPEC section 1). */
export function needsNoRegistry(manifest: ManifestSettings): boolean {
  return manifest.proxy.mode === 'transparent' || manifest.proxy.mode === 'wpad';
}
