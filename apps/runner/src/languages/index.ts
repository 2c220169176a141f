export { languageDefinitionSchema, type Language, type LanguageDefinition } from './language-schema.js';
export {
  DEFAULT_LANGUAGES_DIR,
  LanguageDefinitionError,
  loadLanguageDefinitions,
  isToolchainInstalled,
  probeLanguageVersion,
  fileExtension,
  findLanguageByName,
  detectLanguage,
  pickMainFile,
  sourceFiles,
  describeLanguages,
} from './language-registry.js';
export { expandArgv, runArgv, type CommandContext } from './language-command.js';
export { findJavaPublicClass, findJavaMainClass, kotlinMainClass, fileStem } from './source-naming.js';
