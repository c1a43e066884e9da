import { describe, expect, it } from 'vitest';
import { certificateHint } from '../../src/run/certificate-hint.ts';

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
