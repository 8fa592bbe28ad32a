/**
 * The one place this package takes core's plug-in types from.
 *
 * Invariant: every other file of race-detector imports core's types from here,
 * never from core directly, so that the dependency on core's surface is one list.
 */
export type {
  BlockEvent,
  BlockedGoroutine,
  Finding,
  FindingKind,
  Monitor,
  ObjectInfo,
  ObjectKind,
  OpKind,
  PendingOp,
  RunControl,
  RunEndEvent,
  RunInfo,
  SourceLocation,
  SpawnEvent,
  SyncMode,
  WaitReason,
} from '@interleave/core';
