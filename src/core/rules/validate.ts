import { Manifest } from '../manifest/model';
import { parseManifest } from '../manifest/parse';
import { CODES } from './codes';
import { createContext } from './context';
import { checkEndpoints } from './endpoints';
import { Finding } from './finding';
import { checkFirewall } from './firewall';
import { checkInstance } from './instance';
import { checkProxy } from './proxy';
import { checkRegistry } from './registry';
import { checkShape } from './shapeCheck';
import { checkSensors } from './sensors';

const RULES = [checkShape, checkInstance, checkEndpoints, checkFirewall, checkRegistry, checkProxy, checkSensors];

/** Every semantic rule on a recovered manifest. */
export function validateManifest(manifest: Manifest): Finding[] {
  const findings: Finding[] = [];
  const ctx = createContext(manifest, findings);
  for (const rule of RULES) rule(ctx);
  return findings;
}

/** Validates manifest text: syntax (ATP100), then every semantic rule on what the parser recovered; sorted by position. */
export function validate(text: string): Finding[] {
  const { manifest, syntaxErrors } = parseManifest(text);
  const findings: Finding[] = syntaxErrors.map((e) => ({ code: 'ATP100', severity: CODES.ATP100.severity, message: e.message, offset: e.offset, length: e.length }));
  findings.push(...validateManifest(manifest));
  return findings.sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
}
