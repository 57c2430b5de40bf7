import type { ValidationError } from '@nestjs/common';
import { toFieldErrors } from './validation';

describe('toFieldErrors', () => {
  it('flattens nested errors into dotted field paths', () => {
    const errors: ValidationError[] = [
      { property: 'name', constraints: { isString: 'name must be a string' }, children: [] },
      {
        property: 'rules',
        children: [
          {
            property: '0',
            children: [
              {
                property: 'pointsPerUnit',
                constraints: { isPositive: 'pointsPerUnit must be positive' },
                children: [],
              },
            ],
          },
        ],
      },
      {
        property: 'extra',
        constraints: { whitelistValidation: 'property extra should not exist' },
        children: [],
      },
    ];
    expect(toFieldErrors(errors)).toEqual([
      { field: 'name', messages: ['name must be a string'] },
      { field: 'rules.0.pointsPerUnit', messages: ['pointsPerUnit must be positive'] },
      { field: 'extra', messages: ['extra should not exist'] },
    ]);
  });
});
