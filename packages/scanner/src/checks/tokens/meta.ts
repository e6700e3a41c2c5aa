import type { CheckInfo } from '../check-info.js'
import { ENABLE, SESSION_PCI, SOC2_ACCESS } from '../needs.js'

// What each tokens check proves, cites and needs, and the fix it leads with; the probes beside this file run them.
export const TOKEN_CHECKS: CheckInfo[] = [
  {
    id: 'SG-TOKEN-ENTROPY',
    title: 'Session ids carry too little entropy',
    passed: 'session ids carry enough entropy',
    category: 'tokens',
    severity: 'high',
    description:
      'The effective entropy of issued session ids is too small to resist guessing: under 64 bits is reported at ' +
      'the default severity, under 128 bits (the ASVS minimum) as a lower finding. The scanner collects a sample ' +
      'of fresh ids and estimates effective bits per character position with a statistical battery.',
    references: {
      cwe: ['CWE-331', 'CWE-330'],
      owaspTop10: ['A02:2021', 'A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.3', 'V11.5.1'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'tokens',
    enableWith: ENABLE.tokens,
    fix: {
      topic: 'tokens',
      lead: 'Make session ids long random values: at least 128 bits from a CSPRNG.',
    },
  },
  {
    id: 'SG-TOKEN-PREDICT',
    title: 'Session ids are predictable',
    passed: 'no structure found in session ids',
    category: 'tokens',
    severity: 'critical',
    description:
      'Issued ids follow a structure an attacker can extrapolate: a counter, a timestamp, a hash of a counter or ' +
      'time, or a time-based UUID (version 1). The scanner samples ids and runs structure detectors on them, not ' +
      'only statistics, and reports the structure it found.',
    references: {
      cwe: ['CWE-330', 'CWE-340'],
      owaspTop10: ['A02:2021', 'A07:2021'],
      owaspApi: ['API2:2023'],
      asvs: ['V7.2.3', 'V11.5.1'],
      pciDss: SESSION_PCI,
      soc2: SOC2_ACCESS,
    },
    requires: 'tokens',
    enableWith: ENABLE.tokens,
    fix: {
      topic: 'tokens',
      lead: 'Replace the structured id generator (counter, clock, hash of either, UUIDv1) with a CSPRNG.',
    },
  },
]
