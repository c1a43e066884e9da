import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { withRotateKey } from '../helpers/rotate-key.ts';
import { ROOT, runCli, type CliResult } from './run-cli.ts';

/**
 * What a spec maintainer meets on bumping the contract: openapi.yaml with the next version's breaking
 * changes (a CreateKey name may be 64 characters, no longer 100; an optional `CreateKey.externalId` is new;
 * a new operation RotateKey, `POST /keys/{keyId}/rotate`), run against the reference, which still
 * implements the old one. Each change is a finding against the old server, and nothing the suite
 * generates for the new contract breaks the new contract itself.
 */

interface Schema {
  properties: Record<string, Record<string, unknown>>;
}

const dir = mkdtempSync(join(tmpdir(), 'kc-contract-bump-'));
const spec = join(dir, 'openapi-next.yaml');
let result: CliResult;

beforeAll(async () => {
  const document = parse(readFileSync(join(ROOT, 'openapi.yaml'), 'utf8')) as {
    info: { version: string };
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, Schema> };
  };
  withRotateKey(document);
  document.info.version = '1.808.0';
  const body = document.components.schemas.CreateKeyBody!;
  body.properties.name!.maxLength = 64;
  body.properties.externalId = { type: 'string', minLength: 1, maxLength: 64 };
  writeFileSync(spec, stringify(document));
  result = await runCli(
    ['run', '--spec', spec, '--suite', 'fuzz/bodies,negative/bodies,auth', '--seed', '1'],
    {
      timeoutMs: 240_000,
    },
  );
}, 250_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('run --spec with a contract that tightens CreateKey.name, adds CreateKey.externalId and RotateKey', () => {
  it('ends nonconformant, with no test aborted by a value or an operation the suite was not written for', () => {
    const checks = (result.report?.findings ?? []).map((f) => f.checkId);
    expect({ code: result.code, aborted: checks.filter((c) => c === 'test_aborted') }).toEqual({
      code: 1,
      aborted: [],
    });
  });

  it('CreateKey: the old server accepting a 65-character name is a finding on the new maxLength', () => {
    const rules = (result.report?.findings ?? [])
      .filter((f) => f.checkId === 'negative_data_rejected')
      .map((f) => f.pointer);
    expect(rules).toContain('#/components/schemas/CreateKeyBody/properties/name/maxLength');
  });

  it('CreateKey: the run names externalId as a property the suite was not written for', () => {
    expect({
      stderr: result.stderr.includes('not written for: CreateKey.externalId.'),
      report: result.report?.run.untaughtProperties,
    }).toEqual({
      stderr: true,
      report: [{ operationId: 'CreateKey', property: 'externalId', required: false }],
    });
  });

  it('CreateKey: the old server refusing externalId is a finding that names the property', () => {
    const refused = (result.report?.findings ?? []).filter(
      (f) => f.checkId === 'positive_data_accepted' && f.operationId === 'CreateKey',
    );
    expect(refused.map((f) => f.message)).toEqual([expect.stringMatching(/externalId.*externalId/)]);
  });
});

describe('run --spec with a contract that adds an operation, RotateKey', () => {
  const onRotateKey = (checkId: string) =>
    (result.report?.findings ?? []).filter((f) => f.operationId === 'RotateKey' && f.checkId === checkId);

  it('RotateKey: the run names it as an operation the suite was not written for', () => {
    expect({
      stderr: result.stderr.includes('operations this suite was not written for: RotateKey.'),
      report: result.report?.run.untaughtOperations,
    }).toEqual({ stderr: true, report: ['RotateKey'] });
  });

  it('RotateKey: the old server answering 404 on a key that exists is a finding', () => {
    expect(onRotateKey('positive_data_accepted').map((f) => f.message)).toEqual([
      expect.stringMatching(/^answered 404 .*, though its path names only resources that exist$/),
    ]);
  });

  it('RotateKey: the old server not asking for a user action is a finding', () => {
    expect(onRotateKey('user_action_required')).toHaveLength(1);
  });

  it('RotateKey: its bearer and invalid-body tests run and pass on the old server', () => {
    const rotate = (result.report?.tests ?? []).filter((t) => t.name.startsWith('RotateKey: '));
    expect(
      rotate
        .filter((t) => /bearer token|breaks the contract|invalid bodies/.test(t.name))
        .map((t) => t.state),
    ).toEqual(['passed', 'passed', 'passed', 'passed']);
  });
});
