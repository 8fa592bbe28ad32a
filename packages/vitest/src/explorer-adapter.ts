/**
 * The explorer as this package uses it: API.md's `explore` and `replay`. Every
 * other file of the package goes through this one, so the seam stays one import.
 */
export { explore, replay } from '@interleave/explorer';
export type { ExploreOptions, ExploreResult, ReplayOptions } from '@interleave/explorer';
