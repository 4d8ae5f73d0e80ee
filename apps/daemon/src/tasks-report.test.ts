import { describe, expect, it } from 'vitest';
import { openTasksReport } from './tasks-report.js';

describe('openTasksReport', () => {
  it('says there is nothing yet rather than printing an empty list', () => {
    expect(openTasksReport([])).toEqual(['No tasks yet: no user has added one.']);
  });
});
