// Every component test starts from an empty document (Testing Library cleans up only with vitest globals on).
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());
