import type { Operation, OperationMatch } from './types.ts';

interface CompiledRoute {
  readonly operation: Operation;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  /** Literal characters in the template: the more, the more specific (`/keys/import` beats `/keys/{keyId}`). */
  readonly specificity: number;
}

const PARAMETER = /\{([^{}/]+)\}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileRoute(operation: Operation): CompiledRoute {
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const found of operation.pathTemplate.matchAll(PARAMETER)) {
    source += escapeRegExp(operation.pathTemplate.slice(last, found.index));
    source += '([^/]+)';
    names.push(found[1]!);
    last = found.index + found[0].length;
  }
  source += escapeRegExp(operation.pathTemplate.slice(last));
  const specificity = operation.pathTemplate.replace(PARAMETER, '').length;
  return { operation, pattern: new RegExp(`^${source}$`), names, specificity };
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    // A malformed escape is still a value the server received; keep it as sent.
    return raw;
  }
}

/**
 * A matcher from (method, percent-encoded path without query) to the operation it targets. Paths match
 * exactly (no trailing-slash or base-path leniency): a client that prefixes a base path strips it first.
 */
export function createPathMatcher(
  operations: readonly Operation[],
): (method: string, path: string) => OperationMatch | undefined {
  const routes = operations.map(compileRoute).sort((a, b) => b.specificity - a.specificity);
  return (method, path) => {
    const wanted = method.toUpperCase();
    for (const route of routes) {
      if (route.operation.method !== wanted) continue;
      const found = route.pattern.exec(path);
      if (found === null) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, index) => {
        pathParams[name] = decodeSegment(found[index + 1]!);
      });
      return { operation: route.operation, pathParams };
    }
    return undefined;
  };
}
