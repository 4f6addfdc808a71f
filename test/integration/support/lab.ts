import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildTestPlan, TestPlan } from '../../../src/core/connectivity/testPlan';
import { parseManifest, settingsOf } from '../../../src/core/manifest/parse';
import { SERVICE_PORT } from '../../../src/core/catalog/catalog';
import { AtpService, startAtpService } from './atp-service';
import { generatePki, TestPki } from './certs';

/** The seven endpoints of instance "contoso" in europe, in plan order. */
export const CONTOSO_HOSTS = [
  'contososensorapi.atp.azure.com',
  'contoso.atp.azure.com',
  'triprd1wceun1sensorapi.atp.azure.com',
  'triprd1wceuw1sensorapi.atp.azure.com',
  'crl.microsoft.com',
  'ctldl.windowsupdate.com',
  'www.microsoft.com',
];

/** A manifest for instance contoso (europe) with the given proxy section and firewall.port (443, the lab service's). */
export function contosoManifest(proxy: object, port: number): string {
  return JSON.stringify(
    { version: 1, guidance: '2018', instance: 'contoso', region: 'europe', proxy, firewall: { port, allow: ['*.atp.azure.com'], sslInspection: 'none' } },
    null,
    2,
  );
}

/** The test plan of a manifest text (fails the test when the manifest cannot be planned). */
export function planOf(text: string, pacUrl?: string): TestPlan {
  const plan = buildTestPlan(settingsOf(parseManifest(text).manifest), { pacUrl });
  if ('problem' in plan) throw new Error(plan.problem);
  return plan;
}

/** Every host mapped to one address: what a Squid hosts_file needs for an all-good lab. */
export function allTo(address: string): Record<string, string> {
  return Object.fromEntries(CONTOSO_HOSTS.map((host) => [host, address]));
}

/** A temp folder, the lab PKI and the ATP stand-in. */
export interface Lab {
  dir: string;
  pki: TestPki;
  rootPem: string;
  service: AtpService;
  close(): Promise<void>;
}

/**
 * A loopback address of its own for each lab (127.2.x.y): the stand-in listens on 443 there, the port the sensor and
 * `atp-proxy test` use, without colliding with another lab running at the same time.
 */
function labAddress(): string {
  return `127.2.${1 + Math.floor(Math.random() * 254)}.${1 + Math.floor(Math.random() * 254)}`;
}

/**
 * Makes the temp folder and the PKI, and starts the ATP stand-in (ping 200 unless `pingStatus` says otherwise) on
 * 443 of a loopback address of its own (binding 443 needs root or CAP_NET_BIND_SERVICE, as CI has).
 */
export async function startLab(options: Parameters<typeof startAtpService>[1] = {}): Promise<Lab> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atp-proxy-it-'));
  await fs.chmod(dir, 0o755);
  const pki = await generatePki(dir);
  let service: AtpService;
  try {
    service = await startAtpService(pki, { host: labAddress(), port: SERVICE_PORT, ...options });
  } catch (error) {
    throw new Error(
      `the ATP stand-in must listen on port ${SERVICE_PORT}, where the sensor connects: run the tests as root (as CI does) or grant node CAP_NET_BIND_SERVICE (${(error as Error).message})`,
      { cause: error },
    );
  }
  return {
    dir,
    pki,
    rootPem: await fs.readFile(pki.rootPem, 'utf8'),
    service,
    close: async () => {
      await service.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
