import type { Exchange } from '../client/exchange.ts';

// Node's codes for a certificate chain it could not verify (not for a host name mismatch, which a CA file
// would not fix).
const UNTRUSTED_CERTIFICATE =
  /\b(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?)\b/;

/**
 * What to do about a target whose certificate this machine does not trust (a staging CA, a local TLS proxy).
 * `extraCaFile` is NODE_EXTRA_CA_CERTS as set: then the advice to set it would send the user in a circle.
 */
export function certificateHint(failure: string, extraCaFile?: string): string {
  if (!UNTRUSTED_CERTIFICATE.test(failure)) return '';
  return extraCaFile === undefined || extraCaFile === ''
    ? ' (to trust a private CA or a self-signed certificate, point NODE_EXTRA_CA_CERTS at its PEM file)'
    : ` (NODE_EXTRA_CA_CERTS names ${extraCaFile}, which Node could not load or which holds neither the CA that issued this certificate nor the self-signed certificate itself)`;
}

// OpenSSL's words for a first answer that is not a TLS record: an http server behind an https:// URL.
const NOT_TLS = /\b(ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG|ERR_SSL_HTTP_REQUEST)\b/;

/** What to do about an https:// URL whose server answered in plain HTTP. */
export function plainHttpHint(failure: string): string {
  return NOT_TLS.test(failure)
    ? ' (the target did not answer in TLS: if it serves plain HTTP, give an http:// URL)'
    : '';
}

// A host name the machine cannot resolve, or a connection that never opens: what a machine whose only way out
// is a proxy sees when it tries to go direct.
const NO_DIRECT_ROUTE = /\b(ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT)\b/;
// undici's words for a proxy that would not open the tunnel.
const TUNNEL_REFUSED = /Proxy response \((\d+)\) !== 200 when HTTP Tunneling/;

/** What to do about a target the run could not reach directly, or through the proxy it used. */
export function proxyHint(failure: string, throughProxy: boolean): string {
  if (throughProxy) {
    const refused = TUNNEL_REFUSED.exec(failure);
    if (refused === null) return '';
    const status = refused[1] ?? '';
    return status === '407'
      ? ' (the proxy wants credentials: put user:password in its URL, in KEYS_API_PROXY or HTTPS_PROXY)'
      : ` (the proxy answered ${status} to CONNECT; if the target needs no proxy, name it in NO_PROXY or pass --proxy none)`;
  }
  return NO_DIRECT_ROUTE.test(failure)
    ? ' (if this machine reaches the target through a proxy, name it in HTTPS_PROXY, HTTP_PROXY for an http target, or with --proxy)'
    : '';
}

/** Why a first request got no answer: the URL, the proxy it went through if any, the failure and what may help. */
export function unreachableReason(exchange: Exchange, proxy: string | undefined): string {
  // One line, as every reason is: OpenSSL's messages end with a newline.
  const message = (exchange.failure?.message ?? 'no response').replace(/\s+/g, ' ').trim();
  const route = proxy === undefined ? '' : ` through the proxy ${proxy}`;
  const hints = `${certificateHint(message, process.env.NODE_EXTRA_CA_CERTS)}${plainHttpHint(message)}${proxyHint(message, proxy !== undefined)}`;
  return `target unreachable: ${exchange.request.method} ${exchange.request.url}${route}: ${message}${hints}`;
}
