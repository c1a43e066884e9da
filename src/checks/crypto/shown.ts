/** A response value for a one-line message: its JSON, or `absent` (JSON.stringify(undefined) is undefined). */
export function shown(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}
