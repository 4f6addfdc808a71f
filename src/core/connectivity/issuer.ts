import { GENUINE_ISSUERS, ROOTS } from '../catalog/catalog';

/**
 * Whether an issuer CN belongs to the genuine chain of the ATP service. Microsoft numbers its
 * issuing CAs and names the key type ("Microsoft Azure RSA TLS Issuing CA 03",
 * "Microsoft Azure ECC TLS Issuing CA 01"), so the catalog's names match with both stripped.
 */
export function isGenuineIssuer(issuerCn: string): boolean {
  const normalized = issuerCn
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^Microsoft Azure (RSA|ECC) /i, 'Microsoft Azure ')
    .replace(/ \d{1,3}$/, '');
  return GENUINE_ISSUERS.some((genuine) => genuine.toLowerCase() === normalized.toLowerCase());
}

/** The genuine chain in words, for details. */
export const GENUINE_CHAIN = `${ROOTS.map((r) => r.name).join(' or ')} → ${GENUINE_ISSUERS.join(' / ')}`;

/** The CN of a certificate name (Node gives a string, or an array when the name has several CNs). */
export function commonName(name: { CN?: string | string[] } | undefined): string {
  const cn = name?.CN;
  return Array.isArray(cn) ? cn.join(', ') : (cn ?? '');
}
