/** The file names of proxy-deployment manifests (keep in step with package.json `contributes.languages`). */
export const MANIFEST_GLOB = '**/*.atpproxy.{json,jsonc}';

/** Folders never searched for manifests. */
export const EXCLUDE_GLOB = '**/{node_modules,.git,.cache,out,dist}/**';

/** The language id of manifests. */
export const LANGUAGE_ID = 'atp-proxy-manifest';
