import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { QuantityStepper } from './quantity-stepper';

function Harness({ start = 1 }: { start?: number }) {
  const [value, setValue] = useState(start);
  return <QuantityStepper label="How many" value={value} onChange={setValue} min={1} max={5} />;
}

describe('QuantityStepper', () => {
  it('steps within its bounds and disables the end it reached', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByLabelText('How many');
    const decrease = screen.getByRole('button', { name: 'Decrease how many' });
    const increase = screen.getByRole('button', { name: 'Increase how many' });
    expect(decrease).toBeDisabled();

    for (let i = 0; i < 6; i++) await user.click(increase);
    expect(input).toHaveValue(5);
    expect(increase).toBeDisabled();

    await user.click(decrease);
    expect(input).toHaveValue(4);
  });

  it('takes typed numbers and shows the clamped, whole value once the input is left', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByLabelText('How many');
    await user.clear(input);
    await user.type(input, '9');
    await user.tab();
    expect(input).toHaveValue(5);
    await user.clear(input);
    await user.type(input, '2.6');
    await user.tab();
    expect(input).toHaveValue(3);
  });
});
