/** Client defaults, shared with configuration so both say the same thing. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** A bigger body ends as failure `too-large`: a hostile or broken target cannot exhaust memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_CONNECTIONS = 8;
