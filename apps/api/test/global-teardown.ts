export default async function globalTeardown(): Promise<void> {
  await globalThis.__ARENA_TEST_DB__?.db.stop();
}
