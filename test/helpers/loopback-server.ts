import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny HTTP server on 127.0.0.1 for the client's own tests: it records every request exactly as
 * it arrived (method, path with query, headers, body bytes as UTF-8) and answers with a handler.
 */

export interface CapturedRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly bodyBytes: Buffer;
}

export type Handler = (request: CapturedRequest, response: ServerResponse) => void;

export interface LoopbackServer {
  readonly url: string;
  readonly port: number;
  readonly requests: CapturedRequest[];
  close(): Promise<void>;
}

export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const requests: CapturedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const captured: CapturedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        bodyBytes: Buffer.concat(chunks),
      };
      requests.push(captured);
      handler(captured, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests (the never-answering server) would keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A port nothing listens on: bound, then released. */
export async function refusedPort(): Promise<number> {
  const server = await startLoopbackServer(() => undefined);
  await server.close();
  return server.port;
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

/** Answers a JSON body for the sub-calls of user-action signing, the way Dfns documents them. */
export interface FakeAuthOptions {
  /** Replaces the /auth/action/init answer, e.g. to make it fail. */
  readonly init?: (request: CapturedRequest, response: ServerResponse) => void;
  /** Replaces the /auth/action answer. */
  readonly sign?: (request: CapturedRequest, response: ServerResponse) => void;
  /** Answers every other request; default: 200 `{ "ok": true }`. */
  readonly other?: Handler;
}

export interface FakeAuthTarget extends LoopbackServer {
  /** The user-action tokens issued, in order. */
  readonly issuedTokens: string[];
  readonly issuedChallenges: string[];
  readonly issuedChallengeIdentifiers: string[];
}

export async function startFakeAuthTarget(options: FakeAuthOptions = {}): Promise<FakeAuthTarget> {
  const issuedTokens: string[] = [];
  const issuedChallenges: string[] = [];
  const issuedChallengeIdentifiers: string[] = [];
  const server = await startLoopbackServer((request, response) => {
    const path = request.url.split('?')[0];
    if (request.method === 'POST' && path === '/auth/action/init') {
      if (options.init !== undefined) {
        options.init(request, response);
        return;
      }
      const challenge = randomBytes(32).toString('base64url');
      const challengeIdentifier = `eyJ.challenge-identifier.${randomBytes(8).toString('hex')}`;
      issuedChallenges.push(challenge);
      issuedChallengeIdentifiers.push(challengeIdentifier);
      sendJson(response, 200, {
        challenge,
        challengeIdentifier,
        supportedCredentialKinds: [{ kind: 'Key', factor: 'first', requiresSecondFactor: false }],
        userVerification: 'required',
        attestation: 'none',
        allowCredentials: { key: [{ type: 'public-key', id: 'cr-test' }], webauthn: [] },
        externalAuthenticationUrl: '',
      });
      return;
    }
    if (request.method === 'POST' && path === '/auth/action') {
      if (options.sign !== undefined) {
        options.sign(request, response);
        return;
      }
      const userAction = `ua-${randomBytes(16).toString('hex')}`;
      issuedTokens.push(userAction);
      sendJson(response, 200, { userAction });
      return;
    }
    if (options.other !== undefined) {
      options.other(request, response);
      return;
    }
    sendJson(response, 200, { ok: true });
  });
  return { ...server, issuedTokens, issuedChallenges, issuedChallengeIdentifiers };
}
