// Imported first by a test that watches Ink write frames as the app does: Ink reads CI (and
// CONTINUOUS_INTEGRATION) once, when it loads, and then writes nothing until unmount. The app drops
// them when a person is at a terminal (source/cli/early-env.ts); such a test has no terminal.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
