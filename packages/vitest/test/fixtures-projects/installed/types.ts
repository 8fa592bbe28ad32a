// Every public entry point, so that the user's strict `tsc` checks all of our declarations.
import * as core from '@interleave/core';
import * as detectors from '@interleave/race-detector';
import * as explorer from '@interleave/explorer';
import * as fastCheck from '@interleave/explorer/fast-check';
import * as vitestFace from '@interleave/vitest';

export const entries = [core, detectors, explorer, fastCheck, vitestFace];
