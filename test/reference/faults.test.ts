import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, type FaultId } from '../../reference/faults.ts';
import { FAULT_SCENARIOS } from './fault-scenarios.ts';
import { openSession, type Session } from './session.ts';

/**
 * Every catalogued fault changes what goes over the wire: the same scripted scenario, run against a clean
 * reference and against one with only that fault switched on, gives different observations.
 */
let clean: Session;
beforeAll(async () => {
  clean = await openSession();
});
afterAll(async () => {
  await clean.close();
});

describe('fault catalogue on the wire', () => {
  it.each(FAULTS.map((f) => [f.id, f.category] as const))(
    '%s (%s): the faulty reference answers differently',
    async (id: FaultId) => {
      const scenario = FAULT_SCENARIOS[id];
      const faulty = await openSession({ faults: [id] });
      try {
        const expected = await scenario(clean);
        const observed = await scenario(faulty);
        expect(observed).not.toEqual(expected);
      } finally {
        await faulty.close();
      }
    },
  );

  it('several faults combine', async () => {
    const faulty = await openSession({
      faults: ['ecdsa-high-s', 'key-missing-custodial', 'bearer-not-checked'],
    });
    try {
      expect(await FAULT_SCENARIOS['ecdsa-high-s'](faulty)).toBe(false);
      expect(await FAULT_SCENARIOS['key-missing-custodial'](faulty)).toBe(false);
      expect(await FAULT_SCENARIOS['bearer-not-checked'](faulty)).toBe(200);
    } finally {
      await faulty.close();
    }
  });
});
