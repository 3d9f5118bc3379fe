package dev.kafkaeventing.platform.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The resources a command line names, in kubectl's two forms: {@code KIND [NAME...]} or
 * {@code KIND/NAME...} (e.g. {@code trigger/hello broker/default}).
 */
final class ResourceArgs {

  /** A kind and, unless the whole kind is meant, a name. */
  record Ref(String kind, String name) {}

  private ResourceArgs() {}

  /**
   * Reads the arguments.
   *
   * @throws IllegalArgumentException for a usage mistake, with kubectl's wording
   */
  static List<Ref> parse(List<String> args) {
    if (args == null || args.isEmpty()) {
      throw new IllegalArgumentException("name a resource kind (e.g. brokers) or KIND/NAME");
    }
    List<Ref> refs = new ArrayList<>();
    if (args.get(0).contains("/")) {
      for (String arg : args) {
        int slash = arg.indexOf('/');
        if (slash <= 0 || slash == arg.length() - 1 || arg.indexOf('/', slash + 1) >= 0) {
          throw new IllegalArgumentException("arguments in resource/name form must have a single resource and name, got '"
              + arg + "'");
        }
        refs.add(new Ref(arg.substring(0, slash), arg.substring(slash + 1)));
      }
      return refs;
    }
    String kind = args.get(0);
    if (args.size() == 1) {
      return List.of(new Ref(kind, null));
    }
    for (String name : args.subList(1, args.size())) {
      if (name.contains("/")) {
        throw new IllegalArgumentException("there is no need to specify a resource kind as a separate argument when"
            + " passing arguments in resource/name form (e.g. 'get trigger/hello' or 'get trigger hello'), got '"
            + name + "'");
      }
      refs.add(new Ref(kind, name));
    }
    return refs;
  }

  /** Whether the arguments name resources, not a whole kind. */
  static boolean named(List<Ref> refs) {
    return refs.get(0).name() != null;
  }
}
