// Use case "decode": proxy values from pasted hex, a .reg export or a sensor's SensorConfiguration.json, as text a person reads and as values.
// `atp-proxy decode` and VS Code's Decode Connection Settings both print what this returns.
import { describeSensorConfiguration, sensorConfigurationJson, type SensorConfigurationJson } from '../sensorConfig/describe';
import { describeSensorConfigurationError, looksLikeJsonObject, readSensorConfiguration } from '../sensorConfig/sensorConfiguration';
import { describeCodecError, type Decoded } from '../wininet/codecError';
import { decodeBytes, decodeRegFileValuesLenient, type DecodedValue } from '../wininet/decodeValue';
import { describeDecodedValue } from '../wininet/describe';
import { parseHex } from '../wininet/hex';
import { looksLikeRegFile, parseRegFileLenient } from '../wininet/regParse';
import { describePolicyValue, readPolicyValuesLenient, type MachineProxyReading } from '../policy/readMachineProxy';

/**
 * Decoded values and their description, with `FILE:LINE: reason` for each value of a .reg export that could not be
 * decoded (the others are still decoded); or the reason the input cannot be decoded at all.
 */
export type DecodeOutcome =
  { ok: true; text: string; values: DecodedValue[]; policy?: MachineProxyReading[]; problems: string[] } | { ok: false; reason: string };

/** Decodes pasted hex (a bare value, or copied from a .reg file). */
export function decodeHexText(hex: string): DecodeOutcome {
  const bytes = parseHex(hex);
  const decoded: Decoded<DecodedValue> = bytes.ok ? decodeBytes(bytes.value) : bytes;
  if (!decoded.ok) return { ok: false, reason: `malformed value: ${describeCodecError(decoded.error)}` };
  return { ok: true, text: `${describeDecodedValue(decoded.value)}\n`, values: [decoded.value], problems: [] };
}

/** Decodes every proxy value of a .reg export named `name`, going past malformed lines and values so one does not hide the rest. */
export function decodeRegExport(bytes: Uint8Array, name: string): DecodeOutcome {
  const file = parseRegFileLenient(bytes);
  if (!file.ok) return { ok: false, reason: `${name}: ${describeCodecError(file.error)}` };
  const { values, problems } = decodeRegFileValuesLenient(file.value.file);
  // The Defender for Endpoint policy values of method policy (v3): TelemetryProxyServer and the two DWORDs.
  const policy = readPolicyValuesLenient(file.value.file);
  const lines = [...file.value.problems, ...problems, ...policy.problems.map((p) => ({ offset: p.line, reason: p.reason }))]
    .sort((a, b) => a.offset - b.offset)
    .map((p) => `${name}:${p.offset}: ${p.reason}`);
  if (values.length === 0 && policy.values.length === 0 && lines.length === 0)
    return {
      ok: true,
      text: `${name}: no DefaultConnectionSettings, SavedLegacySettings, WinHttpSettings or Defender for Endpoint proxy policy value\n`,
      values: [],
      policy: [],
      problems: [],
    };
  const described = [...values.map(describeDecodedValue), ...policy.values.map(describePolicyValue)];
  return { ok: true, text: described.length ? `${described.join('\n\n')}\n` : '', values, policy: policy.values, problems: lines };
}

/** Whether the bytes of a file are a .reg export (otherwise they are read as pasted hex). */
export function isRegExport(bytes: Uint8Array): boolean {
  return looksLikeRegFile(bytes);
}

/** Decodes a file's bytes: a .reg export, or a text file holding pasted hex. */
export function decodeFileBytes(bytes: Uint8Array, name: string): DecodeOutcome {
  return isRegExport(bytes) ? decodeRegExport(bytes, name) : decodeHexText(Buffer.from(bytes).toString('utf8'));
}

/** Why pasted text is not hex the decoder can read (for an input box's live validation), or undefined. */
export function hexProblem(text: string): string | undefined {
  if (text.trim() === '') return 'Paste the value: hex bytes, e.g. 46 00 00 00 ... or a line copied from a .reg file';
  const bytes = parseHex(text);
  return bytes.ok ? undefined : describeCodecError(bytes.error);
}

/** A SensorConfiguration.json decoded: the text a person reads and the JSON object; or the reason with its place. */
export type SensorConfigurationOutcome = { ok: true; text: string; json: SensorConfigurationJson } | { ok: false; reason: string };

/**
 * Whether a file is a SensorConfiguration.json rather than hex or a .reg export: its content is a JSON object, or its
 * name ends in .json (a copy renamed dc01-SensorConfiguration.json, or a broken one, still gets the JSON reader's reasons).
 */
export function isSensorConfiguration(bytes: Uint8Array, name: string): boolean {
  return /\.json$/i.test(name) || looksLikeJsonObject(bytes);
}

/** Decodes a sensor's SensorConfiguration.json named `name` (never its encrypted password). */
export function decodeSensorConfiguration(bytes: Uint8Array, name: string): SensorConfigurationOutcome {
  const read = readSensorConfiguration(bytes);
  if (!read.ok) return { ok: false, reason: describeSensorConfigurationError(name, read.error) };
  return { ok: true, text: `${describeSensorConfiguration(read.value, name)}\n`, json: sensorConfigurationJson(read.value, name) };
}
