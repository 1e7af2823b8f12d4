import { fireEvent, render, screen } from '@testing-library/react';
import { expect, test, vi } from 'vitest';
import PhaseButtons, { confirmationFor } from './PhaseButtons.jsx';

const phases = ['create', 'execute', 'clean'];

test('execute of an own twin starts at once; clean asks first, and cancel runs nothing', () => {
  const onRun = vi.fn();
  render(<PhaseButtons phases={phases} owner="alice" onRun={onRun} />);
  fireEvent.click(screen.getByRole('button', { name: 'Run execute' }));
  expect(onRun).toHaveBeenCalledWith('execute');
  fireEvent.click(screen.getByRole('button', { name: 'Run clean' }));
  expect(onRun).toHaveBeenCalledTimes(1);
  expect(screen.getByRole('dialog').textContent).toContain('removes what the twin made');
  fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
  expect(onRun).toHaveBeenCalledTimes(1);
  fireEvent.click(screen.getByRole('button', { name: 'Run clean' }));
  fireEvent.click(screen.getByText('Run clean', { selector: '.MuiDialog-root button' }));
  expect(onRun).toHaveBeenLastCalledWith('clean');
});

test('every phase of a common twin is confirmed; missing programs cannot be run', () => {
  expect(confirmationFor('execute', 'common')).toContain('common twin');
  expect(confirmationFor('execute', 'alice')).toBeNull();
  const onRun = vi.fn();
  render(<PhaseButtons phases={phases} owner="common" onRun={onRun} />);
  expect(screen.getByRole('button', { name: 'Run analyze' }).disabled).toBe(true);
  fireEvent.click(screen.getByRole('button', { name: 'Run execute' }));
  expect(onRun).not.toHaveBeenCalled();
  expect(screen.getByRole('dialog').textContent).toContain('every user shares');
});
