/**
 * Reading `WWW-Authenticate` the way RFC 9110 §11.6.1 writes it, because a claims
 * challenge must be read exactly: one header may hold several challenges (`Bearer …,
 * PoP …`), parameters are separated by commas that may also appear inside quoted
 * strings, quoted strings carry backslash escapes, names are case-insensitive, and a
 * base64 value may come with or without its `=` padding. msal-browser has no parser for
 * it, and splitting on commas (as many samples do) breaks on any of those.
 */

export interface Challenge {
  /** The auth scheme, as sent (compare case-insensitively). */
  readonly scheme: string;
  /** The auth-params, names in lower case (RFC 9110: names are case-insensitive). */
  readonly params: Readonly<Record<string, string>>;
  /** A token68 instead of parameters (`Basic dXNlcjpwYXNz`), if any. */
  readonly token68?: string;
}

// RFC 9110 tchar: the characters of a token.
const tchar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
// RFC 9110 token68.
const token68Pattern = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Every challenge of a `WWW-Authenticate` value; never throws (malformed parts are dropped). */
export function parseWwwAuthenticate(header: string | null | undefined): Challenge[] {
  if (!header) return [];
  const reader = new Reader(header);
  const challenges: Challenge[] = [];
  while (!reader.done()) {
    reader.skipSeparators();
    const scheme = reader.token();
    if (scheme === '') {
      // Not a challenge: skip to the next comma and try again.
      reader.skipPast(',');
      continue;
    }
    const params: Record<string, string> = {};
    let token68: string | undefined;
    reader.skipSpaces();
    // A token68 (no `=` after a token, or only `=` padding), or a list of auth-params.
    const candidate = reader.peekToken68();
    if (candidate !== undefined) {
      token68 = candidate;
      reader.advance(candidate.length);
    } else {
      while (!reader.done()) {
        const mark = reader.position();
        reader.skipSeparators();
        const name = reader.token();
        reader.skipSpaces();
        if (name === '' || !reader.consume('=')) {
          // The next challenge's scheme (or junk): leave it for the outer loop.
          reader.rewind(mark);
          break;
        }
        reader.skipSpaces();
        const value = reader.peek() === '"' ? reader.quotedString() : reader.token();
        const key = name.toLowerCase();
        // RFC 9110: each parameter name occurs once; keep the first if a sender repeats it.
        if (!(key in params)) params[key] = value;
        reader.skipSpaces();
        if (!reader.consume(',')) break;
      }
    }
    challenges.push(token68 === undefined ? { scheme, params } : { scheme, params, token68 });
    reader.skipSpaces();
    reader.consume(',');
  }
  return challenges;
}

/**
 * The claims a claims challenge asks for, as the JSON string MSAL's `claims` takes: from
 * the `Bearer` challenge whose `error` is `insufficient_claims`, its `claims` parameter
 * base64-decoded (standard or URL alphabet, padded or not). Undefined when the header is
 * no claims challenge, or its claims are not a JSON object (then there is nothing
 * sensible to ask the identity provider for).
 */
export function claimsFromChallenge(header: string | null | undefined): string | undefined {
  const challenge = parseWwwAuthenticate(header).find(
    ({ scheme, params }) =>
      scheme.toLowerCase() === 'bearer' && params.error === 'insufficient_claims',
  );
  const encoded = challenge?.params.claims;
  if (!encoded) return undefined;
  const json = decodeBase64(encoded);
  if (json === undefined) return undefined;
  try {
    const parsed = JSON.parse(json) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? json
      : undefined;
  } catch {
    return undefined;
  }
}

/** UTF-8 text of a base64 or base64url value, with or without padding. */
export function decodeBase64(value: string): string | undefined {
  const standard = value.trim().replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(standard) || standard.length % 4 === 1) return undefined;
  const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }
  position(): number {
    return this.at;
  }
  rewind(to: number): void {
    this.at = to;
  }
  advance(by: number): void {
    this.at += by;
  }
  peek(): string | undefined {
    return this.text[this.at];
  }
  consume(char: string): boolean {
    if (this.text[this.at] !== char) return false;
    this.at += 1;
    return true;
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.at += 1;
  }
  skipSeparators(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === ',') this.at += 1;
  }
  skipPast(char: string): void {
    const next = this.text.indexOf(char, this.at);
    this.at = next < 0 ? this.text.length : next + 1;
  }
  token(): string {
    const start = this.at;
    while (!this.done() && tchar.test(this.text[this.at]!)) this.at += 1;
    return this.text.slice(start, this.at);
  }
  /** A token68 here: the rest up to a comma or the end, when it has that form and no `=` follows a name. */
  peekToken68(): string | undefined {
    const rest = this.text.slice(this.at);
    const end = rest.search(/[\s,]/);
    const word = end < 0 ? rest : rest.slice(0, end);
    if (word === '' || !token68Pattern.test(word)) return undefined;
    // `name=value` is an auth-param, not a token68 ending in padding.
    if (/^[^=]+=[^=]/.test(rest) || /^[^=\s,]+\s*=\s*"/.test(rest)) return undefined;
    const after = rest.slice(word.length).trimStart();
    return after === '' || after.startsWith(',') ? word : undefined;
  }
  /** A quoted-string, unescaped; an unterminated one runs to the end. */
  quotedString(): string {
    this.at += 1; // the opening quote
    let value = '';
    while (!this.done()) {
      const char = this.text[this.at]!;
      this.at += 1;
      if (char === '"') return value;
      if (char === '\\' && !this.done()) {
        value += this.text[this.at]!;
        this.at += 1;
      } else {
        value += char;
      }
    }
    return value;
  }
}
