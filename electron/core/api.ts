/**
 * The one contract between the renderer and PyForge's services.
 *
 * Both transports (Electron IPC and the loopback WebSocket) carry exactly these methods and events. Every
 * method has a zod schema for its params (validated at the boundary by `dispatch.ts`) and one for its result
 * (the type the renderer relies on). The renderer imports types and constants from here, nothing else.
 */
import { z } from 'zod';

export * from './apiConstants.js';
import { Limits } from './apiConstants.js';

const id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._-]+$/, 'must contain only letters, digits, ".", "_" and "-"');
const relativePath = z.string().min(1).max(Limits.MAX_PATH_CHARS);
const terminalId = z.string().min(1).max(64);
const cols = z.number().int().min(2).max(1000);
const rows = z.number().int().min(1).max(500);
const noParams = z.object({}).strict();

const problem = z.object({ file: z.string(), line: z.number().int().optional(), field: z.string(), reason: z.string() });
const exerciseSummary = z.object({ id: z.string(), title: z.string(), kind: z.string() });
const lessonSummary = z.object({
  id: z.string(),
  title: z.string(),
  week: z.number().int().optional(),
  minutes: z.number().int().optional(),
  exercises: z.array(exerciseSummary),
});
const fileEntry = z.object({
  path: z.string(),
  kind: z.enum(['file', 'dir']),
  size: z.number().int().optional(),
});
const workspaceInfo = z.object({ root: z.string(), label: z.string() });
const pythonInfo = z.object({ executable: z.string(), version: z.string(), envDir: z.string().optional() });
const provisionProgress = z.object({
  phase: z.enum(['interpreter', 'venv', 'download', 'install', 'verify', 'done', 'compiler']),
  fraction: z.number().nullable(),
  message: z.string(),
});
const toolchainState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('discovering') }),
  z.object({ state: z.literal('missing'), base: z.string(), message: z.string() }),
  z.object({ state: z.literal('provisioning'), base: z.string(), progress: provisionProgress }),
  /** `task`: background work that needs no waiting for, such as prebuilding the Rust crates. */
  z.object({ state: z.literal('ready'), base: z.string(), python: pythonInfo, task: z.string().optional() }),
  z.object({ state: z.literal('failed'), base: z.string().optional(), message: z.string() }),
]);
const interpreterChoice = z.object({
  interpreters: z.array(
    z.object({
      executable: z.string(),
      version: z.string(),
      source: z.string(),
      status: z.enum(['ok', 'limited']),
      reason: z.string(),
      isDefault: z.boolean(),
    }),
  ),
  /** The current workspace's choice; null means the default. */
  selected: z.string().nullable(),
});
const checkStatus = z.enum(['passed', 'failed', 'error', 'skipped']);
/** One test of a check, as the checker reports it (python-runtime/checker/pyforge_check.py). */
const checkTest = z.object({
  nodeid: z.string(),
  name: z.string(),
  /** The test's name as a sentence: "a raising handler is isolated". */
  title: z.string(),
  status: checkStatus,
  message: z.string().optional(),
  /** pytest's failure report (assertion introspection, the traceback), capped. */
  details: z.string().optional(),
  /** Where it failed: the innermost frame (in the student's files, or tests/... in the lesson pack). */
  file: z.string().optional(),
  line: z.number().int().optional(),
  /** The deepest frame inside the student's workspace, where the editor puts its marker. */
  workspaceFile: z.string().optional(),
  workspaceLine: z.number().int().optional(),
  output: z.string(),
  outputCapped: z.boolean(),
  durationMs: z.number(),
});
const checkProblem = z.object({
  kind: z.enum(['collect-error', 'timeout', 'crash', 'limit', 'setup', 'no-tests']),
  message: z.string(),
  details: z.string().optional(),
  workspaceFile: z.string().optional(),
  workspaceLine: z.number().int().optional(),
});
const checkResult = z.object({
  runId: z.string(),
  lessonId: z.string(),
  exerciseId: z.string(),
  /** passed: every test passed; failed: some did; error: the checks could not run or finish (see problem). */
  status: z.enum(['passed', 'failed', 'error', 'cancelled']),
  /** One line for the student: "3 of 5 checks pass", "Timed out after 30 s", ... */
  summary: z.string(),
  problem: checkProblem.optional(),
  tests: z.array(checkTest),
  counts: z.object({ passed: z.number().int(), failed: z.number().int(), error: z.number().int(), skipped: z.number().int() }),
  durationMs: z.number(),
  /** Output printed outside any test (at import time, at exit), capped. */
  strayOutput: z.string().optional(),
});
const exerciseProgress = z.object({
  attempts: z.number().int(),
  passed: z.boolean(),
  firstPassedAt: z.string().optional(),
  lastCheckedAt: z.string().optional(),
  lastResult: z.enum(['passed', 'failed', 'error']).optional(),
  hintsUsed: z.number().int(),
  solutionViewed: z.boolean(),
  lessonId: z.string().optional(),
});
const statusCounts = z.object({ done: z.number().int(), inProgress: z.number().int(), notStarted: z.number().int(), total: z.number().int() });
const progressOverview = z.object({
  courseId: z.string(),
  weeks: z.array(
    z.object({
      week: z.number().int().nullable(),
      counts: statusCounts,
      lessons: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          week: z.number().int().optional(),
          counts: statusCounts,
          exercises: z.array(
            z.object({ id: z.string(), title: z.string(), status: z.enum(['done', 'in-progress', 'not-started']), progress: exerciseProgress.nullable() }),
          ),
        }),
      ),
    }),
  ),
  counts: statusCounts,
});
const backupInfo = z.object({
  id: z.string(),
  createdAt: z.string(),
  originalPath: z.string(),
  fileCount: z.number().int(),
  totalBytes: z.number().int(),
  label: z.string().optional(),
});
const exerciseRef = z.object({ lessonId: id, exerciseId: id }).strict();
/**
 * A compiler's diagnostic, as the editor marks it (file relative to the workspace when inside it). Lines and
 * columns are 1-based; endLine/endColumn, when the compiler gave a range, end it exclusively (the column just
 * after the last character, as SARIF and Monaco count).
 */
