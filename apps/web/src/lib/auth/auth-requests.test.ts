import { describe, expect, it } from 'vitest';
import { carriesAuthResponse } from './auth-requests';

describe('carriesAuthResponse', () => {
  it('recognises the identity provider’s answer in the fragment, granted or refused', () => {
    expect(carriesAuthResponse('#code=0.abc&client_info=e30&state=xyz')).toBe(true);
    expect(carriesAuthResponse('#error=access_denied&error_description=no&state=xyz')).toBe(true);
  });

  it('ignores a page’s own fragments and a bare state', () => {
    expect(carriesAuthResponse('')).toBe(false);
    expect(carriesAuthResponse('#main')).toBe(false);
    expect(carriesAuthResponse('#state=xyz')).toBe(false);
    expect(carriesAuthResponse('#code=abc')).toBe(false);
  });
});
