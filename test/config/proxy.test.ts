import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.ts';
import { proxyFromEnvironment } from '../../src/config/proxy.ts';
import { describeConfig, resolveConfig } from '../../src/config/resolve-config.ts';

type Env = Readonly<Record<string, string>>;

const PROXY = 'http://proxy.corp:3128';

describe('proxyFromEnvironment', () => {
  it.each<[string, string, Env, string | undefined]>([
    ['an https target takes HTTPS_PROXY', 'https://api.example.com', { HTTPS_PROXY: PROXY }, 'HTTPS_PROXY'],
    ['an https target ignores HTTP_PROXY', 'https://api.example.com', { HTTP_PROXY: PROXY }, undefined],
    ['an http target takes HTTP_PROXY', 'http://api.example.com', { HTTP_PROXY: PROXY }, 'HTTP_PROXY'],
    ['an http target ignores HTTPS_PROXY', 'http://api.example.com', { HTTPS_PROXY: PROXY }, undefined],
    [
      'the lower-case name wins',
      'https://api.example.com',
      { https_proxy: PROXY, HTTPS_PROXY: 'http://other:1' },
      'https_proxy',
    ],
    [
      'an empty variable counts as unset',
      'https://api.example.com',
      { https_proxy: ' ', HTTPS_PROXY: PROXY },
      'HTTPS_PROXY',
    ],
    [
      'NO_PROXY naming an IPv6 host',
      'http://[2001:db8::1]:8080',
      { HTTP_PROXY: PROXY, NO_PROXY: '2001:db8::1' },
      undefined,
    ],
    [
      'NO_PROXY naming an IPv6 host and port',
      'http://[2001:db8::1]:8080',
      { HTTP_PROXY: PROXY, NO_PROXY: '[2001:db8::1]:8080' },
      undefined,
    ],
    ['a target on 127.0.0.1', 'http://127.0.0.1:8080', { HTTP_PROXY: PROXY }, undefined],
    ['a target on localhost', 'http://localhost:8080', { HTTP_PROXY: PROXY }, undefined],
    ['a target on [::1]', 'http://[::1]:8080', { HTTP_PROXY: PROXY }, undefined],
    ['a target on IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]:8080', { HTTP_PROXY: PROXY }, undefined],
  ])('%s', (_title, target, env, from) => {
    expect(proxyFromEnvironment(new URL(target), env)?.from).toBe(from);
  });

  it.each<[string, boolean]>([
    ['api.example.com', false],
    ['example.com', false],
    ['.example.com', false],
    ['*.example.com', false],
    ['*', false],
    ['a.org, example.com', false],
    ['a.org example.com', false],
    ['api.example.com:443', false],
    ['api.example.com:8443', true],
    ['ple.com', true],
    ['www.example.com', true],
  ])('with NO_PROXY=%s, https://api.example.com is proxied: %s', (noProxy, proxied) => {
    const env = { HTTPS_PROXY: PROXY, NO_PROXY: noProxy };
    expect(proxyFromEnvironment(new URL('https://api.example.com'), env) !== undefined).toBe(proxied);
  });

  it('reads no_proxy before NO_PROXY', () => {
    const env = { HTTPS_PROXY: PROXY, no_proxy: 'example.com', NO_PROXY: 'other.org' };
    expect(proxyFromEnvironment(new URL('https://api.example.com'), env)).toBeUndefined();
  });

  it('reads a proxy without a scheme as http://', () => {
    expect(
      proxyFromEnvironment(new URL('https://api.example.com'), { HTTPS_PROXY: 'proxy.corp:3128' }),
    ).toEqual({
      url: PROXY,
      from: 'HTTPS_PROXY',
    });
  });

  it('refuses a proxy it cannot use in one line naming the variable, without its password', () => {
    const call = (): unknown =>
      proxyFromEnvironment(new URL('https://api.example.com'), {
        HTTPS_PROXY: 'socks5://u:hunter2@proxy:1080',
      });
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(
      'HTTPS_PROXY: "socks5://…@proxy:1080" is not an http(s) proxy URL (expected http://host:port); or pass --proxy none to go direct',
    );
  });
});

describe('the proxy setting', () => {
  const target = { KEYS_API_URL: 'https://api.example.com' };
  const resolveWith = (env: Env, flags: Record<string, string> = {}) =>
    resolveConfig({ env, flags, cwd: '/' });

  it('takes the environment proxy for the target when nothing names one', async () => {
    const config = await resolveWith({ ...target, HTTPS_PROXY: PROXY });
    expect(config.proxy).toEqual({ url: PROXY, from: 'HTTPS_PROXY', origin: 'env' });
  });

  it('lets --proxy none go direct past HTTPS_PROXY', async () => {
    const config = await resolveWith({ ...target, HTTPS_PROXY: PROXY }, { proxy: 'none' });
    expect(config.proxy).toBeUndefined();
  });

  it('lets KEYS_API_PROXY name another proxy than HTTPS_PROXY', async () => {
    const config = await resolveWith({ ...target, HTTPS_PROXY: PROXY, KEYS_API_PROXY: 'http://other:8080' });
    expect(config.proxy).toEqual({ url: 'http://other:8080', from: 'KEYS_API_PROXY', origin: 'env' });
  });

  it('applies --proxy to a loopback target too: it was asked for', async () => {
    const config = await resolveWith({ KEYS_API_URL: 'http://127.0.0.1:8080' }, { proxy: PROXY });
    expect(config.proxy?.url).toBe(PROXY);
  });

  it('uses no proxy for the embedded reference whatever the environment says', async () => {
    const config = await resolveWith({ HTTPS_PROXY: PROXY, HTTP_PROXY: PROXY });
    expect(config.proxy).toBeUndefined();
  });

  it('refuses a proxy with a query without showing its values', async () => {
    await expect(
      resolveWith({ ...target, KEYS_API_PROXY: 'http://proxy.corp:3128/?token=s3cretq' }),
    ).rejects.toThrow(
      'KEYS_API_PROXY: "http://proxy.corp:3128/?token=…" must be a proxy origin, without a path, query or fragment',
    );
  });

  it('refuses a password on the command line, where ps shows it', async () => {
    await expect(resolveWith(target, { proxy: 'http://u:hunter2@proxy.corp:3128' })).rejects.toThrow(
      '--proxy: "http://…@proxy.corp:3128" carries user:password: set it in KEYS_API_PROXY or HTTPS_PROXY instead',
    );
  });

  it('describes the proxy and where it came from without its password', async () => {
    const config = await resolveWith({ ...target, HTTPS_PROXY: 'http://u:hunter2@proxy.corp:3128' });
    expect(describeConfig(config)).toContainEqual(['proxy', 'http://…@proxy.corp:3128 (HTTPS_PROXY)']);
  });
});