const buildDiagnostic = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int().optional(),
  endLine: z.number().int().optional(),
  endColumn: z.number().int().optional(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  code: z.string().optional(),
});
const buildResult = z.object({
  buildId: z.string(),
  ok: z.boolean(),
  /** Nothing changed since the last build (sources, flags, compiler, Python): nothing was rebuilt. */
  skipped: z.boolean(),
  summary: z.string(),
  artifact: z.string().optional(),
  output: z.string(),
  diagnostics: z.array(buildDiagnostic),
  durationMs: z.number(),
});
const runResult = z.object({
  runId: z.string(),
  outcome: z.enum(['exited', 'crashed', 'timeout', 'cpu-limit', 'memory-limit', 'process-limit', 'stopped', 'failed-to-start']),
  exitCode: z.number().int().nullable(),
  summary: z.string(),
  durationMs: z.number(),
  outputCapped: z.boolean(),
  traceback: z.object({ file: z.string(), line: z.number().int(), message: z.string() }).optional(),
});
const profileFrame = z.object({
  name: z.string(),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  /** A builtin or an extension's function: cProfile cannot see inside it, so it is one block. */
  native: z.boolean(),
  module: z.string().nullable(),
});
interface ProfileNode extends z.output<typeof profileFrame> {
  value: number;
  children: ProfileNode[];
}
const profileNode: z.ZodType<ProfileNode> = z.lazy(() => profileFrame.extend({ value: z.number(), children: z.array(profileNode) }));
const profileResult = z.object({
  profileId: z.string(),
  outcome: z.string(),
  summary: z.string(),
  /** The profile, when the script got far enough to have one. */
  profile: z
    .object({
      wallTime: z.number(),
      totalTime: z.number(),
      exitCode: z.number().int(),
      error: z.string().nullable(),
      functions: z.array(profileFrame.extend({ calls: z.number().int(), primitiveCalls: z.number().int(), ownTime: z.number(), totalTime: z.number() })),
      tree: profileNode,
    })
    .nullable(),
});
const benchPoint = z.object({
  implementation: z.string(),
  size: z.number(),
  seconds: z.number(),
  min: z.number(),
  max: z.number(),
  repeats: z.number().int(),
  loops: z.number().int(),
  /** The repeats differed by more than 25 %: the machine was busy, the figure is less sure. */
  noisy: z.boolean(),
});
const benchReport = z.object({
  implementations: z.array(z.string()),
  sizes: z.array(z.number()),
  results: z.array(benchPoint),
  /** Implementations whose result differed from the first one's: not timed at that size. */
  disagreements: z.array(z.object({ implementation: z.string(), reference: z.string(), size: z.number(), got: z.string(), expected: z.string() })),
  errors: z.array(z.object({ implementation: z.string(), size: z.number(), message: z.string() })),
  seconds: z.number(),
});
const benchHistoryEntry = z.object({ at: z.string(), script: z.string(), results: z.array(benchPoint) });
const meterReport = z.object({
  calls: z.number().int(),
  series: z.array(z.object({ calls: z.number().int(), refcountChange: z.number(), allocatedBlocks: z.number(), tracedBytes: z.number() })),
  leaksReferences: z.boolean(),
  leaksBlocks: z.boolean(),
});
const timelineSpan = z.object({ lane: z.string(), label: z.string(), start: z.number(), end: z.number(), cpu: z.number().optional() });
const timelineSection = z.object({
  title: z.string(),
  /** seconds, or steps where only the order matters (a step counter instead of a clock). */
  unit: z.enum(['seconds', 'steps']).optional(),
  duration: z.number(),
  lanes: z.array(z.object({ name: z.string(), kind: z.enum(['calls', 'heartbeat', 'spans']) })),
  spans: z.array(timelineSpan),
  marks: z.array(z.object({ lane: z.string(), label: z.string(), at: z.number() })),
  dropped: z.number().int(),
  // Declared tasks only (TASKS): threads x calls started together, beside a Python heartbeat.
  threads: z.number().int().optional(),
  calls: z.number().int().optional(),
  alone: z.number().optional(),
  elapsed: z.number().optional(),
  cpuConcurrency: z.number().optional(),
  longestStall: z.number().optional(),
  errors: z.array(z.string()).optional(),
});
/** pyforge_timeline.py's report (lessons/README.md, "Timeline files"); times are seconds from each section's start. */
export const timelineReport = z.object({ sections: z.array(timelineSection) });
const doctorRow = z.object({
  component: z.string(),
  status: z.enum(['ok', 'limited', 'missing', 'broken', 'unsupported']),
  version: z.string().optional(),
  path: z.string().optional(),
  fix: z.string().optional(),
  detail: z.string().optional(),
});

