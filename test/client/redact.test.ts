import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base64, base64urlnopad } from '@scure/base';
import type { Exchange } from '../../src/client/exchange.ts';
import {
  createRedactor,
  isSecretField,
  isSecretHeader,
  REDACTED,
  redactExchange,
  redactJsonText,
  redactJsonValue,
} from '../../src/client/redact.ts';
import { generateCredential } from '../../src/crypto/credential.ts';

function exchangeWith(parts: {
  url?: string;
  requestHeaders?: Record<string, string>;
  requestBody?: string;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  failure?: string;
}): Exchange {
  const responseBody = parts.responseBody ?? '';
  let parsed: { value: unknown } | undefined;
  try {
    parsed = { value: JSON.parse(responseBody) as unknown };
  } catch {
    parsed = undefined;
  }
  return {
    id: 'x-000001',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: {
      method: 'POST',
      url: parts.url ?? 'http://127.0.0.1/keys',
      path: '/keys',
      headers: parts.requestHeaders ?? {},
      ...(parts.requestBody === undefined ? {} : { body: parts.requestBody }),
    },
    response: {
      status: 200,
      headers: parts.responseHeaders ?? {},
      body: responseBody,
      ...(parsed === undefined ? {} : { parsed }),
    },
    ...(parts.failure === undefined ? {} : { failure: { kind: 'network', message: parts.failure } }),
  };
}

describe('isSecretHeader', () => {
  it.each([
    'authorization',
    'Authorization',
    'x-dfns-useraction',
    'cookie',
    'set-cookie',
    'x-api-key',
    'x-auth-token',
    'x-dfns-appsecret',
  ])('%s is secret', (name) => {
    expect(isSecretHeader(name)).toBe(true);
  });

  it.each([
    'content-type',
    'accept',
    'content-length',
    'x-request-id',
    'user-agent',
    'retry-after',
    'www-authenticate',
  ])('%s is public', (name) => {
    expect(isSecretHeader(name)).toBe(false);
  });
});

describe('isSecretField', () => {
  it.each([
    ['encryptedKeyShare', undefined],
    ['userAction', undefined],
    ['challengeIdentifier', undefined],
    ['challenge', undefined],
    ['clientData', undefined],
    ['privateKey', undefined],
    ['secretKey', undefined],
    ['secret', undefined],
    ['encryptionPrivateKey', undefined],
    ['decryptionKey', undefined],
    ['encryptedPrivateKey', undefined],
    ['signature', 'credentialAssertion'],
  ])('%s (inside %s) is secret', (name, parent) => {
    expect(isSecretField(name, parent)).toBe(true);
  });

  it.each([
    ['publicKey', undefined],
    ['signature', undefined],
    ['signature', 'signatureRequest'],
    ['id', undefined],
    ['signerId', undefined],
    ['encryptedKeyShares', undefined],
    ['r', 'signature'],
    ['nextPageToken', undefined],
  ])('%s (inside %s) is public', (name, parent) => {
    expect(isSecretField(name, parent)).toBe(false);
  });
});

describe('redactJsonValue', () => {
  it('redacts the encryptedKeyShare of each item of encryptedKeyShares, keeping signerIds', () => {
    const value = { encryptedKeyShares: [{ signerId: 's1', encryptedKeyShare: 'AAAA' }] };
    expect(redactJsonValue(value)).toEqual({
      encryptedKeyShares: [{ signerId: 's1', encryptedKeyShare: REDACTED }],
    });
  });

  it('redacts the signature of a credential assertion, not a key signature', () => {
    const value = {
      firstFactor: { credentialAssertion: { credId: 'c', signature: 'sig' } },
      signature: { r: '0x1', s: '0x2' },
    };
    expect(redactJsonValue(value)).toEqual({
      firstFactor: { credentialAssertion: { credId: 'c', signature: REDACTED } },
      signature: { r: '0x1', s: '0x2' },
    });
  });

  it('replaces a secret object or array whole', () => {
    expect(redactJsonValue({ secretShares: [1, 2], privateKey: { d: 'x' } })).toEqual({
      secretShares: REDACTED,
      privateKey: REDACTED,
    });
  });

  it('leaves a null secret field null', () => {
    expect(redactJsonValue({ privateKey: null })).toEqual({ privateKey: null });
  });

  it('does not mutate its input', () => {
    const value = { privateKey: 'k' };
    redactJsonValue(value);
    expect(value).toEqual({ privateKey: 'k' });
  });
});

