import { isIPv4 } from 'node:net';
import { proxyLabel } from '../client/proxy-dispatcher.ts';
import { ConfigError } from './config-error.ts';
import { urlLabel } from './secret-looking.ts';
import { invalidSetting, type SettingLocation } from './setting.ts';

/**
 * Which proxy reaches the target. Operators run nightly jobs on machines whose only way out is a proxy
 * named in the environment, so the run reads it as curl and Go do, unless `--proxy` says otherwise.
 */

export interface ProxyChoice {
  /** The proxy URL, user:password included when it has them (a secret then). */
  readonly url: string;
  /** Where it was found: `HTTPS_PROXY`, `--proxy`… */
  readonly from: string;
}

/** `--proxy none` (or `KEYS_API_PROXY=none`): go direct whatever the environment says. */
export const NO_PROXY_VALUE = 'none';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/**
 * An http(s) proxy URL, as curl reads one: `proxy.corp:3128` means `http://proxy.corp:3128`. Credentials are
 * kept (a proxy may need them) but never echoed in an error.
 */
export function parseProxyUrl(raw: string, at: SettingLocation): string {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    throw invalidSetting(at, proxyLabel(value), 'is not a proxy URL (expected http://host:port)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidSetting(at, proxyLabel(value), 'is not an http(s) proxy URL (expected http://host:port)');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw invalidSetting(
      at,
      urlLabel(proxyLabel(value)),
      'must be a proxy origin, without a path, query or fragment',
    );
  }
  return url.href.replace(/\/$/, '');
}

function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    (isIPv4(host) && host.startsWith('127.')) ||
    host === '[::1]' ||
    // 127.0.0.0/8 written IPv4-mapped: URL gives [::ffff:127.0.0.1] as [::ffff:7f00:1].
    /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host)
  );
}

/** One NO_PROXY entry as host (bracketed when IPv6, as URL.hostname has it) and port (0: any). */
function noProxyEntry(entry: string): { readonly host: string; readonly port: number } {
  const bracketed = /^(\[[^\]]+\])(?::(\d+))?$/.exec(entry);
  if (bracketed !== null) return { host: bracketed[1] ?? '', port: Number(bracketed[2] ?? 0) };
  const colons = entry.split(':').length - 1;
  if (colons > 1) return { host: `[${entry}]`, port: 0 };
  const [host = '', port = '0'] = entry.split(':');
  return { host: host.replace(/^\*?\./, ''), port: Number(port) };
}

/** Whether one NO_PROXY entry (`host`, `.domain`, `*.domain`, `host:port`, `[::1]:8080`) covers the target. */
function coveredBy(entry: string, hostname: string, port: number): boolean {
  const { host, port: entryPort } = noProxyEntry(entry.toLowerCase());
  if (host === '' || (entryPort !== 0 && entryPort !== port)) return false;
  return hostname === host || hostname.endsWith(`.${host}`);
}

function firstSet(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): { readonly name: string; readonly value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, value };
  }
  return undefined;
}

/**
 * The proxy the environment names for `target`: `https_proxy`/`HTTPS_PROXY` for an https target,
 * `http_proxy`/`HTTP_PROXY` for an http one (lower case first, as curl reads them), none when
 * `no_proxy`/`NO_PROXY` covers the host (`*` covers every host; IP ranges are not understood) or the target
 * is on loopback (as Go decides: a local server is never behind the corporate proxy).
 */
export function proxyFromEnvironment(
  target: URL,
  env: Readonly<Record<string, string | undefined>>,
): ProxyChoice | undefined {
  const https = target.protocol === 'https:';
  const named = firstSet(env, https ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']);
  if (named === undefined) return undefined;
  const hostname = target.hostname.toLowerCase();
  if (isLoopback(hostname)) return undefined;
  const port = Number(target.port) || (DEFAULT_PORTS[target.protocol] ?? 0);
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY'])?.value ?? '';
  const entries = noProxy.split(/[\s,]+/).filter((entry) => entry !== '');
  if (entries.includes('*') || entries.some((entry) => coveredBy(entry, hostname, port))) return undefined;
  const at: SettingLocation = { origin: 'env', label: named.name, baseDir: '.' };
  try {
    return { url: parseProxyUrl(named.value, at), from: named.name };
  } catch (error) {
    // The variable may be set for other tools on this machine: say how to run without it.
    if (error instanceof ConfigError)
      throw new ConfigError(`${error.message}; or pass --proxy none to go direct`);
    throw error;
  }
}