export const methods = {
  'app.info': {
    params: noParams,
    result: z.object({
      name: z.string(),
      version: z.string(),
      platform: z.string(),
      dataDir: z.string(),
      python: pythonInfo.nullable(),
    }),
  },
  'lessons.list': {
    params: noParams,
    result: z.object({
      course: z.object({ id: z.string(), title: z.string(), version: z.string() }),
      lessons: z.array(lessonSummary),
      problems: z.array(problem),
    }),
  },
  'lessons.get': {
    params: z.object({ lessonId: id }).strict(),
    result: z.object({ lesson: lessonSummary, markdown: z.string() }),
  },
  'exercises.open': {
    params: z.object({ lessonId: id, exerciseId: id }).strict(),
    result: z.object({
      workspace: workspaceInfo,
      title: z.string(),
      instructions: z.string(),
      openFiles: z.array(z.string()),
      created: z.boolean(),
      kind: z.string(),
      /** Whether the exercise has a build step (the Build button). */
      buildable: z.boolean(),
      /** The view the exercise is meant to be seen in (benchmark, flamegraph, refcount, …), if any. */
      view: z.string().optional(),
      /** The script the profiler runs for this exercise (exercise.yaml profile.entry). */
      profileEntry: z.string().optional(),
      /** Type-check with mypy --strict on save. */
      mypy: z.boolean(),
      /** How many hints the exercise has, and those the student has revealed so far (in order). */
      hintCount: z.number().int(),
      hints: z.array(z.string()),
      progress: exerciseProgress.nullable(),
    }),
  },
  /** Reveals the next hint (recorded in the progress); returns every hint revealed so far. */
  'exercises.hint': { params: exerciseRef, result: z.object({ hints: z.array(z.string()), hintCount: z.number().int() }) },
  /** The reference solution's files beside the student's current ones (recorded: the solution was viewed). */
  'exercises.solution': {
    params: exerciseRef,
    result: z.object({ files: z.array(z.object({ path: z.string(), solution: z.string(), current: z.string().nullable() })) }),
  },
  /** Puts the starter back; the student's files become a backup that `exercises.restore` brings back. */
  'exercises.reset': { params: exerciseRef, result: z.object({ backup: backupInfo.nullable() }) },
  'exercises.backups': { params: exerciseRef, result: z.object({ backups: z.array(backupInfo) }) },
  'exercises.restore': {
    params: z.object({ lessonId: id, exerciseId: id, backupId: id }).strict(),
    result: z.object({ restored: backupInfo, replaced: backupInfo.nullable() }),
  },
  /** Per week and lesson, every exercise's status (done / in progress / not started) and the counts. */
  'progress.overview': { params: noParams, result: progressOverview },
  'workspace.current': { params: noParams, result: workspaceInfo },
  'workspace.list': {
    params: noParams,
    result: z.object({ workspace: workspaceInfo, entries: z.array(fileEntry), truncated: z.boolean() }),
  },
  'workspace.read': {
    params: z.object({ path: relativePath }).strict(),
    result: z.object({ path: z.string(), content: z.string() }),
  },
  'workspace.write': {
    params: z.object({ path: relativePath, content: z.string().max(Limits.MAX_FILE_BYTES) }).strict(),
    result: z.object({ path: z.string(), bytes: z.number().int() }),
  },
  /** The interpreters a workspace may use, and the current workspace's choice. */
  'workspace.interpreter': { params: noParams, result: interpreterChoice },
  /** Picks the current workspace's interpreter (null: the default); new terminals and checks use it. */
  'workspace.setInterpreter': {
    params: z.object({ executable: z.string().min(1).max(Limits.MAX_PATH_CHARS).nullable() }).strict(),
    result: interpreterChoice,
  },
  /**
   * Runs the exercise's checks (from the lesson pack) against the student's workspace; each test's result
   * arrives as a `checks.progress` event while it runs. `runId` is chosen by the caller, so it can cancel.
   */
  'checks.run': {
    params: z.object({ lessonId: id, exerciseId: id, runId: id }).strict(),
    result: checkResult,
  },
  'checks.cancel': { params: z.object({ runId: id }).strict(), result: z.null() },
  /** Builds the exercise's native code (its exercise.yaml `build:`); output arrives as `build.output` events. */
  'build.run': { params: z.object({ lessonId: id, exerciseId: id, buildId: id }).strict(), result: buildResult },
  'build.cancel': { params: z.object({ buildId: id }).strict(), result: z.null() },
  /** ruff on a Python file's current (unsaved) text, for markers as the student types. */
  'lint.python': {
    params: z.object({ path: relativePath, content: z.string().max(Limits.MAX_FILE_BYTES) }).strict(),
    result: z.object({ diagnostics: z.array(buildDiagnostic) }),
  },
  /** mypy --strict on the current workspace's saved files (exercises with `mypy: true`), run on save. */
  'lint.mypy': { params: noParams, result: z.object({ diagnostics: z.array(buildDiagnostic) }) },
  /**
   * Runs a Python file of the current workspace (F5) through the sandboxed runner, faulthandler on; output
   * arrives as `run.output` events. The result says how it ended ("crashed with SIGSEGV …") and where a
   * traceback points in the student's files.
   */
  'run.start': { params: z.object({ path: relativePath, runId: id }).strict(), result: runResult },
  'run.stop': { params: z.object({ runId: id }).strict(), result: z.null() },
  /**
   * Profiles a Python file of the current workspace with cProfile (through the runner): a call tree for the
   * flame graph and a table of functions. Output arrives as `run.output` events with runId = profileId.
   */
  'profile.run': { params: z.object({ path: relativePath, profileId: id }).strict(), result: profileResult },
  /** Times a benchmark file's implementations over its sizes (results checked equal first); runs are kept. */
  'bench.run': {
    params: z.object({ path: relativePath, benchId: id }).strict(),
    result: z.object({ benchId: z.string(), outcome: z.string(), summary: z.string(), bench: benchReport.nullable(), history: z.array(benchHistoryEntry) }),
  },
  /** The refcount and leak meter: a meter file's call, many times, with refcount and allocation series. */
  'meter.run': {
    params: z.object({ path: relativePath, meterId: id }).strict(),
    result: z.object({ meterId: z.string(), outcome: z.string(), summary: z.string(), meter: meterReport.nullable() }),
  },
  /** The timeline: a timeline file's tasks in threads beside a Python heartbeat, or the spans a script recorded. */
  'timeline.run': {
    params: z.object({ path: relativePath, timelineId: id }).strict(),
    result: z.object({ timelineId: z.string(), outcome: z.string(), summary: z.string(), timeline: timelineReport.nullable() }),
  },
  'toolchain.doctor': { params: noParams, result: z.object({ rows: z.array(doctorRow) }) },
  'toolchain.status': { params: noParams, result: toolchainState },
  /** Installs the course environment if it is missing (or retries after a failure); progress arrives as events. */
  'toolchain.provision': { params: noParams, result: toolchainState },
  /** Installs PyForge's portable zig C/C++ compiler, for machines where no system compiler works. */
  'toolchain.installCompiler': { params: noParams, result: toolchainState },
  'toolchain.cancel': { params: noParams, result: z.null() },
  'terminal.create': {
    params: z.object({ cols, rows }).strict(),
    result: z.object({ id: terminalId, shell: z.string(), cwd: z.string() }),
  },
  'terminal.input': {
    params: z.object({ id: terminalId, data: z.string().max(Limits.MAX_TERMINAL_INPUT_CHARS) }).strict(),
    result: z.null(),
  },
  'terminal.resize': { params: z.object({ id: terminalId, cols, rows }).strict(), result: z.null() },
  'terminal.ack': {
    params: z.object({ id: terminalId, chars: z.number().int().min(0).max(100_000_000) }).strict(),
    result: z.null(),
  },
  'terminal.kill': { params: z.object({ id: terminalId }).strict(), result: z.null() },
} as const;

