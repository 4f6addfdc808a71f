// Where the Machine view finds a v2 sensor's SensorConfiguration.json: beside Microsoft.Tri.Sensor.exe, the folder
// taken from the AATPSensor service's ImagePath (as the DefenderForIdentity module finds it), or a file imported.
import type { RegistryBackend } from '../apply/backend';
import { REG_EXPAND_SZ, REG_SZ } from '../wininet/regFile';
import { networkPathProblem } from '../text/networkPath';
import {
  describeSensorConfigurationError,
  readSensorConfiguration,
  SENSOR_CONFIGURATION_FILE,
  type SensorConfiguration,
} from '../sensorConfig/sensorConfiguration';

/** The sensor service's key; its ImagePath names Microsoft.Tri.Sensor.exe. */
export const SENSOR_SERVICE_KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\AATPSensor';

/** Where Setup installs the sensor unless told otherwise (a version folder below it holds the files). */
const DEFAULT_SENSOR_FOLDER = 'C:\\Program Files\\Azure Advanced Threat Protection Sensor\\<version>\\';

/** The sensor's configuration as the Machine view has it. */
export type SensorConfigurationState =
  | { kind: 'read'; source: string; value: SensorConfiguration }
  | { kind: 'unreadable'; source: string; reason: string }
  /** Nothing to read here: no sensor service, or no source that could have one (the reason says which and what to do). */
  | { kind: 'absent'; reason: string };

/** The state of an imported file's bytes. */
export function sensorStateOf(bytes: Uint8Array, source: string): SensorConfigurationState {
  const read = readSensorConfiguration(bytes);
  return read.ok ? { kind: 'read', source, value: read.value } : { kind: 'unreadable', source, reason: describeSensorConfigurationError(source, read.error) };
}

function registryString(data: Uint8Array): string {
  return Buffer.from(data).toString('utf16le').replace(/\0+$/, '');
}

/**
 * The folder of the executable an ImagePath names: quoted or not, arguments dropped, `%VARIABLES%` expanded from
 * `env` (case-insensitive, as Windows does), `\??\` prefixes removed.
 */
export function folderOfImagePath(imagePath: string, env: NodeJS.ProcessEnv): string {
  let path = imagePath.trim();
  const quoted = /^"([^"]*)"/.exec(path);
  // Unquoted: up to the executable (".exe"), so folders with spaces such as Program Files stay whole.
  path = quoted ? quoted[1] : (/^(.*?\.exe)(?:\s|$)/i.exec(path)?.[1] ?? path);
  path = path.replace(/^\\\?\?\\/, '');
  const lookup = new Map(Object.entries(env).map(([k, v]) => [k.toUpperCase(), v]));
  path = path.replace(/%([^%]+)%/g, (whole, name: string) => lookup.get(name.toUpperCase()) ?? whole);
  return path.slice(0, path.lastIndexOf('\\') + 1);
}

/**
 * Reads the live sensor's SensorConfiguration.json: the folder from the service's ImagePath, the file through
 * `readFile` (a Windows path). A missing service or file is `absent` or `unreadable` with what to do.
 */
export async function readLiveSensorConfiguration(
  backend: Pick<RegistryBackend, 'readValue'>,
  readFile: (windowsPath: string) => Promise<Uint8Array>,
  env: NodeJS.ProcessEnv,
): Promise<SensorConfigurationState> {
  let imagePath;
  try {
    imagePath = await backend.readValue(SENSOR_SERVICE_KEY, 'ImagePath');
  } catch (e) {
    return {
      kind: 'unreadable',
      source: `${SENSOR_SERVICE_KEY}\\ImagePath`,
      reason: `cannot read the sensor service: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  if (!imagePath)
    return {
      kind: 'absent',
      reason: `no AATPSensor service here (${SENSOR_SERVICE_KEY} has no ImagePath): no v2 sensor is installed. Import a sensor's ${SENSOR_CONFIGURATION_FILE} (from ${DEFAULT_SENSOR_FOLDER}) to see its proxy.`,
    };
  if (imagePath.type !== REG_SZ && imagePath.type !== REG_EXPAND_SZ)
    return { kind: 'unreadable', source: `${SENSOR_SERVICE_KEY}\\ImagePath`, reason: 'the AATPSensor service’s ImagePath is not a string value' };
  const folder = folderOfImagePath(registryString(imagePath.data), env);
  const file = `${folder}${SENSOR_CONFIGURATION_FILE}`;
  // A service path on another machine would send this session's credentials there: never opened.
  const remote = networkPathProblem(file, 'AATPSensor ImagePath');
  if (remote || !/^[a-z]:\\/i.test(folder))
    return { kind: 'unreadable', source: file, reason: remote ?? `the AATPSensor service’s ImagePath does not name a local folder (${folder || 'empty'})` };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return { kind: 'unreadable', source: file, reason: `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
  return sensorStateOf(bytes, file);
}

/** A `file:` URI for a local Windows path (`C:\Program Files\x` → `file:///c%3A/Program%20Files/x`, as VS Code writes it). */
export function windowsPathToFileUri(path: string): string {
  const [drive, ...rest] = path.split('\\');
  return `file:///${encodeURIComponent(drive.toLowerCase())}/${rest.map(encodeURIComponent).join('/')}`;
}
