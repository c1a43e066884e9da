import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/client/client.ts';
import { shellQuote, toCurl } from '../../src/client/curl.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.ts';

const run = promisify(execFile);

function installed(program: string): boolean {
  try {
    execFileSync(program, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// The quoting is proven by a real shell and a real curl; where either is missing, say so and skip.
const hasBash = installed('bash');
const hasCurl = hasBash && installed('curl');
if (!hasBash) console.warn('curl.test.ts: bash not found, shell round-trip tests skipped');
if (!hasCurl) console.warn('curl.test.ts: curl not found, the end-to-end curl test is skipped');

const TOKEN = 'curl-test-bearer-token-value';
const USER_ACTION = 'ua-one-time-user-action-value';

function exchangeOf(body: string | undefined, url = 'http://127.0.0.1:8080/keys'): Exchange {
  return {
    id: 'x-000001',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: {
      method: 'POST',
      url,
      path: new URL(url).pathname,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'x-dfns-useraction': USER_ACTION,
        'content-type': 'application/json',
        'x-api-key': 'k-123456789',
      },
      ...(body === undefined ? {} : { body }),
    },
  };
}

async function bashEcho(word: string): Promise<string> {
  const { stdout } = await run('bash', ['-c', `printf %s ${word}`]);
  return stdout;
}

describe('shellQuote', () => {
  it
    .skipIf(!hasBash)
    .each([
      ["it's"],
      ["''"],
      ['$HOME `id` $(id) "x" \\ ! *'],
      ['line one\nline two\ttab\r'],
      ['{"name":"O\'Brien","emoji":"🔑","ctl":"\u0001"}'],
      [''],
    ])('bash reads %j back unchanged', async (text) => {
    expect(await bashEcho(shellQuote(text))).toBe(text);
  });

  it('quotes text without control characters as one single-quoted word', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

describe('toCurl', () => {
  it('puts credentials in as shell variables, never values', () => {
    const line = toCurl(exchangeOf('{}'));
    expect([line.includes(TOKEN), line.includes(USER_ACTION), line.includes('k-123456789')]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('names the token and user-action variables', () => {
    const line = toCurl(exchangeOf('{}'));
    expect(line).toContain(
      '-H "Authorization: Bearer $KEYS_API_TOKEN" -H "X-DFNS-USERACTION: $KEYS_API_USER_ACTION"',
    );
  });

  it('is one line', () => {
    expect(toCurl(exchangeOf('{\n"a": "b\'c"\n}')).includes('\n')).toBe(false);
  });

  it('sets --max-time, default 30 s', () => {
    expect([toCurl(exchangeOf(undefined)), toCurl(exchangeOf(undefined), { maxTimeSeconds: 5 })]).toEqual([
      expect.stringContaining('--max-time 30 '),
      expect.stringContaining('--max-time 5 '),
    ]);
  });

  it('redacts secret body fields even without a redactor', () => {
    expect(toCurl(exchangeOf('{"privateKey":"0xabc"}'))).toContain(`'{"privateKey":"[redacted]"}'`);
  });

  it('omits --data-raw when there is no body', () => {
    expect(toCurl(exchangeOf(undefined))).not.toContain('--data-raw');
  });
});

describe('toCurl output runs', () => {
  let server: LoopbackServer | undefined;
  let client: Client | undefined;

  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it.skipIf(!hasCurl)(
    "curl repeats the request byte for byte, body with ' and a newline included",
    async () => {
      server = await startLoopbackServer((_request, response) => {
        sendJson(response, 200, {});
      });
      client = createClient({ baseUrl: server.url, token: TOKEN });
      const body = `{"name":"O'Brien's key","note":"two\nlines","cost":"$5 \`x\`"}`;
      const result = await client.request({
        method: 'POST',
        path: '/keys',
        query: { q: "it's" },
        body,
        auth: { userAction: { token: USER_ACTION } },
      });
      if (!result.sent) throw new Error(result.authError.message);
      const line = toCurl(result.exchange, { redactor: client.redactor, maxTimeSeconds: 10 });
      await run('bash', ['-c', `${line} -o /dev/null`], {
        env: { PATH: process.env.PATH ?? '', KEYS_API_TOKEN: TOKEN, KEYS_API_USER_ACTION: USER_ACTION },
      });
      const [original, repeated] = server.requests;
      expect([
        repeated?.method,
        repeated?.url,
        repeated?.body,
        repeated?.headers.authorization,
        repeated?.headers['x-dfns-useraction'],
      ]).toEqual([original?.method, original?.url, original?.body, `Bearer ${TOKEN}`, USER_ACTION]);
    },
  );
});
