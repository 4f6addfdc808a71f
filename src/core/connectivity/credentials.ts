import { formatProxy, parseProxyAddress, ProxyAddress } from './serverString';
import { PASSWORD_VARIABLE } from '../sensorDeploy/target';

/** Credentials for a proxy that requires authentication; never written to any output. */
export interface ProxyCredentials {
  user: string;
  password: string;
}

/** Credentials and the one proxy (host:port) the user gave them for: they are never sent to any other. */
export interface ScopedCredentials extends ProxyCredentials {
  proxy: ProxyAddress;
}

/**
 * Supplies the credentials stored for exactly this proxy (an environment variable in the CLI, SecretStorage in
 * VS Code). Asked only after the proxy answered 407 offering Basic.
 */
export type CredentialsProvider = (proxy: ProxyAddress) => Promise<ProxyCredentials | undefined>;

/** The environment variable the CLI (and the VS Code server) reads proxy credentials from. */
export const CREDENTIALS_VARIABLE = 'ATP_PROXY_CREDENTIALS';

/** The form of CREDENTIALS_VARIABLE, for messages. */
export const CREDENTIALS_FORM = 'user:password@proxyhost:port';

/** A proxy's identity for credentials: lower-case host without a trailing dot, and port (`[v6]:port`). */
export function proxyKey(proxy: ProxyAddress): string {
  return formatProxy({ host: proxy.host.toLowerCase().replace(/\.$/, ''), port: proxy.port });
}

/**
 * Reads `user:password@proxyhost:port` from the environment variable. The proxy is required and its port too: bare
 * `user:password` (what earlier versions took) would go to whatever proxy a manifest or a PAC file names, so it is refused.
 * The password may hold ":" and "@" (the last "@" starts the proxy). The message never repeats the value.
 */
export function credentialsFromEnvironment(env: NodeJS.ProcessEnv): ScopedCredentials | undefined | { problem: string } {
  const value = env[CREDENTIALS_VARIABLE];
  if (value === undefined || value === '') return undefined;
  const form = `${CREDENTIALS_VARIABLE} must hold ${CREDENTIALS_FORM}: the user name (DOMAIN\\user works), the password, and the proxy they are for, with its port (credentials are sent to that proxy only)`;
  const at = value.lastIndexOf('@');
  const colon = value.indexOf(':');
  if (at < 0 || colon <= 0 || colon > at) return { problem: form };
  const proxyText = value.slice(at + 1);
  const proxy = /:\d+$/.test(proxyText) ? parseProxyAddress(proxyText) : undefined;
  if (!proxy || 'problem' in proxy) return { problem: form };
  return { user: value.slice(0, colon), password: value.slice(colon + 1, at), proxy };
}

/** A provider that answers only for the proxy each set of credentials was given for. */
export function scopedProvider(entries: readonly ScopedCredentials[]): CredentialsProvider {
  return (proxy) => {
    const key = proxyKey(proxy);
    const found = entries.find((e) => proxyKey(e.proxy) === key);
    return Promise.resolve(found && { user: found.user, password: found.password });
  };
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

/**
 * The environment for a child process the product starts (reg.exe, the language server): the parent's with the
 * proxy credentials, which no child needs and any child could log or pass on, set to undefined. Undefined rather
 * than left out, because vscode-languageclient merges the given env over process.env; Node's spawn skips undefined.
 */
export function childEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env };
  // Windows environment names are case-insensitive: every spelling. The sensor's proxy password goes the same way
  // (apply hands it to the Deployer as its documented argument, never through the environment).
  const secrets = [CREDENTIALS_VARIABLE, PASSWORD_VARIABLE];
  for (const name of Object.keys(env)) if (secrets.includes(name.toUpperCase())) result[name] = undefined;
  for (const name of secrets) result[name] = undefined;
  return result;
}
