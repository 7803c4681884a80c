export { checkScaling } from './check-scaling.js';
export { checkServiceEnv } from './check-service-env.js';
export { parseCompose, type AppName, type ComposeService, type PortMapping } from './compose-file.js';
export { execForm, parseDockerfile, type Dockerfile, type Instruction, type Stage } from './dockerfile.js';
export { lintDockerfile, NODE_SLIM_IMAGE, type DeployedApp, type DockerfileReport, type LintDockerfileOptions } from './lint-dockerfile.js';
export { REPO_ROOT } from './repo-root.js';
export { runTool, type ToolResult } from './run-tool.js';
export * from './errors.js';
