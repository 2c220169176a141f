export {
  compareOutput,
  compareOptionsFromFlags,
  type CompareOptions,
  type CompareResult,
} from './output-compare.js';
