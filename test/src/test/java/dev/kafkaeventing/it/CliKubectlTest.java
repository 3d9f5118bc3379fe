package dev.kafkaeventing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkaeventing.it.harness.PlatformHarness;
import dev.kafkaeventing.it.harness.PlatformHarness.CliResult;
import dev.kafkaeventing.platform.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a kubectl user expects it: {@code KIND/NAME}, exit codes and {@code --ignore-not-found},
 * {@code -o name}, {@code -o jsonpath}, {@code -l}, {@code -w}, {@code get all}, usage errors.
 */
class CliKubectlTest {

  static PlatformHarness platform;
  static String ns;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    platform = PlatformHarness.start();
    ns = PlatformHarness.uniqueNamespace();
    platform.apply(broker("default", "team: a\n    tier: web") + "---\n" + broker("other", "team: b")
        + "---\n" + broker("plain", null) + "---\n" + """
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: hello
          namespace: %s
        spec:
          broker: default
          subscriber:
            uri: http://127.0.0.1:9
        """.formatted(ns));
    platform.awaitReady("broker", ns, "default");
    platform.awaitReady("trigger", ns, "hello");
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void shouldShowTheResourceWhenNamedAsKindSlashName() {
    CliResult get = CliRunner.run(platform, "get", "trigger/hello", "broker/default", "-n", ns, "-o", "name");
    CliResult describe = CliRunner.run(platform, "describe", "trigger/hello", "-n", ns);

    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(get.out().lines()).containsExactly("trigger.eventing.knative.dev/hello",
        "broker.eventing.knative.dev/default");
    assertThat(describe.exitCode()).as(describe.err()).isZero();
    assertThat(describe.out()).contains("Name:         hello").contains("Kind:         Trigger");
  }

