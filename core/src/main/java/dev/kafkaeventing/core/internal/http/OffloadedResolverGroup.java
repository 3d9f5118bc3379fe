package dev.kafkaeventing.core.internal.http;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Resolves host names with the JDK resolver (so {@code /etc/hosts}, the JDK's DNS cache and its settings
 * apply) on a dedicated executor instead of the event loop, where a slow DNS answer would stall every
 * connection of that loop. IP literals are resolved in place.
 */
final class OffloadedResolverGroup extends AddressResolverGroup<InetSocketAddress> {

  private final Executor lookups;

  OffloadedResolverGroup(Executor lookups) {
    this.lookups = lookups;
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new InetSocketAddressResolver(executor, new OffloadedNameResolver(executor, lookups));
  }

  /** Looks names up on {@code lookups}; completes the promise from there. */
  private static final class OffloadedNameResolver extends InetNameResolver {

    private final Executor lookups;

    OffloadedNameResolver(EventExecutor executor, Executor lookups) {
      super(executor);
      this.lookups = lookups;
    }

    @Override
    protected void doResolve(String host, Promise<InetAddress> promise) {
      if (isLiteral(host)) {
        resolveNow(host, promise);
      } else {
        lookups.execute(() -> resolveNow(host, promise));
      }
    }

    @Override
    protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
      Runnable lookup = () -> {
        try {
          promise.trySuccess(Arrays.asList(InetAddress.getAllByName(host)));
        } catch (UnknownHostException e) {
          promise.tryFailure(e);
        }
      };
      if (isLiteral(host)) {
        lookup.run();
      } else {
        lookups.execute(lookup);
      }
    }

    private static void resolveNow(String host, Promise<InetAddress> promise) {
      try {
        promise.trySuccess(InetAddress.getByName(host));
      } catch (UnknownHostException e) {
        promise.tryFailure(e);
      }
    }

    private static boolean isLiteral(String host) {
      return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }
  }
}
