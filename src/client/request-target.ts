/**
 * Where a request goes. The path signed in a user action is the path as sent, without the query
 * (keys-api.md §5.3, the TS SDK signs `URL.pathname`), so it is computed once here and reused.
 */

export type PathParamValue = string | number;
export type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | readonly QueryScalar[] | undefined;

export interface RequestTarget {
  /** The contract path with parameters filled in, without the base URL's path prefix and query. */
  readonly apiPath: string;
  /** The path as sent: base prefix + apiPath, percent-encoded, without the query. */
  readonly path: string;
  /** `path` plus the query string, as given to the HTTP client. */
  readonly pathWithQuery: string;
  /** The full URL as sent. */
  readonly url: string;
}

/** Fills `{name}` placeholders with encodeURIComponent(value). Throws on a missing or unused parameter,
 * which is a bug in the calling test, not a finding. */
export function expandPathTemplate(
  template: string,
  params: Readonly<Record<string, PathParamValue>> = {},
): string {
  const used = new Set<string>();
  const path = template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`path ${template}: pathParams.${name} is missing`);
    used.add(name);
    return encodeURIComponent(String(value));
  });
  for (const name of Object.keys(params)) {
    if (!used.has(name))
      throw new TypeError(`path ${template}: pathParams.${name} is not a placeholder in it`);
  }
  return path;
}

/** `a=1&b=x&b=y`: undefined values dropped, arrays repeated, names and values encodeURIComponent-ed. */
export function encodeQuery(query: Readonly<Record<string, QueryValue>> = {}): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values: readonly QueryScalar[] = Array.isArray(value) ? value : [value as QueryScalar];
    for (const item of values) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
  }
  return pairs.join('&');
}

/** The base URL's path without a trailing slash ('' for the root), prefixed to every request path. */
export function basePathOf(baseUrl: URL): string {
  return baseUrl.pathname.replace(/\/+$/, '');
}

export function resolveRequestTarget(
  baseUrl: URL,
  pathOrTemplate: string,
  pathParams?: Readonly<Record<string, PathParamValue>>,
  query?: Readonly<Record<string, QueryValue>>,
): RequestTarget {
  if (!pathOrTemplate.startsWith('/')) {
    throw new TypeError(`request path "${pathOrTemplate}" must start with "/"`);
  }
  const expanded = expandPathTemplate(pathOrTemplate, pathParams);
  // A literal path may carry its own query (negative tests); the signed path never includes it.
  const queryStart = expanded.indexOf('?');
  const apiPath = queryStart < 0 ? expanded : expanded.slice(0, queryStart);
  const literalQuery = queryStart < 0 ? '' : expanded.slice(queryStart + 1);
  const queryString = [literalQuery, encodeQuery(query)].filter((part) => part !== '').join('&');
  const path = `${basePathOf(baseUrl)}${apiPath}`;
  const pathWithQuery = queryString === '' && queryStart < 0 ? path : `${path}?${queryString}`;
  return { apiPath, path, pathWithQuery, url: `${baseUrl.origin}${pathWithQuery}` };
}
