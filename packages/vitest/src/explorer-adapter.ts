/**
 * The explorer as this package uses it: API.md's `explore` and `replay`, and the timeline page. Every
 * other file of the package goes through this one, so the seam stays one import.
 */
export { explore, recordTimeline, replay, timelineHtml } from '@interleave/explorer';
export type { ExploreOptions, ExploreResult, ReplayOptions, TimelineFailure } from '@interleave/explorer';
