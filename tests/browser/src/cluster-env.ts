/**
 * Heartbeat settings for the browser suites' clusters. Slower than the e2e harness's
 * 250 ms: 8 processes booting at once next to a browser on 2 cores can stall a process
 * for a second or more, and a server whose lease (3 × HEARTBEAT_MS) runs out in that time
 * stops before the test begins. A dead server is still gone within about 3.5 s.
 */
export const BROWSER_CLUSTER_ENV = { HEARTBEAT_MS: '1000', DEAD_AFTER_MS: '3000' } as const;
