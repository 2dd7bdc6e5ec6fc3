// lib/urldispatch/: route patterns (parse, match, generate), canonical paths and URL quoting. No Fastify.
export { canonicalPath, decodePathSegment, decodePathSegments, uncanonical } from './canonical-path.js';
export { type CompiledPattern, compilePattern, type Matchdict, type MatchValue } from './pattern.js';
export { parsePattern, regexMaySpanSlash, type Token } from './pattern-parser.js';
export {
  encodePathText,
  encodeQuery,
  encodeSegmentText,
  type QueryInput,
  quoteAnchor,
  quotePath,
  quoteSegment,
  refuseDotSegments,
} from './quote.js';
