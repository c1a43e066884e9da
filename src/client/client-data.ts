/**
 * The clientData a Key credential signs (keys-api.md §5.2): compact JSON, `type` then `challenge`,
 * then the optional fields some SDKs add (Python: origin + crossOrigin; Java: crossOrigin). Targets
 * verify the signature over these exact bytes; whether they require the extra fields is [I], so
 * they are options rather than a fixed choice.
 */
export interface ClientDataExtras {
  readonly origin?: string;
  readonly crossOrigin?: boolean;
}

export function buildClientData(challenge: string, extras: ClientDataExtras = {}): string {
  return JSON.stringify({
    type: 'key.get',
    challenge,
    ...(extras.origin === undefined ? {} : { origin: extras.origin }),
    ...(extras.crossOrigin === undefined ? {} : { crossOrigin: extras.crossOrigin }),
  });
}