export const events = {
  'terminal.data': z.object({ id: terminalId, data: z.string() }),
  'terminal.exit': z.object({ id: terminalId, exitCode: z.number().int(), signal: z.number().int().optional() }),
  'toolchain.state': toolchainState,
  'build.output': z.object({ buildId: z.string(), chunk: z.string() }),
  'run.output': z.object({ runId: z.string(), chunk: z.string(), stream: z.enum(['stdout', 'stderr']) }),
  'checks.progress': z.discriminatedUnion('phase', [
    z.object({ phase: z.literal('started'), runId: z.string(), lessonId: z.string(), exerciseId: z.string() }),
    z.object({ phase: z.literal('collected'), runId: z.string(), total: z.number().int() }),
    z.object({ phase: z.literal('test'), runId: z.string(), test: checkTest }),
  ]),
} as const;

export type MethodName = keyof typeof methods;
export type EventName = keyof typeof events;
export type Params<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type Result<M extends MethodName> = z.output<(typeof methods)[M]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export type FileEntry = z.output<typeof fileEntry>;
export type LessonSummary = z.output<typeof lessonSummary>;
export type ExerciseSummary = z.output<typeof exerciseSummary>;
export type CourseProblem = z.output<typeof problem>;
export type WorkspaceInfo = z.output<typeof workspaceInfo>;
export type DoctorRow = z.output<typeof doctorRow>;
export type InterpreterChoice = z.output<typeof interpreterChoice>;
export type CheckTest = z.output<typeof checkTest>;
export type BuildDiagnostic = z.output<typeof buildDiagnostic>;
export type BuildResult = z.output<typeof buildResult>;
export type RunResult = z.output<typeof runResult>;
export type ProfileResult = z.output<typeof profileResult>;
export type BenchReport = z.output<typeof benchReport>;
export type BenchHistoryEntry = z.output<typeof benchHistoryEntry>;
export type MeterReport = z.output<typeof meterReport>;
export type TimelineReport = z.output<typeof timelineReport>;
export type TimelineSection = TimelineReport['sections'][number];
export type { ProfileNode };
export type ProgressOverview = z.output<typeof progressOverview>;
export type BackupInfo = z.output<typeof backupInfo>;
export type CheckProblem = z.output<typeof checkProblem>;
export type CheckResult = z.output<typeof checkResult>;
export type ToolchainState = z.output<typeof toolchainState>;

export const ERROR_CODES = ['bad_request', 'unknown_method', 'not_found', 'forbidden_path', 'forbidden_sender', 'io', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
}

/** What a transport returns for one request. */
export type Response<R = unknown> = { ok: true; result: R } | { ok: false; error: ApiErrorBody };

/** WebSocket frames (IPC uses invoke/send and needs no envelope ids). */
export type ClientFrame = { kind: 'request'; id: number; method: string; params: unknown };
export type ServerFrame =
  | ({ kind: 'response'; id: number } & Response)
  | { kind: 'event'; event: EventName; payload: unknown };

/** The interface both renderer clients implement. */
export interface ApiClient {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
  readonly transport: 'ipc' | 'websocket';
}

/** Thrown by `ApiClient.call` when the service answers with an error. */
export class ApiCallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}
