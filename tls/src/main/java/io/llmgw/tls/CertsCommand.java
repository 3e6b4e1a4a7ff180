package io.llmgw.tls;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certs demo} creates (or keeps) the demo CA and the certificates of the decision
 * link; {@code certs issue} issues one more certificate from a demo CA, e.g. for a second
 * gateway or for tests (an identity not on the allow list, an expired certificate).
 */
@Command(name = "certs", mixinStandardHelpOptions = true, description = "Demo certificates of the gRPC link.",
        subcommands = {CertsCommand.Demo.class, CertsCommand.Issue.class})
public final class CertsCommand {

    /** Runs {@code args} (without the leading {@code certs}); returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new CertsCommand()).execute(args);
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Create the demo CA, server and client certificates in DIR unless they are all there and valid.")
    static final class Demo implements Callable<Integer> {

        @Option(names = "--dir", defaultValue = "demo-certs", description = "folder of the demo set (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public Integer call() throws Exception {
            var demo = new DemoCertificates(dir);
            String reason = demo.ensure(Clock.systemUTC());
            System.out.println(reason.isEmpty()
                    ? "certs: demo CA and certificates in " + dir + " are valid; kept"
                    : "certs: created the demo CA and certificates in " + dir + " (" + reason + ")");
            return 0;
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Issue a certificate from the CA in DIR, writing OUT.pem and OUT-key.pem.")
    static final class Issue implements Callable<Integer> {

        @Option(names = "--dir", defaultValue = "demo-certs", description = "folder of the demo CA (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(names = "--name", required = true, description = "subject CN, also a DNS name of the certificate")
        String name;

        @Option(names = "--dns", split = ",", description = "more DNS names")
        List<String> dns = List.of();

        @Option(names = "--ip", split = ",", description = "IP addresses")
        List<String> ips = List.of();

        @Option(names = "--server", description = "a server certificate (default: a client certificate)")
        boolean server;

        @Option(names = "--days", defaultValue = "90", description = "days of validity (default: ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--expired", description = "valid until a day ago, for tests of refusal")
        boolean expired;

        @Option(names = "--out", required = true, description = "path prefix of the files written")
        Path out;

        @Override
        public Integer call() throws Exception {
            var demo = new DemoCertificates(dir);
            CertificateAuthority ca = CertificateAuthority.load(demo.caCertificate(), demo.caKey());
            Instant now = Instant.now();
            Instant notAfter = expired ? now.minus(Duration.ofDays(1)) : now.plus(Duration.ofDays(days));
            Instant notBefore = expired ? now.minus(Duration.ofDays(2)) : now.minusSeconds(60);
            var names = new ArrayList<>(List.of(name));
            names.addAll(dns);
            ca.issue(name, names, ips, server ? CertificateAuthority.Usage.SERVER : CertificateAuthority.Usage.CLIENT,
                    notBefore, notAfter).write(Path.of(out + ".pem"), Path.of(out + "-key.pem"));
            System.out.println("certs: issued " + (server ? "server" : "client") + " certificate CN=" + name + " -> "
                    + out + ".pem, " + out + "-key.pem (valid until " + notAfter + ")");
            return 0;
        }
    }
}
