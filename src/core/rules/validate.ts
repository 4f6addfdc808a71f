import { Manifest } from '../manifest/model';
import { parseManifest } from '../manifest/parse';
import { createContext } from './context';
import { checkEndpoints } from './endpoints';
import { Finding } from './finding';
import { CappedFindings, byPosition } from './findingCap';
import { checkFirewall } from './firewall';
import { checkInstance } from './instance';
import { checkMethod } from './method';
import { checkProxy } from './proxy';
import { checkRegistry } from './registry';
import { checkShape } from './shapeCheck';
import { checkSensors } from './sensors';

const RULES = [checkShape, checkInstance, checkEndpoints, checkFirewall, checkRegistry, checkProxy, checkMethod, checkSensors];

/** Every semantic rule on a recovered manifest; sorted by position, at most MAX_FINDINGS_PER_CODE per code. */
export function validateManifest(manifest: Manifest): Finding[] {
  const findings = new CappedFindings();
  const ctx = createContext(manifest, findings);
  for (const rule of RULES) rule(ctx);
  return findings.findings();
}

/** Validates manifest text: syntax (ATP100), then every semantic rule on what the parser recovered; sorted by position, at most MAX_FINDINGS_PER_CODE per code. */
export function validate(text: string): Finding[] {
  const { manifest, syntaxErrors } = parseManifest(text);
  const syntax = new CappedFindings();
  for (const e of syntaxErrors) syntax.add('ATP100', e, e.message);
  // Loops, not push(...rest): spreading 200,000 findings into arguments overflowed the stack.
  const findings = syntax.findings();
  for (const finding of validateManifest(manifest)) findings.push(finding);
  return findings.sort(byPosition);
}
