// The policy loader's public surface, shared by the stack, the trigger build, the twin and the CLI.
export type { CompiledPolicySet } from './compiled';
export { canonicalJson } from './compile';
export { classifyFileName, loadPolicySet, loadPolicySetFromSources, POOL_FILE } from './load';
export type { LoadCounts, LoadDirectoryOptions, LoadOptions, LoadResult } from './load';
export { MAX_METADATA_BYTES, referencedPath } from './metadata-file';
export type { ReferencedFile, ReferencedFileReader } from './metadata-file';
export { atPath, compareProblems, formatProblem } from './problems';
export type { Position, Problem, Severity } from './problems';
export { problemAt } from './report';
export type { ProblemSpec } from './report';
export { MAX_ALIAS_COUNT, MAX_COLLECTION_ENTRIES, MAX_NESTING_DEPTH, MAX_POLICY_FILE_BYTES, parsePolicyYaml } from './yaml-source';
export type { ParsedYaml, ParseResult, PolicySource } from './yaml-source';
