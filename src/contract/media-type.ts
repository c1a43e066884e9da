/** The media type of a Content-Type value, lower-cased, without parameters (`application/json; charset=utf-8` -> `application/json`). */
export function mediaTypeOf(contentType: string): string {
  return contentType.split(';', 1)[0]!.trim().toLowerCase();
}

/** Whether a media type carries JSON: `application/json` or any `+json` structured suffix. */
export function isJsonMediaType(mediaType: string): boolean {
  const type = mediaTypeOf(mediaType);
  return type === 'application/json' || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(type);
}

/** The value of a header by case-insensitive name, or undefined. */
export function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
