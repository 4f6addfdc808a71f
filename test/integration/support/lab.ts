import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildPlan, TestPlan } from '../../../src/core/connectivity/plan';
import { parseManifest, settingsOf } from '../../../src/core/manifest/parse';
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

/** A manifest for instance contoso (europe) with the given proxy section, on the lab service's port. */
export function contosoManifest(proxy: object, port: number): string {
  return JSON.stringify({ version: 1, instance: 'contoso', region: 'europe', proxy, firewall: { port, allow: ['*.atp.azure.com'], sslInspection: 'none' } }, null, 2);
}

/** The test plan of a manifest text (fails the test when the manifest cannot be planned). */
export function planOf(text: string, pacUrl?: string): TestPlan {
  const plan = buildPlan(settingsOf(parseManifest(text).manifest), { pacUrl });
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

/** Makes the temp folder and the PKI, and starts the ATP stand-in (ping 200 unless `pingStatus` says otherwise). */
export async function startLab(options: Parameters<typeof startAtpService>[1] = {}): Promise<Lab> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atp-proxy-it-'));
  await fs.chmod(dir, 0o755);
  const pki = await generatePki(dir);
  const service = await startAtpService(pki, options);
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
