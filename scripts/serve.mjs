// Serves the release build in dist/ on 127.0.0.1 and prints its address.
import { staticServer } from './static-server.mjs';

const PORT = Number(process.env.PORT ?? 8080);
staticServer('dist').listen(PORT, '127.0.0.1', () => console.log(`IAM Policy Playground: http://127.0.0.1:${PORT}/`));
