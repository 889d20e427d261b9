package dev.shepherd.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * For the length of the demo, this process's logs go to a file of their own (logback-demo.xml) rather than
 * to stderr: the demo's screen is the release, and the warnings the Temporal SDK logs about what the demo
 * stages on purpose (an alarm, the watches it cuts short, the worker stopping at the end) would bury it.
 * Closing puts the usual configuration back.
 */
final class DemoLogFile implements AutoCloseable {

  private final Path path;
  private final LoggerContext logging;

  private DemoLogFile(Path path, LoggerContext logging) {
    this.path = path;
    this.logging = logging;
  }

  /** Sends the logs to a new file in the system's temporary directory (one per run: demos may overlap). */
  static DemoLogFile open() throws IOException {
    Path path = Files.createTempFile("shepherd-demo-", ".log");
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logging)) {
      return new DemoLogFile(path, null);
    }
    logging.reset();
    logging.putProperty("shepherd.demo.log", path.toString());
    configure(() -> {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(logging);
      configurator.doConfigure(DemoLogFile.class.getResource("/logback-demo.xml"));
    });
    return new DemoLogFile(path, logging);
  }

  Path path() {
    return path;
  }

  @Override
  public void close() {
    if (logging != null) {
      logging.reset();
      configure(() -> new ContextInitializer(logging).autoConfig());
    }
  }

  private interface Configuration {
    void apply() throws JoranException;
  }

  private static void configure(Configuration configuration) {
    try {
      configuration.apply();
    } catch (JoranException e) {
      // Both configurations ship in the jar: one that does not load is a bug in the build.
      throw new IllegalStateException("the logging configuration did not load: " + e.getMessage(), e);
    }
  }
}
