package org.yizhan.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The esbuild program of this machine's platform, taken from the jar Maven put on the build's class
 * path (org.mvnpm.at.esbuild:&lt;platform&gt;, chosen by io.mvnpm:esbuild-java-native-deps' OS
 * profiles), so the build needs Maven and a JDK only: no node, no npm.
 */
final class Esbuild {

  private static final String GROUP = "org.mvnpm.at.esbuild";

  private final Path program;

  private Esbuild(Path program) {
    this.program = program;
  }

  /**
   * Copies the program out of its jar into {@code dir} (once per version) and makes it runnable.
   */
  static Esbuild extractTo(Path dir) throws IOException {
    String platform = platform();
    String version = version(platform);
    String base = "META-INF/resources/_static/" + platform + "/" + version + "/";
    boolean windows = platform.startsWith("win32");
    String entry = windows ? base + "esbuild.exe" : base + "bin/esbuild";
    Path program = dir.resolve(windows ? "esbuild-" + version + ".exe" : "esbuild-" + version);
    if (!Files.isRegularFile(program)) {
      Files.createDirectories(dir);
      try (InputStream in = resource(entry)) {
        Path part = Files.createTempFile(dir, "esbuild", ".part");
        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, program, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (!program.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + program + " executable");
    }
    return new Esbuild(program);
  }

  /** Runs esbuild in {@code workingDir}; its messages go to the build's output. */
  void run(Path workingDir, List<String> arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = process.waitFor();
    if (!output.isBlank()) {
      System.out.println(output.strip());
    }
    if (status != 0) {
      throw new IllegalStateException("esbuild failed (exit " + status + "):\n" + output);
    }
  }

  /** esbuild's name for this machine, as in its npm packages (linux-x64, darwin-arm64, ...). */
  private static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String system = os.startsWith("windows") ? "win32" : os.startsWith("mac") ? "darwin" : "linux";
    String cpu = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64";
    return system + "-" + cpu;
  }

  private static String version(String platform) throws IOException {
    Properties pom = new Properties();
    try (InputStream in =
        resource("META-INF/maven/" + GROUP + "/" + platform + "/pom.properties")) {
      pom.load(in);
    }
    return pom.getProperty("version");
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = Esbuild.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException(
          name + " is not on the class path: is " + GROUP + " a dependency of this build step?");
    }
    return in;
  }
}
