// Node's codes for a certificate chain it could not verify (not for a host name mismatch, which a CA file
// would not fix).
const UNTRUSTED_CERTIFICATE =
  /\b(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?)\b/;

/** What to do about a target whose certificate this machine does not trust (a staging CA, a local TLS proxy). */
export function certificateHint(failure: string): string {
  return UNTRUSTED_CERTIFICATE.test(failure)
    ? ' (to trust a private CA or a self-signed certificate, point NODE_EXTRA_CA_CERTS at its PEM file)'
    : '';
}
