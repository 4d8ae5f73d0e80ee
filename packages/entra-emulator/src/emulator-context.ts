/** What every endpoint of a running emulator shares: its directory, keys, memory and settings. */
import type { Directory } from './directory.js';
import type { EmulatorState } from './emulator-state.js';
import type { SignInFormGuard } from './sign-in-form-guard.js';
import type { SigningKeys } from './signing-keys.js';
import type { TokenContext } from './tokens.js';

/** Lifetimes in seconds. */
export interface TokenLifetimes {
  readonly accessToken: number;
  readonly idToken: number;
  readonly refreshToken: number;
  readonly authorizationCode: number;
}

export interface EmulatorContext {
  /** `https://localhost:<port>`: the scheme, host and port of every authority and issuer. */
  readonly origin: string;
  readonly directory: Directory;
  readonly lifetimes: TokenLifetimes;
  readonly keys: SigningKeys;
  readonly state: EmulatorState;
  /** Origins allowed to call the token endpoint from a browser: the SPAs' redirect URI origins. */
  readonly corsOrigins: ReadonlySet<string>;
  /** Refuses form posts that do not come from the emulator's own pages. */
  readonly formGuard: SignInFormGuard;
}

/** What signing a token needs now. */
export function tokenContext(emulator: EmulatorContext): TokenContext {
  return { origin: emulator.origin, keys: emulator.keys, now: emulator.state.seconds() };
}
