/**
 * Bad configuration: a one-line message naming the setting, where it came from and what is
 * expected, e.g. `KEYS_API_URL: "ftp://x" is not an http(s) URL`. Never carries a secret value.
 * The CLI prints the message alone and exits 2.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The setting's key (e.g. `timeouts.requestMs`) when the error is about one. */
  readonly setting: string | undefined;

  constructor(message: string, setting?: string) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.setting = setting;
  }
}
