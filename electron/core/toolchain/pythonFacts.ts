/**
 * What only the interpreter knows about building for it (sysconfig's include dir, EXT_SUFFIX and compilers,
 * its version, pybind11's headers): asked once per interpreter and kept, for the compiler proofs and the
 * Build command's fast path.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface PythonFacts {
  include: string;
  suffix: string;
  cc: string;
  cxx: string;
  version: string;
  /** pybind11's headers, when pybind11 is installed. */
  pybind11: string | null;
}

const FACTS = [
  'import json, sys, sysconfig',
  'v = sysconfig.get_config_var',
  'try:\n    import pybind11; p = pybind11.get_include()\nexcept ImportError:\n    p = None',
  'print(json.dumps({"include": sysconfig.get_paths()["include"], "suffix": v("EXT_SUFFIX"), "cc": v("CC") or "", "cxx": v("CXX") or "", "version": sys.version, "pybind11": p}))',
].join('\n');

const factsCache = new Map<string, Promise<PythonFacts>>();

export function pythonFacts(python: string, env: NodeJS.ProcessEnv): Promise<PythonFacts> {
  let facts = factsCache.get(python);
  if (!facts) {
    facts = execFileAsync(python, ['-I', '-c', FACTS], { env, timeout: 30_000 }).then(({ stdout }) => JSON.parse(stdout) as PythonFacts);
    facts.catch(() => factsCache.delete(python));
    factsCache.set(python, facts);
  }
  return facts;
}
