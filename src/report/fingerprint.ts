import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical-json.ts';
import type { Finding } from './finding.ts';

/**
 * A finding's identity across runs: the check, the operation, the contract rule, the subject (e.g. the
 * scheme/curve a crypto check ran on) and, for generated inputs, the shrunk input. Nothing that changes
 * from run to run (ids, timestamps, messages with values) goes in, so the same fault found twice — in
 * two tests or two runs — is one finding.
 */
export function fingerprint(finding: Finding): string {
  const identity = {
    checkId: finding.checkId,
    operationId: finding.operationId ?? null,
    pointer: finding.pointer ?? null,
    subject: finding.subject ?? null,
    input: finding.replay === undefined ? null : finding.replay.input,
  };
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(identity)))).slice(0, 16);
}
