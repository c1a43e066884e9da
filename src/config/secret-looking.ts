/**
 * Values that look like secrets. A token or key pasted into the wrong setting (a JWT in KEYS_API_URL, a
 * PEM where a path belongs) must not be echoed back by the error that says the setting is wrong: the
 * error ends up in CI logs. The test is a heuristic; it only decides how a value is shown, never whether
 * it is accepted.
 */

const JWT = /eyJ[\w-]{2,}\.[\w-]+\.[\w-]*/;

/** Runs of letters and digits this long are judged by how random they look. */
const MIN_RANDOM_RUN = 20;

function characterClass(char: string): number {
  if (char >= '0' && char <= '9') return 0;
  return char >= 'a' && char <= 'z' ? 1 : 2;
}

/**
 * Whether a run of letters and digits looks random: in random base64 or hex about half of adjacent
 * characters change class (digit, lower, upper), in words, camelCase and numbers few do. The bar sits
 * well below half so that a random 64-digit hex key is caught all but never by chance.
 */
function looksRandom(run: string): boolean {
  let changes = 0;
  for (let index = 1; index < run.length; index += 1) {
    if (characterClass(run[index - 1] ?? '') !== characterClass(run[index] ?? '')) changes += 1;
  }
  return changes / (run.length - 1) >= 0.25;
}

/** Why `value` looks like a secret (`looks like a JWT`), or undefined when it does not. */
export function secretLook(value: string): string | undefined {
  if (value.includes('-----BEGIN') || value.includes('PRIVATE KEY-----')) return 'looks like a PEM key';
  if (JWT.test(value)) return 'looks like a JWT';
  const runs = value.split(/[^A-Za-z0-9]+/);
  if (runs.some((run) => run.length >= MIN_RANDOM_RUN && looksRandom(run))) return 'looks like a secret';
  return undefined;
}

/**
 * A value as an error message quotes it: JSON-quoted, or, when it looks like a secret, its first 4
 * characters and its length with the reason it is hidden: `"eyJh…" (187 characters, hidden: looks like a JWT)`.
 */
export function quoteValue(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  const look = secretLook(value);
  if (look !== undefined) {
    return `${JSON.stringify(`${value.slice(0, 4)}…`)} (${value.length} characters, hidden: ${look})`;
  }
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}

/**
 * A URL as an error may show it: user:password and the values of its query and fragment replaced by
 * `…` (`http://…@host/?token=…`). A query is where a link copied from a browser carries its token.
 */
export function urlLabel(value: string): string {
  const query = value.search(/[?#]/);
  const base = query < 0 ? value : value.slice(0, query);
  const shownBase = base.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, '$1…@');
  if (query < 0) return shownBase;
  const hash = value.indexOf('#', query);
  const search = value.slice(query, hash < 0 ? undefined : hash);
  const params = search
    .slice(1)
    .split('&')
    .map((param) => (param.includes('=') ? `${param.slice(0, param.indexOf('='))}=…` : '…'));
  const shownSearch = search === '' ? '' : `?${params.join('&')}`;
  return `${shownBase}${shownSearch}${hash < 0 ? '' : '#…'}`;
}
