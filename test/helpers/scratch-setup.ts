import { afterAll } from 'vitest';
import { removeScratchDirs } from './scratch-dirs.ts';

// Every test file of both projects: its scratch folders go once its tests have read them.
afterAll(removeScratchDirs);
