import { fireEvent, render, screen } from '@testing-library/react';
import { expect, test, vi } from 'vitest';
import UploadList from './UploadList.jsx';

test('each upload shows its progress; a running one can be cancelled, finished ones cleared', () => {
  const onCancel = vi.fn();
  const onClear = vi.fn();
  const uploads = [
    { id: 1, path: 'data/big.csv', loaded: 512 * 1024, total: 2 * 1024 * 1024, state: 'uploading' },
    { id: 2, path: 'data/small.txt', loaded: 10, total: 10, state: 'done' },
  ];
  const { rerender } = render(<UploadList uploads={uploads} onCancel={onCancel} onClear={onClear} />);
  expect(screen.getByText(/data\/big.csv — 512.0 KB of 2.0 MB/)).toBeTruthy();
  expect(screen.getByRole('progressbar', { name: 'Upload of data/big.csv' }).getAttribute('aria-valuenow')).toBe('25');
  fireEvent.click(screen.getByRole('button', { name: 'Cancel upload of data/big.csv' }));
  expect(onCancel).toHaveBeenCalledWith(1);
  expect(screen.queryByRole('button', { name: 'Cancel upload of data/small.txt' })).toBeNull();
  expect(screen.queryByText('Clear')).toBeNull();

  rerender(<UploadList uploads={[{ ...uploads[0], state: 'cancelled' }, uploads[1]]} onCancel={onCancel} onClear={onClear} />);
  fireEvent.click(screen.getByText('Clear'));
  expect(onClear).toHaveBeenCalled();
});
