/**
 * A holder for secret material (shares, polynomials, recovered keys) that cannot leak by accident: logging
 * it, JSON-serialising it or printing it in a failed assertion shows `[redacted]`. Reading the value takes
 * an explicit `reveal()`, which is easy to find in review.
 */
export interface Redacted<T> {
  reveal(): T;
  toJSON(): string;
  toString(): string;
}

const REDACTED = '[redacted]';

export function redact<T>(value: T): Redacted<T> {
  return Object.freeze({
    reveal: () => value,
    toJSON: () => REDACTED,
    toString: () => REDACTED,
    [Symbol.for('nodejs.util.inspect.custom')]: () => REDACTED,
  });
}
