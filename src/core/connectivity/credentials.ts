import { ProxyAddress } from './serverString';

/** Credentials for a proxy that requires authentication; never written to any output. */
export interface ProxyCredentials {
  user: string;
  password: string;
}

/** Supplies proxy credentials (an environment variable in the CLI, SecretStorage in VS Code). */
export type CredentialsProvider = (proxy: ProxyAddress) => Promise<ProxyCredentials | undefined>;

/** The environment variable the CLI reads proxy credentials from. */
export const CREDENTIALS_VARIABLE = 'ATP_PROXY_CREDENTIALS';

/** Reads `user:password` from the environment variable; the message never repeats the value. */
export function credentialsFromEnvironment(env: NodeJS.ProcessEnv): ProxyCredentials | undefined | { problem: string } {
  const value = env[CREDENTIALS_VARIABLE];
  if (value === undefined || value === '') return undefined;
  const colon = value.indexOf(':');
  if (colon <= 0) return { problem: `${CREDENTIALS_VARIABLE} must hold user:password (the user name may include a domain, DOMAIN\\user)` };
  return { user: value.slice(0, colon), password: value.slice(colon + 1) };
}

/** The Proxy-Authorization header value (Basic) for credentials. */
export function basicAuthorization(credentials: ProxyCredentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
}

// Shorter passwords are not searched for as text: replacing every "ab" in a message would garble it, and
// the forms that carry them (user:password, the Basic token) are still replaced.
const MIN_PASSWORD_TO_HUNT = 4;

/**
 * Text with every form of the credentials replaced by "***": the Basic token, user:password, and the password
 * itself (plain and URL-encoded). For what a proxy sends back, which may quote the header it received.
 */
export function redactCredentials(text: string, credentials: ProxyCredentials | undefined): string {
  if (!credentials) return text;
  const forms = [basicAuthorization(credentials).slice('Basic '.length), `${credentials.user}:${credentials.password}`];
  if (credentials.password.length >= MIN_PASSWORD_TO_HUNT) forms.push(credentials.password, encodeURIComponent(credentials.password));
  let out = text;
  for (const form of forms.filter((f) => f.length > 0).sort((a, b) => b.length - a.length)) out = out.split(form).join('***');
  return out;
}
