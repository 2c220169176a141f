import type { CommandIo } from '../../src/cli/cli-support.js';

/** A CommandIo that records what a command printed. */
export function captureIo(): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    isTty: false,
    out: () => out,
    err: () => err,
  };
}
