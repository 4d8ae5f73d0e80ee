import { describe, expect, it } from 'vitest';
import { ProblemException } from '../errors/problem.js';
import { parseCreateTask, parseTaskId, parseUpdateTask } from './task-input.js';

function fieldErrors(parse: () => unknown): Array<{ field: string; message: string }> {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).status).toBe(400);
    return (
      ((error as ProblemException).body.errors as Array<{ field: string; message: string }>) ?? []
    );
  }
  throw new Error('expected a 400 problem');
}

describe('parseCreateTask', () => {
  it('trims the title', () => {
    expect(parseCreateTask({ title: '\t Buy milk  ' })).toEqual({ title: 'Buy milk' });
  });

  it('counts characters, not UTF-16 units, against the 200 limit', () => {
    expect(parseCreateTask({ title: '👍'.repeat(200) }).title).toHaveLength(400);
    expect(fieldErrors(() => parseCreateTask({ title: '👍'.repeat(201) }))[0]?.message).toMatch(
      /at most 200/,
    );
  });

  it('rejects unknown fields instead of merging them', () => {
    expect(
      fieldErrors(() => parseCreateTask({ title: 'x', id: 'mine', ownerId: 'someone' })),
    ).toEqual([
      { field: 'id', message: expect.stringMatching(/not a field/) as string },
      { field: 'ownerId', message: expect.stringMatching(/not a field/) as string },
    ]);
  });

  it('rejects control characters, which PostgreSQL or a one-line title cannot hold', () => {
    expect(fieldErrors(() => parseCreateTask({ title: 'a\u0000' }))[0]?.field).toBe('title');
  });
});

describe('parseUpdateTask', () => {
  it('takes title, done, or both', () => {
    expect(parseUpdateTask({ done: false })).toEqual({ done: false });
    expect(parseUpdateTask({ title: ' New ' })).toEqual({ title: 'New' });
  });

  it('needs at least one change', () => {
    expect(fieldErrors(() => parseUpdateTask({}))[0]?.message).toMatch(/at least one/);
  });
});

describe('parseTaskId', () => {
  it('accepts UUIDs (lower-cased) and refuses anything else before the database', () => {
    expect(parseTaskId('0190A6E4-7B1C-7D2E-8F3A-4B5C6D7E8F90')).toBe(
      '0190a6e4-7b1c-7d2e-8f3a-4b5c6d7e8f90',
    );
    expect(fieldErrors(() => parseTaskId('../etc/passwd'))[0]?.field).toBe('id');
  });
});
