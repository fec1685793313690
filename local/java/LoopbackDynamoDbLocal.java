// DynamoDB Local on 127.0.0.1 only: it has no authentication and no option to choose its address (its Jetty
// server listens on every interface), so this launcher builds the server from the usual command line, points
// its connector at the loopback address, and starts it. Run in Java's source-file mode by local/dynamodb.ts.
// It runs in a process group of its own (so a terminal's Ctrl-C reaches the runtime only, which stops it
// last) and watches its standard input, a pipe from the runtime: when that closes, whichever way the runtime
// ended (kill -9 included), the server stops too.
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    int bound = 0;
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector serverConnector) {
        serverConnector.setHost("127.0.0.1");
        bound++;
      }
    }
    if (bound == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind to 127.0.0.1");
    proxy.start();
    Thread watch = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // Nothing is ever sent: only the end of the stream matters.
        }
      } catch (java.io.IOException closed) {
        // Same as the end of the stream.
      }
      try {
        proxy.stop();
      } catch (Exception ignored) {
        // Exiting either way.
      }
      System.exit(0);
    }, "parent-watch");
    watch.setDaemon(true);
    watch.start();
    proxy.join();
  }
}
