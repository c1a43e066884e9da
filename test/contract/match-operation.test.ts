import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/index.ts';

const contract = loadContract();

describe('Contract.match', () => {
  it.each([
    ['POST', '/keys', 'CreateKey', {}],
    ['GET', '/keys', 'ListKeys', {}],
    ['POST', '/keys/import', 'ImportKey', {}],
    ['GET', '/keys/key-1', 'GetKey', { keyId: 'key-1' }],
    ['PUT', '/keys/key-1', 'UpdateKey', { keyId: 'key-1' }],
    ['DELETE', '/keys/key-1', 'DeleteKey', { keyId: 'key-1' }],
    ['POST', '/keys/key-1/delegate', 'DelegateKey', { keyId: 'key-1' }],
    ['POST', '/keys/key-1/derive', 'DeriveKey', { keyId: 'key-1' }],
    ['POST', '/keys/key-1/signatures', 'GenerateSignature', { keyId: 'key-1' }],
    ['GET', '/keys/key-1/signatures', 'ListSignatures', { keyId: 'key-1' }],
    ['GET', '/keys/key-1/signatures/sig-2', 'GetSignature', { keyId: 'key-1', signatureId: 'sig-2' }],
    ['POST', '/keys/key-1/export', 'ExportKey', { keyId: 'key-1' }],
    ['GET', '/signers', 'ListSigners', {}],
    ['POST', '/auth/action/init', 'CreateUserActionChallenge', {}],
    ['POST', '/auth/action', 'CreateUserActionSignature', {}],
  ])('%s %s is %s', (method, path, operationId, pathParams) => {
    const found = contract.match(method, path);
    expect(found?.operation.operationId).toBe(operationId);
    expect(found?.pathParams).toEqual(pathParams);
  });

  it('prefers a literal segment over a parameter (GET /keys/import is GetKey only because no GET /keys/import exists)', () => {
    expect(contract.match('GET', '/keys/import')?.pathParams).toEqual({ keyId: 'import' });
    expect(contract.match('POST', '/keys/import')?.operation.operationId).toBe('ImportKey');
  });

  it('percent-decodes path parameter values', () => {
    expect(contract.match('GET', '/keys/a%2Fb%20c')?.pathParams).toEqual({ keyId: 'a/b c' });
  });

  it('keeps a malformed escape as sent', () => {
    expect(contract.match('GET', '/keys/a%zz')?.pathParams).toEqual({ keyId: 'a%zz' });
  });

  it('matches the method in any case', () => {
    expect(contract.match('get', '/signers')?.operation.operationId).toBe('ListSigners');
  });

  it.each([
    ['PATCH', '/keys/key-1'],
    ['GET', '/keys/'],
    ['GET', '/keys/key-1/'],
    ['GET', '/v1/keys'],
    ['GET', '/keys//signatures'],
    ['GET', '/wallets'],
  ])('%s %s matches nothing', (method, path) => {
    expect(contract.match(method, path)).toBeUndefined();
  });
});
