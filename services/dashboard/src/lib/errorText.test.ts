import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { describeCredentialsError, describeError, describeErrorWithDetails, describeLoginError, formatWait } from './errorText';

const rateLimited = (seconds: number | null) => new ApiError(429, 'rate_limited', 'rate limit exceeded', [], seconds);

describe('formatWait', () => {
  it('says seconds under a minute, then whole minutes rounded up', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(0)).toBe('1 second');
    expect(formatWait(42)).toBe('42 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(61)).toBe('2 minutes');
  });
});

describe('describeError', () => {
  it('adds the Retry-After to a 429', () => {
    expect(describeError(rateLimited(5))).toBe('Too many requests. Try again in 5 seconds.');
    expect(describeError(rateLimited(null))).toBe('Too many requests. Try again shortly.');
  });
  it('says what to do about a reached store limit', () => {
    const err = new ApiError(403, 'store_limit_reached', 'store limit of 2 reached');
    expect(describeError(err)).toBe('Store limit of 2 reached. If you need more stores, ask an admin to raise your limit.');
  });
  it('passes other messages through', () => {
    expect(describeError(new ApiError(500, 'internal', 'boom'))).toBe('boom');
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError('text')).toBe('text');
  });
});

describe('describeLoginError', () => {
  it('tells a refused token and a rate limit apart', () => {
    expect(describeLoginError(new ApiError(401, 'unauthorized', 'invalid token'))).toMatch(/not accepted/);
    expect(describeLoginError(rateLimited(30))).toBe('Too many login attempts. Try again in 30 seconds.');
    expect(describeLoginError(new ApiError(0, 'network', 'The API is unreachable'))).toBe('The API is unreachable');
  });
});

describe('describeCredentialsError', () => {
  it('explains not ready, provisioner down and not found', () => {
    expect(describeCredentialsError(new ApiError(409, 'not_ready', 'x'))).toMatch(/no admin login yet/);
    expect(describeCredentialsError(new ApiError(503, 'unavailable', 'x', [], 3))).toMatch(/provisioner cannot be reached.*3 seconds/);
    expect(describeCredentialsError(new ApiError(503, 'unavailable', 'x'))).toMatch(/Try again shortly/);
    expect(describeCredentialsError(new ApiError(404, 'not_found', 'x'))).toMatch(/no such store/);
    expect(describeCredentialsError(rateLimited(2))).toMatch(/Try again in 2 seconds/);
  });
});

describe('describeErrorWithDetails', () => {
  it("adds the API's field details to its message (a refused downgrade says why)", () => {
    const refused = new ApiError(422, 'validation_failed', 'invalid store change', [
      { field: 'version', message: "cannot move from 9.8.5 down to 9.7.1: 9.8.5's data format (2) is newer than 9.7.1 can read (1)" },
    ]);
    expect(describeErrorWithDetails(refused)).toBe(
      "Invalid store change. Version: cannot move from 9.8.5 down to 9.7.1: 9.8.5's data format (2) is newer than 9.7.1 can read (1).",
    );
    expect(describeErrorWithDetails(new ApiError(409, 'conflict', 'the store is being deleted'))).toBe('the store is being deleted');
  });
});
