/** Every error @hallway/deploy-tests throws; each has a stable `name` and `code`. */
export class DeployCheckError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A file (Dockerfile, docker-compose.yml) could not be understood at all. */
export class ParseError extends DeployCheckError {
  constructor(file: string, message: string) {
    super('PARSE_FAILED', `${file}: ${message}`);
  }
}

/** A tool the checks run (docker-compose) is not installed. */
export class ToolMissingError extends DeployCheckError {
  constructor(tool: string, hint: string) {
    super('TOOL_MISSING', `${tool} is not installed: ${hint}`);
  }
}
