import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { runCli } from '../meta/run-cli.ts';

/** A finding file a user edited, or one from elsewhere: replay names what is wrong with it, in one line. */
describe('keys-conformance replay FILE', () => {
  it('CreateKey: says a finding nested thousands deep is too deep to read, not that the stack overflowed', async () => {
    const depth = 100_000;
    const body = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const file = join(scratchDir('kc-replay-input-'), 'deep.json');
    writeFileSync(
      file,
      `{"checkId":"positive_data_accepted","message":"m","operationId":"CreateKey","replay":{"seed":1,"path":"0","input":{"kind":"request","operationId":"CreateKey","expect":"accepted","description":"d","body":${body}}}}`,
    );

    const result = await runCli(['replay', file]);

    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `keys-conformance replay: ${file}: the finding is nested too deeply to read`,
    );
  });
});
