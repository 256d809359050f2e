// Starts s3rver (the S3 REST protocol on the loopback) for the S3 tests and benchmarks.
// Usage: node s3rver-wrapper.js MODULES_DIR DATA_DIR BUCKET
// Listens on 127.0.0.1 on a free port, creates BUCKET, then prints "S3RVER_PORT <port>" on one
// line. Stops when its standard input closes (the test that started it ended or died).
'use strict';

const path = require('path');

async function main() {
  const [modules, directory, bucket] = process.argv.slice(2);
  if (!modules || !directory || !bucket) {
    console.error('usage: s3rver-wrapper.js MODULES_DIR DATA_DIR BUCKET');
    process.exit(2);
  }
  let S3rver;
  try {
    S3rver = require(path.join(modules, 's3rver'));
  } catch (e) {
    console.error(`s3rver is not installed in ${modules}: run packaging/install-deps.sh`);
    process.exit(3);
  }
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  const address = await server.run();
  process.stdout.write(`S3RVER_PORT ${address.port}\n`);
  process.stdin.on('end', () => server.close().then(() => process.exit(0)));
  process.stdin.resume();
}

main().catch((e) => {
  console.error(`s3rver failed: ${e.message}`);
  process.exit(1);
});