describe('redactJsonText', () => {
  it.each([
    ['{"userAction":"ua-123"}', '{"userAction":"[redacted]"}'],
    ['{ "a" : 1 ,\n "privateKey" : "0xabc" }', '{ "a" : 1 ,\n "privateKey" : "[redacted]" }'],
    ['{"a":1,"a":2,"secret":"s"}', '{"a":1,"a":2,"secret":"[redacted]"}'],
    ['{"privateKey":{"d":"x","n":[1,{"y":"}"}]},"b":2}', '{"privateKey":"[redacted]","b":2}'],
    ['{"privateKey":12345,"b":2}', '{"privateKey":"[redacted]","b":2}'],
    ['{"privateKey":null}', '{"privateKey":null}'],
    [
      '{"a":{"credentialAssertion":{"signature":"s","credId":"c"}},"signature":"pub"}',
      '{"a":{"credentialAssertion":{"signature":"[redacted]","credId":"c"}},"signature":"pub"}',
    ],
    [
      '{"items":[{"encryptedKeyShare":"e1"},{"encryptedKeyShare":"e2"}]}',
      '{"items":[{"encryptedKeyShare":"[redacted]"},{"encryptedKeyShare":"[redacted]"}]}',
    ],
    ['{"priv\\u0061teKey":"k"}', '{"priv\\u0061teKey":"[redacted]"}'],
    ['{"note":"privateKey: x","ok":"\\"privateKey\\""}', '{"note":"privateKey: x","ok":"\\"privateKey\\""}'],
  ])('%s becomes %s', (text, expected) => {
    expect(redactJsonText(text)).toBe(expected);
  });

  it('redacts a secret field in malformed JSON up to where the text ends', () => {
    expect(redactJsonText('{"a":1,"privateKey":"0xdeadbeef')).toBe('{"a":1,"privateKey":"[redacted]"');
  });

  it('leaves text that is not JSON alone', () => {
    expect(redactJsonText('<html>privateKey</html>')).toBe('<html>privateKey</html>');
  });
});

describe('redactExchange by rule', () => {
  it('redacts secret request and response headers, keeps public ones', () => {
    const redacted = redactExchange(
      exchangeWith({
        requestHeaders: {
          authorization: 'Bearer t',
          'x-dfns-useraction': 'ua',
          'content-type': 'application/json',
        },
        responseHeaders: { 'set-cookie': 'sid=1', 'x-request-id': 'r' },
      }),
    );
    expect([redacted.request.headers, redacted.response?.headers]).toEqual([
      { authorization: REDACTED, 'x-dfns-useraction': REDACTED, 'content-type': 'application/json' },
      { 'set-cookie': REDACTED, 'x-request-id': 'r' },
    ]);
  });

  it('redacts secret fields in the response body text and parsed value alike', () => {
    const redacted = redactExchange(
      exchangeWith({ responseBody: '{"challenge":"c","challengeIdentifier":"j","ok":1}' }),
    );
    expect([redacted.response?.body, redacted.response?.parsed?.value]).toEqual([
      '{"challenge":"[redacted]","challengeIdentifier":"[redacted]","ok":1}',
      { challenge: REDACTED, challengeIdentifier: REDACTED, ok: 1 },
    ]);
  });

  it('redacts query parameters named like secrets', () => {
    const redacted = redactExchange(exchangeWith({ url: 'http://h/keys?token=abc&limit=2' }));
    expect(redacted.request.url).toBe('http://h/keys?token=[redacted]&limit=2');
  });

  it('keeps public values: public keys, key signatures and ids', () => {
    const body = '{"id":"key-1","publicKey":"02ab","signature":{"r":"0x1","s":"0x2","encoded":"0x3"}}';
    expect(redactExchange(exchangeWith({ responseBody: body })).response?.body).toBe(body);
  });

  it('redacts a response nested 30,000 deep (60 KB) as text alone, without overflowing the stack', () => {
    const depth = 30_000;
    const redacted = redactExchange(
      exchangeWith({ responseBody: `${'['.repeat(depth)}${']'.repeat(depth)}` }),
    );
    expect([redacted.response?.body.length, redacted.response?.parsed]).toEqual([2 * depth, undefined]);
  });

  it('does not mutate the exchange it is given', () => {
    const exchange = exchangeWith({ requestHeaders: { authorization: 'Bearer t' } });
    redactExchange(exchange);
    expect(exchange.request.headers.authorization).toBe('Bearer t');
  });
});

