/** Why a file given as an extra trusted root holds no certificate, or undefined when it holds one. */
export function pemProblem(text: string, source: string): string | undefined {
  return text.includes('-----BEGIN CERTIFICATE-----') ? undefined : `${source} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`;
}
