import { badRequest, quote } from '../errors.ts';
import type { KeyAssertion } from '../auth/user-actions.ts';
import { fields, ok, type Handler } from './handler.ts';

/** ListSigners (keys-api.md §4.15) and the two user-action calls (§5.1). */

export const listSigners: Handler = ({ state }) =>
  ok({
    clusters: [
      {
        clusterId: state.cluster.clusterId,
        signers: state.cluster.signers.map((s) => ({ signerId: s.signerId, encryptionKey: s.encryptionKey })),
      },
    ],
  });

export const createUserActionChallenge: Handler = ({ state, body }) => {
  const b = fields(body);
  const { challenge, challengeIdentifier } = state.userActions.issueChallenge({
    method: b.userActionHttpMethod as string,
    path: b.userActionHttpPath as string,
    payload: b.userActionPayload as string,
  });
  return ok({
    challenge,
    challengeIdentifier,
    supportedCredentialKinds: [{ kind: 'Key', factor: 'first', requiresSecondFactor: false }],
    userVerification: 'discouraged',
    attestation: 'none',
    allowCredentials: { key: [{ type: 'public-key', id: state.identity.credential.id }], webauthn: [] },
    externalAuthenticationUrl: '',
  });
};

export const createUserActionSignature: Handler = async ({ state, body }) => {
  const b = fields(body);
  const firstFactor = fields(b.firstFactor);
  if (firstFactor.kind !== 'Key') {
    throw badRequest(
      `firstFactor.kind ${quote(firstFactor.kind)} is not supported by this target; it accepts Key credentials only`,
    );
  }
  const assertion = fields(firstFactor.credentialAssertion) as unknown as KeyAssertion;
  return ok({
    userAction: await state.userActions.answerChallenge(b.challengeIdentifier as string, assertion),
  });
};
