import type { ContractOperation } from '../validation/openapi-operations.ts';

/**
 * Matches a request path to an operation of openapi.yaml. Literal segments win over templates (POST
 * /keys/import is ImportKey, not an operation on a key called "import"); a path that matches no template is
 * unknown (404) and a method a matching path does not offer is also 404, since the contract documents no 405.
 */
export interface RouteMatch {
  readonly operation: ContractOperation;
  /** Decoded path parameters. */
  readonly pathParams: Readonly<Record<string, string>>;
}

export type RouteResult =
  RouteMatch | { readonly problem: 'unknown-path' | 'method-not-offered' | 'bad-encoding' };

interface Template {
  readonly segments: readonly string[];
  /** Literal segments first: fewer parameters sort first. */
  readonly parameterCount: number;
  readonly byMethod: Map<string, ContractOperation>;
}

export interface Router {
  match(method: string, path: string): RouteResult;
}

export function createRouter(operations: Iterable<ContractOperation>): Router {
  const templates = new Map<string, Template>();
  for (const op of operations) {
    let template = templates.get(op.path);
    if (template === undefined) {
      const segments = op.path.split('/').slice(1);
      template = {
        segments,
        parameterCount: segments.filter(isParameter).length,
        byMethod: new Map(),
      };
      templates.set(op.path, template);
    }
    template.byMethod.set(op.method, op);
  }
  const ordered = [...templates.values()].sort((a, b) => a.parameterCount - b.parameterCount);

  return {
    match(method, path) {
      const raw = path.split('/').slice(1);
      let pathMatched = false;
      for (const template of ordered) {
        const params = matchSegments(template.segments, raw);
        if (params === undefined) continue;
        if (params === 'bad-encoding') return { problem: 'bad-encoding' };
        pathMatched = true;
        // RFC 9110 §9.3.2: HEAD is GET without the content (node:http leaves the body out).
        const operation =
          template.byMethod.get(method) ?? (method === 'HEAD' ? template.byMethod.get('GET') : undefined);
        if (operation !== undefined) return { operation, pathParams: params };
      }
      return { problem: pathMatched ? 'method-not-offered' : 'unknown-path' };
    },
  };
}

function isParameter(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function matchSegments(
  template: readonly string[],
  raw: readonly string[],
): Record<string, string> | 'bad-encoding' | undefined {
  if (template.length !== raw.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const expected = template[i]!;
    const actual = raw[i]!;
    if (isParameter(expected)) {
      if (actual === '') return undefined;
      try {
        params[expected.slice(1, -1)] = decodeURIComponent(actual);
      } catch {
        return 'bad-encoding';
      }
    } else if (expected !== actual) return undefined;
  }
  return params;
}
