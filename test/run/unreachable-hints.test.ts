import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import {
  certificateHint,
  plainHttpHint,
  proxyHint,
  unreachableReason,
} from '../../src/run/unreachable-hints.ts';

// What Node reports for an https:// URL whose server speaks plain HTTP; OpenSSL ends it with a newline.
const WRONG_VERSION =
  'ERR_SSL_WRONG_VERSION_NUMBER: 80AC469CE67F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n';

function failedExchange(message: string): Exchange {
  return {
    id: 'x-000001',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: { method: 'GET', url: 'https://127.0.0.1:9/keys?limit=1', path: '/keys', headers: {} },
    failure: { kind: 'network', message },
  };
}

describe('certificateHint', () => {
  it.each([
    'DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate',
    'SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY: unable to get local issuer certificate',
  ])('points a certificate the run cannot verify (%s) at NODE_EXTRA_CA_CERTS', (failure) => {
    expect(certificateHint(failure)).toContain('NODE_EXTRA_CA_CERTS');
  });

  it.each([
    "ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames",
    'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
  ])('adds nothing where a CA file would not help (%s)', (failure) => {
    expect(certificateHint(failure)).toBe('');
  });
});

describe('proxyHint', () => {
  it.each([
    'ENOTFOUND: getaddrinfo ENOTFOUND api.example.com',
    'EAI_AGAIN: getaddrinfo EAI_AGAIN api.example.com',
    'UND_ERR_CONNECT_TIMEOUT: Connect Timeout Error',
  ])('suggests a proxy when the run went direct and found no route (%s)', (failure) => {
    expect(proxyHint(failure, false)).toContain('HTTPS_PROXY');
  });

  it('suggests nothing about proxies for a refused connection', () => {
    expect(proxyHint('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9', false)).toBe('');
  });

  it('asks for credentials when the proxy answered 407', () => {
    expect(proxyHint('Proxy response (407) !== 200 when HTTP Tunneling', true)).toContain('user:password');
  });

  it('points at NO_PROXY when the proxy would not tunnel to the target', () => {
    expect(proxyHint('Proxy response (403) !== 200 when HTTP Tunneling', true)).toContain('NO_PROXY');
  });

  it('suggests nothing else when the run went through a proxy and the target itself failed', () => {
    expect(proxyHint('ENOTFOUND: getaddrinfo ENOTFOUND api.example.com', true)).toBe('');
  });
});

describe('certificateHint with NODE_EXTRA_CA_CERTS set', () => {
  it('check: says the file NODE_EXTRA_CA_CERTS names does not trust the certificate, rather than to set it', () => {
    expect(certificateHint('DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate', '/ca/other.pem')).toMatch(
      /^ \(NODE_EXTRA_CA_CERTS names \/ca\/other\.pem, which Node could not load or which holds neither/,
    );
  });
});

describe('plainHttpHint', () => {
  it('check: points an https:// URL whose server answered in plain HTTP at http://', () => {
    expect(plainHttpHint(WRONG_VERSION)).toContain('http:// URL');
  });

  it('check: adds nothing for a refused connection', () => {
    expect(plainHttpHint('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9')).toBe('');
  });
});

describe('unreachableReason', () => {
  it('check: the reason is one line even when the TLS library’s message ends with a newline', () => {
    expect(unreachableReason(failedExchange(WRONG_VERSION), undefined)).not.toContain('\n');
  });
});