  @Test
  void shouldDeleteWhenNamedAsKindSlashName() {
    platform.apply(broker("doomed", null));

    CliResult result = CliRunner.run(platform, "delete", "broker/doomed", "-n", ns);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().strip()).isEqualTo("broker.eventing.knative.dev/doomed deleted");
  }

  @Test
  void shouldExitOneWhenANamedResourceIsNotFound() {
    CliResult get = CliRunner.run(platform, "get", "trigger/nosuch", "-n", ns);
    CliResult describe = CliRunner.run(platform, "describe", "trigger", "nosuch", "-n", ns);
    CliResult delete = CliRunner.run(platform, "delete", "trigger", "nosuch", "-n", ns);

    for (CliResult result : List.of(get, describe, delete)) {
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err().strip()).isEqualTo("error: triggers \"nosuch\" not found in namespace \"" + ns + "\"");
    }
  }

  @Test
  void shouldPrintTheFoundAndExitOneWhenOneOfTwoNamedIsNotFound() {
    CliResult result = CliRunner.run(platform, "get", "broker", "default", "nosuch", "-n", ns, "-o", "name");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out().strip()).isEqualTo("broker.eventing.knative.dev/default");
    assertThat(result.err()).contains("brokers \"nosuch\" not found");
  }

  @Test
  void shouldExitZeroSilentlyWhenNotFoundIsIgnored() {
    CliResult get = CliRunner.run(platform, "get", "trigger", "nosuch", "-n", ns, "--ignore-not-found");
    CliResult delete = CliRunner.run(platform, "delete", "trigger/nosuch", "-n", ns, "--ignore-not-found");

    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(get.out()).isEmpty();
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out() + delete.err()).isEmpty();
  }

  @Test
  void shouldExitOneWhenDeleteFileNamesWhatIsAlreadyGoneUnlessIgnored() throws Exception {
    String gone = PlatformHarness.uniqueNamespace();
    Path file = dir.resolve("gone.yaml");
    Files.writeString(file, """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: gone
          namespace: %s
        """.formatted(gone));

    CliResult strict = CliRunner.run(platform, "delete", "-f", file.toString());
    CliResult ignoring = CliRunner.run(platform, "delete", "-f", file.toString(), "--ignore-not-found");

    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.err().strip()).isEqualTo("error: broker.eventing.knative.dev/gone not found");
    assertThat(ignoring.exitCode()).as(ignoring.err()).isZero();
    assertThat(ignoring.out() + ignoring.err()).isEmpty();
  }

  @Test
  void shouldPrintKindGroupSlashNameWhenOutputIsName() {
    CliResult result = CliRunner.run(platform, "get", "brokers", "-n", ns, "-o", "name");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().lines()).contains("broker.eventing.knative.dev/default",
        "broker.eventing.knative.dev/other", "broker.eventing.knative.dev/plain");
  }

  @Test
  void shouldRenderTheTemplateWhenOutputIsJsonpath() {
    CliResult one = CliRunner.run(platform, "get", "trigger", "hello", "-n", ns, "-o", "jsonpath={.metadata.name}");
    CliResult names = CliRunner.run(platform, "get", "brokers", "-n", ns, "-l", "team",
        "-o", "jsonpath={.items[*].metadata.name}");
    CliResult ready = CliRunner.run(platform, "get", "broker/default", "-n", ns,
        "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");

    assertThat(one.out()).isEqualTo("hello");
    assertThat(names.out()).isEqualTo("default other");
    assertThat(ready.out()).isEqualTo("True");
  }

  @Test
  void shouldListOnlyMatchingResourcesWhenSelectorIsGiven() {
    assertThat(names("-l", "team=a")).containsExactly("default");
    assertThat(names("-l", "team!=a")).containsExactly("other", "plain");
    assertThat(names("-l", "team")).containsExactly("default", "other");
    assertThat(names("-l", "!team")).containsExactly("plain");
    assertThat(names("-l", "team=a,tier=web")).containsExactly("default");
    assertThat(names("-l", "team=a,tier=db")).isEmpty();
  }

  @Test
  void shouldListEveryKindQualifiedWhenAllIsAsked() {
    CliResult table = CliRunner.run(platform, "get", "all", "-n", ns);
    CliResult names = CliRunner.run(platform, "get", "all", "-n", ns, "-o", "name");

    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).contains("broker.eventing.knative.dev/default").contains("trigger.eventing.knative.dev/hello");
    assertThat(table.out().lines().filter(line -> line.startsWith("NAME "))).hasSize(2);
    assertThat(names.out().lines()).contains("broker.eventing.knative.dev/plain", "trigger.eventing.knative.dev/hello");
  }

  @Test
  void shouldPrintANewResourceWhenWatching() throws Exception {
    String watched = PlatformHarness.uniqueNamespace();
    StringWriter out = new StringWriter();
    AtomicInteger exitCode = new AtomicInteger(-1);
    Thread watch = new Thread(() -> exitCode.set(Main.commandLine()
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true))
        .execute("get", "brokers", "-n", watched, "-w", "--server", platform.adminUrl())), "watch");
    watch.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("No resources found"));

    platform.apply(broker("late", null).replace(ns, watched));

    await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("late"));
    assertThat(watch.isAlive()).isTrue();
    watch.interrupt();
    watch.join(Duration.ofSeconds(10).toMillis());
    assertThat(exitCode.get()).isZero();
    assertThat(out.toString().lines().filter(line -> line.startsWith("NAME"))).hasSize(1);
  }

  @Test
  void shouldStopWatchingWhenTheWatchTimeoutIsUp() {
    CliResult result = CliRunner.run(platform, "get", "brokers", "default", "-n", ns, "-w", "--watch-timeout", "1500ms");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().lines().filter(line -> line.startsWith("default"))).hasSize(1);
  }

  @Test
  void shouldAnswerUsageErrorsInOneFormatWithExitTwo() {
    CliResult mixed = CliRunner.run(platform, "get", "trigger", "broker/default");
    CliResult noName = CliRunner.run(platform, "delete", "trigger");
    CliResult format = CliRunner.run(platform, "get", "brokers", "-o", "table");
    CliResult missing = CliRunner.run(platform, "describe");
    CliResult unknownOption = CliRunner.run(platform, "get", "brokers", "--nosuch");

    for (CliResult result : List.of(mixed, noName, format, missing, unknownOption)) {
      assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
      assertThat(result.err()).startsWith("error: ").contains("See 'kafka-eventing ");
      assertThat(result.out()).isEmpty();
    }
    assertThat(format.err()).contains("unknown output format 'table'");
  }

  @Test
  void shouldNameTheSupportedKindsOnceWhenSeveralDocumentsHaveAnUnknownKind() throws Exception {
    Path file = dir.resolve("typos.yaml");
    Files.writeString(file, """
        apiVersion: eventing.knative.dev/v1
        kind: Brokr
        metadata:
          name: a
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Brokr
        metadata:
          name: b
        """);

    CliResult result = CliRunner.run(platform, "apply", "-f", file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("document 1 (Brokr a)").contains("document 2 (Brokr b)");
    assertThat(result.err().split("eventing.knative.dev/v1 Trigger", -1)).hasSize(2);
  }

  @Test
  void shouldAlignTheConditionsTableWhenDescribing() {
    CliResult result = CliRunner.run(platform, "describe", "trigger", "hello", "-n", ns);

    List<String> table = result.out().lines().dropWhile(line -> !line.equals("Conditions:")).skip(1)
        .takeWhile(line -> line.startsWith("  ")).toList();
    assertThat(table.get(0)).startsWith("  TYPE");
    int status = table.get(0).indexOf("STATUS");
    assertThat(table).hasSizeGreaterThan(2)
        .allSatisfy(line -> assertThat(line.charAt(status - 1)).isEqualTo(' '))
        .allSatisfy(line -> assertThat(line.substring(status)).matches("(STATUS|True|False|Unknown)\\b.*"));
  }

  private static List<String> names(String... selector) {
    String[] args = new String[selector.length + 5];
    System.arraycopy(new String[] {"get", "brokers", "-n", ns, "-oname"}, 0, args, 0, 5);
    System.arraycopy(selector, 0, args, 5, selector.length);
    CliResult result = CliRunner.run(platform, args);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.out().lines().filter(line -> line.contains("/")).map(line -> line.substring(line.indexOf('/') + 1))
        .toList();
  }

  static String broker(String name, String labels) {
    return """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: %s
          namespace: %s
        """.formatted(name, ns) + (labels == null ? "" : "  labels:\n    " + labels + "\n");
  }
}
