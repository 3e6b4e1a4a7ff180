package io.llmgw.bench;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.llmgw.authz.AuthzApplication;
import io.llmgw.authz.config.GrpcSecurityConfig;
import io.llmgw.authz.grpc.ServerEventLoops;
import io.llmgw.authz.grpc.ServerSecurity;
import io.llmgw.authz.v1.AuthorizationServiceGrpc;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.tls.DemoCertificates;
import io.llmgw.tls.WatchedTlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a warm {@code Check} round trip against the no-op server spends its time, per
 * transport: for every thread of this JVM (the caller, the client's event loops, the server's
 * event loop), the CPU time, the time spent waiting for a CPU and the context switches per
 * call, read from Linux's {@code /proc/self/task/<tid>/schedstat} and {@code status} before
 * and after a block of calls. The transports alternate block by block, so a change of load on
 * the machine hits each alike. Linux only. Usage: {@code TransportCost [calls per block]
 * [blocks] [noop|service]} (defaults 20000, 3, noop); warm-up is one block per transport.
 * {@code service} calls the real service instead (the shipped bundle named by the system
 * property {@code llmgw.policy.bundle}, decision cache on, decision log to a file, the seed
 * input), which both transports then serve in turn: the TLS ratio of a whole {@code Check}.
 */
public final class TransportCost {

    private TransportCost() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean service = args.length > 2 && args[2].equals("service");
        var certs = new DemoCertificates(Files.createTempDirectory("llmgw-transport-cost"));
        certs.ensure(Clock.systemUTC());
        List<Link> links = List.of(Link.open("plaintext", GrpcSecurityConfig.plaintext(), certs, service),
                Link.open("mtls", GrpcSecurityConfig.mutualTls(certs.caCertificate().getParent(),
                        List.of(DemoCertificates.CLIENT_NAME)), certs, service));
        try {
            for (Link link : links) {
                link.calls(calls, false);
            }
            for (int block = 1; block <= blocks; block++) {
                for (Link link : links) {
                    System.out.printf("block %d, %s%n", block, link.name);
                    link.calls(calls, true);
                }
            }
        } finally {
            links.forEach(Link::close);
        }
    }

    /** One client channel to one server (the no-op one, or the service) on one transport. */
    private record Link(String name, AutoCloseable server, int port, Optional<WatchedTlsFiles> clientFiles,
            ManagedChannel channel, AuthorizationServiceGrpc.AuthorizationServiceBlockingStub stub) {

        static Link open(String name, GrpcSecurityConfig config, DemoCertificates certs, boolean service)
                throws Exception {
            AutoCloseable server;
            int port;
            if (service) {
                AuthzApplication app = CheckBenchmark.startService(Path.of(System.getProperty("llmgw.policy.bundle")),
                        config, true, "file", false);
                server = app;
                port = app.port();
            } else {
                var loops = new ServerEventLoops(Runtime.getRuntime().availableProcessors());
                var security = ServerSecurity.from(config, code -> {});
                Server noop = loops.serverBuilder(new InetSocketAddress("127.0.0.1", 0), security.credentials(), true)
                        .addService(new CheckBenchmark.NoopAuthorization()).build().start();
                server = () -> {
                    noop.shutdownNow();
                    noop.awaitTermination(5, TimeUnit.SECONDS);
                    loops.close();
                    security.close();
                };
                port = noop.getPort();
            }
            Optional<WatchedTlsFiles> files = config.tls()
                    ? Optional.of(WatchedTlsFiles.start(certs.clientCertificate(), certs.clientKey(),
                            certs.caCertificate(), WatchedTlsFiles.Peer.SERVER, Duration.ofSeconds(10), "gateway"))
                    : Optional.empty();
            ChannelCredentials credentials = files.<ChannelCredentials>map(f -> TlsChannelCredentials.newBuilder()
                    .keyManager(f.keyManager()).trustManager(f.trustManager()).build())
                    .orElseGet(InsecureChannelCredentials::create);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port, credentials).build();
            return new Link(name, server, port, files, channel, AuthorizationServiceGrpc.newBlockingStub(channel));
        }

        /** Makes {@code calls} calls; prints latency and per-thread costs when {@code report}. */
        void calls(int calls, boolean report) {
            CheckRequest request = Inputs.check(Inputs.ALIAS);
            Map<String, long[]> before = Threads.sample();
            long[] nanos = new long[calls];
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                stub.withDeadlineAfter(10, TimeUnit.SECONDS).check(request);
                nanos[i] = System.nanoTime() - start;
            }
            if (!report) {
                return;
            }
            Map<String, long[]> after = Threads.sample();
            Arrays.sort(nanos);
            System.out.printf("  p50 %.1f us, p90 %.1f us%n", nanos[calls / 2] / 1e3, nanos[calls * 9 / 10] / 1e3);
            Threads.report(before, after, calls);
        }

        void close() {
            channel.shutdownNow();
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("closing " + name + ": " + e);
            }
            clientFiles.ifPresent(WatchedTlsFiles::close);
        }
    }

    /** Per-thread scheduler counters of this process. */
    private static final class Threads {
        /** Indexes into a sample: CPU ns, run-queue wait ns, voluntary and involuntary switches. */
        private static final int CPU = 0, WAIT = 1, VOLUNTARY = 2, INVOLUNTARY = 3;

        /** Thread name and id to its counters. */
        static Map<String, long[]> sample() {
            Map<String, long[]> threads = new TreeMap<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    try {
                        String[] sched = Files.readString(task.resolve("schedstat")).trim().split(" ");
                        long[] counters = {Long.parseLong(sched[0]), Long.parseLong(sched[1]), 0, 0};
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches:")) {
                                counters[VOLUNTARY] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                                counters[INVOLUNTARY] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            }
                        }
                        threads.put(Files.readString(task.resolve("comm")).trim() + " #" + task.getFileName(), counters);
                    } catch (IOException ended) {
                        // the thread ended between listing and reading: it did no work in the block
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read /proc/self/task (Linux only)", e);
            }
            return threads;
        }

        /** Prints, per call, each thread's counters that moved, grouped by thread name. */
        static void report(Map<String, long[]> before, Map<String, long[]> after, int calls) {
            Map<String, double[]> byName = new TreeMap<>();
            after.forEach((thread, counters) -> {
                long[] start = before.getOrDefault(thread, new long[4]);
                double[] sum = byName.computeIfAbsent(thread.substring(0, thread.lastIndexOf(" #")), n -> new double[4]);
                for (int i = 0; i < 4; i++) {
                    sum[i] += (counters[i] - start[i]) / (double) calls;
                }
            });
            double[] total = new double[4];
            byName.forEach((name, perCall) -> {
                for (int i = 0; i < 4; i++) {
                    total[i] += perCall[i];
                }
                if (perCall[CPU] >= 500) { // at least 0.5 us a call
                    print(name, perCall);
                }
            });
            print("all threads", total);
        }

        private static void print(String name, double[] perCall) {
            System.out.printf("    %-28s cpu %6.1f us  waiting for a cpu %5.1f us  switches %.2f + %.2f forced%n",
                    name, perCall[CPU] / 1e3, perCall[WAIT] / 1e3, perCall[VOLUNTARY], perCall[INVOLUNTARY]);
        }
    }
}
