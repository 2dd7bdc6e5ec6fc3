// The error answers every API shares, as reusable OpenAPI components: RFC 9457 problem documents for
// a failed validation (400, with one entry per failure), a body of the wrong type (415), 401 and 403.

const PROBLEM_TYPE = 'application/problem+json';

/** `#/components/schemas/Problem`: what every HTTP exception answers a JSON client (RFC 9457). */
const PROBLEM = {
  type: 'object',
  description: 'An RFC 9457 problem document',
  properties: {
    type: { type: 'string', description: 'A URI naming the kind of problem', default: 'about:blank' },
    title: { type: 'string', description: "The status's reason phrase" },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    detail: { type: 'string', description: 'What went wrong with this request' },
    code: { type: 'string' },
    message: { type: 'string' },
  },
  required: ['type', 'title', 'status'],
};

/** `#/components/schemas/ValidationProblem`: a 400 of a request its view's schema refused. */
const VALIDATION_PROBLEM = {
  allOf: [
    { $ref: '#/components/schemas/Problem' },
    {
      type: 'object',
      properties: {
        errors: {
          type: 'array',
          description: 'One entry per failure',
          items: {
            type: 'object',
            properties: {
              location: { enum: ['body', 'query', 'params', 'headers'] },
              pointer: { type: 'string', description: 'A JSON pointer into that part' },
              message: { type: 'string' },
            },
            required: ['location', 'pointer', 'message'],
          },
        },
      },
      required: ['errors'],
    },
  ],
};

function problemResponse(description: string, schema: string) {
  return { description, content: { [PROBLEM_TYPE]: { schema: { $ref: `#/components/schemas/${schema}` } } } };
}

/** The components every document has; operations refer to the responses by `$ref`. */
export function problemComponents() {
  return {
    schemas: { Problem: PROBLEM, ValidationProblem: VALIDATION_PROBLEM },
    responses: {
      ValidationFailed: problemResponse("The request does not match the view's schema", 'ValidationProblem'),
      UnsupportedMediaType: problemResponse('The body is not JSON', 'Problem'),
      Unauthorized: problemResponse('Authentication is needed', 'Problem'),
      Forbidden: problemResponse('The permission is not granted', 'Problem'),
    },
  };
}

/** A `$ref` to one of problemComponents' responses. */
export function problemRef(name: 'ValidationFailed' | 'UnsupportedMediaType' | 'Unauthorized' | 'Forbidden') {
  return { $ref: `#/components/responses/${name}` };
}