describe('registered secrets', () => {
  const token = 'eyJhbGciOiJFUzI1NiJ9.payload-of-the-token.signature';

  it('a registered token is scrubbed from the URL, headers, bodies and failure message', () => {
    const redactor = createRedactor();
    redactor.register(token);
    const redacted = redactor.redactExchange(
      exchangeWith({
        url: `http://h/keys?x=${token}`,
        requestHeaders: { 'x-echo': token },
        requestBody: `not json ${token}`,
        responseBody: JSON.stringify({ error: { message: `bad token ${token}` } }),
        failure: `failed with ${token}`,
      }),
    );
    expect(JSON.stringify(redacted)).not.toContain(token);
  });

  it('the scan above can fail: the unredacted exchange does contain the token', () => {
    expect(JSON.stringify(exchangeWith({ requestBody: token }))).toContain(token);
  });

  it('a registered PEM is scrubbed raw, JSON-escaped, as its base64 body and line by line', () => {
    const { privateKeyPem } = generateCredential('p256');
    const redactor = createRedactor();
    redactor.register(privateKeyPem);
    const lines = privateKeyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
    const texts = [privateKeyPem, JSON.stringify({ pem: privateKeyPem }), lines.join(''), lines[1]!];
    expect(texts.map((text) => redactor.scrub(text).includes(lines[1]!))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('registered bytes are scrubbed in hex (either case), base64 and base64url', () => {
    const secret = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 250) % 256);
    const redactor = createRedactor();
    redactor.register(secret);
    const forms = [
      bytesToHex(secret),
      bytesToHex(secret).toUpperCase(),
      base64.encode(secret),
      base64urlnopad.encode(secret),
    ];
    expect(forms.map((form) => redactor.scrub(`before ${form} after`))).toEqual(
      forms.map(() => `before ${REDACTED} after`),
    );
  });

  it('registered secrets are scrubbed from parsed string values and keys', () => {
    const redactor = createRedactor();
    redactor.register(token);
    const redacted = redactor.redactExchange(
      exchangeWith({ responseBody: JSON.stringify({ [token]: [token] }) }),
    );
    expect(redacted.response?.parsed?.value).toEqual({ [REDACTED]: [REDACTED] });
  });

  it('a registered token cut short with an ellipsis is scrubbed up to the cut', () => {
    const redactor = createRedactor();
    redactor.register(token);
    expect(redactor.scrub(`answered 500 ("auth=${token.slice(0, 30)}…") for key k`)).toBe(
      `answered 500 ("auth=${REDACTED}…") for key k`,
    );
  });

  it('a registered token cut off by the end of the text is scrubbed', () => {
    const redactor = createRedactor();
    redactor.register(token);
    expect(redactor.scrub(`body: ${token.slice(0, 20)}`)).toBe(`body: ${REDACTED}`);
  });

  it('text that only begins like a registered token is kept', () => {
    const redactor = createRedactor();
    redactor.register(token);
    const other = `${token.slice(0, 20)}-something-else`;
    expect(redactor.scrub(`${other}…`)).toBe(`${other}…`);
  });

  it('ImportKey: an encryptedKeyShare of the body, quoted in the error message, is scrubbed there', () => {
    const share = 'c2hhcmUtZW5jcnlwdGVkLXRvLWEtc2lnbmVyLTAxMjM0NTY3ODk=';
    const requestBody = JSON.stringify({
      encryptedKeyShares: [{ signerId: 's1', encryptedKeyShare: share }],
    });
    const redacted = createRedactor().redactExchange(
      exchangeWith({
        requestBody,
        responseBody: JSON.stringify({ error: { message: `bad import: ${requestBody}` } }),
      }),
    );
    expect(JSON.stringify(redacted).includes(share)).toBe(false);
  });

  it('an empty secret is ignored rather than scrubbing every position', () => {
    const redactor = createRedactor();
    redactor.register('');
    expect(redactor.scrub('abc')).toBe('abc');
  });
});

describe('registerSecretFields', () => {
  const share = 'BHq3vTq0dVZ1mKpL8cWnE2xY6rJ4sH9gF0aD7eC5bB3nM1kP';
  const exported = {
    encryptedKeyShares: [
      { signerId: 'c2lnbmVyLTEtaWQtbm90LXNlY3JldA', encryptedKeyShare: share },
      { signerId: 'c2lnbmVyLTItaWQtbm90LXNlY3JldA', encryptedKeyShare: `${share}-second` },
    ],
    publicKey: '02a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd',
  };

  it('ExportKey: share values of an answer are scrubbed when a later message quotes them as text', () => {
    const redactor = createRedactor();
    redactor.registerSecretFields(exported);
    const quoted = `refused: the body you exported was ${JSON.stringify(exported)}`;
    const scrubbed = redactor.scrub(quoted);
    expect([scrubbed.includes(share), scrubbed.includes(REDACTED)]).toEqual([false, true]);
  });

  it('ExportKey: public fields of the answer (signer ids, the public key) stay readable', () => {
    const redactor = createRedactor();
    redactor.registerSecretFields(exported);
    const quoted = JSON.stringify(exported);
    expect(
      [exported.publicKey, exported.encryptedKeyShares[0]!.signerId].map((v) =>
        redactor.scrub(quoted).includes(v),
      ),
    ).toEqual([true, true]);
  });
});
