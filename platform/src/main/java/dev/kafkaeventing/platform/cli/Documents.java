package dev.kafkaeventing.platform.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the YAML files named by {@code -f} (a file, a directory of .yaml/.yml files, or -). */
final class Documents {

  private Documents() {}

  /** Reads the files; {@code namespace} (may be null) applies to documents that name none. */
  static ArrayNode read(List<String> paths, InputStream stdin, String namespace) {
    ArrayNode documents = read(paths, stdin);
    if (namespace != null) {
      documents.forEach(document -> ((com.fasterxml.jackson.databind.node.ObjectNode) document).put("namespace", namespace));
    }
    return documents;
  }

  private static ArrayNode read(List<String> paths, InputStream stdin) {
    ArrayNode documents = AdminApi.JSON.createArrayNode();
    for (String path : paths) {
      if (path.equals("-")) {
        add(documents, "<stdin>", readStdin(stdin));
        continue;
      }
      Path file = Path.of(path);
      if (Files.isDirectory(file)) {
        for (Path yaml : yamlFilesIn(file)) {
          add(documents, yaml.toString(), readFile(yaml));
        }
      } else if (Files.isRegularFile(file)) {
        add(documents, path, readFile(file));
      } else {
        throw new CliException(path + ": no such file or directory");
      }
    }
    return documents;
  }

  private static List<Path> yamlFilesIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> yaml = files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
      if (yaml.isEmpty()) {
        throw new CliException(dir + ": no .yaml or .yml files");
      }
      return yaml;
    } catch (IOException e) {
      throw new CliException(dir + ": " + e.getMessage());
    }
  }

  private static void add(ArrayNode documents, String source, String content) {
    ObjectNode document = documents.addObject();
    document.put("source", source);
    document.put("content", content);
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(file + ": " + e.getMessage());
    }
  }

  private static String readStdin(InputStream stdin) {
    try {
      return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("<stdin>: " + e.getMessage());
    }
  }
}
